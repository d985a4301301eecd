"""Every page route and every shareable URL, in one place.

Pages register themselves with the ``*_ROUTE`` constants; components and share
links build URLs with the functions below, so a URL scheme changes in one file.
Entity URLs carry a numeric id (stable across renames) plus a slug (readable);
only the id is used to look things up, so an old slug still resolves.
"""

from __future__ import annotations

import re

HOME = "/"
BROWSE = "/browse"
SEARCH = "/search"
NOT_FOUND = "/404"

# Dynamic routes. The bracketed name becomes a router param on the root state.
GENRE_ROUTE = "/genre/[genre_slug]"
ARTIST_ROUTE = "/artist/[artist_slug]"
ALBUM_ROUTE = "/album/[album_ref]"
TRACK_ROUTE = "/track/[track_ref]"

ALL_ROUTES = (HOME, BROWSE, SEARCH, NOT_FOUND, GENRE_ROUTE, ARTIST_ROUTE, ALBUM_ROUTE, TRACK_ROUTE)

API_PREFIX = "/api"
API_V1 = "/api/v1"

_REF = re.compile(r"^(\d+)(?:-[a-z0-9-]*)?$")


def genre_url(slug: str) -> str:
    return f"/genre/{slug}"


def artist_url(slug: str) -> str:
    return f"/artist/{slug}"


def album_url(album_id: int, slug: str) -> str:
    return f"/album/{album_id}-{slug}"


def track_url(track_id: int, slug: str) -> str:
    return f"/track/{track_id}-{slug}"


def parse_ref(ref: str | None) -> int | None:
    """The numeric id at the front of ``"12-some-slug"`` (or ``None`` if malformed)."""
    match = _REF.match((ref or "").strip().lower())
    return int(match.group(1)) if match else None


def media_url(key: str | None) -> str | None:
    """Public URL of a cover or artist image held in the media store."""
    return f"{API_V1}/media/{key}" if key else None


def stream_url(track_id: int) -> str:
    return f"{API_V1}/tracks/{track_id}/stream"


def absolute(base_url: str, path: str) -> str:
    """Join the configured public URL and a path (share links, Open Graph tags)."""
    return base_url.rstrip("/") + path
