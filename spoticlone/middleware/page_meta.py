"""What a shared link should show: titles, descriptions and images for page URLs.

Crawlers (chat apps, social networks, search engines) do not run JavaScript, so the
compiled single-page app alone gives every album the same generic preview. These
pure functions find the entity behind a page path through the catalog services and
rewrite the ``<head>`` of the HTML shell; ``social_meta`` does the ASGI plumbing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from spoticlone import routes
from spoticlone.branding import SITE_NAME, kind_label
from spoticlone.services.accounts import profiles
from spoticlone.services.auth.sessions import user_for_token
from spoticlone.services.catalog import browse
from spoticlone.services.core.actor import load_actor
from spoticlone.services.core.errors import NotFound
from spoticlone.services.insight import year_review
from spoticlone.services.library.playlists import manage
from spoticlone.services.studio import profile as artist_profiles

SITE_DESCRIPTION = "Stream, discover and share music on Spoticlone."
DESCRIPTION_LIMIT = 200

_ENTITY_PATH = re.compile(r"^/(genre|artist|album|track|user|playlist|wrapped)/([^/]+)$")


@dataclass(frozen=True)
class PageRef:
    """A page path recognised as one that gets a preview."""

    kind: str  # home, browse, genre, artist, album, track, user, playlist
    value: str | None = None


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    url: str
    og_type: str
    image: str | None = None
    html_title: str | None = None


@dataclass(frozen=True)
class Moved:
    """The page lives at another address now (an artist who changed their URL): a 301 there."""

    location: str


def match_page(path: str) -> PageRef | None:
    """The page a request path points at, or ``None`` for anything else (assets, API)."""
    path = path.rstrip("/") or "/"
    if path == routes.HOME:
        return PageRef("home")
    if path == routes.BROWSE:
        return PageRef("browse")
    match = _ENTITY_PATH.match(path)
    return PageRef(match.group(1), match.group(2)) if match else None


def _truncate(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def _join(*parts: object) -> str:
    return " · ".join(str(p) for p in parts if p not in (None, ""))


def _songs(count: int) -> str:
    return f"{count} song" if count == 1 else f"{count} songs"


def _artist_moved_to(session: Session, slug: str) -> str | None:
    """Where an artist's old URL points now, so links shared before a rename keep working."""
    try:
        browse.artist_id_for_slug(session, slug=slug)
        return None
    except NotFound:
        current = artist_profiles.current_slug(session, slug=slug)
        return routes.artist_url(current) if current else None


def lookup(session: Session, ref: PageRef, base_url: str) -> PageMeta | Moved | None:
    """Meta for ``ref``; ``None`` when the entity does not exist (or is not public); ``Moved``
    when an artist's page moved to a new slug."""
    def url(path: str | None) -> str | None:
        return routes.absolute(base_url, path) if path else None

    try:
        if ref.kind == "home":
            return PageMeta(SITE_NAME, SITE_DESCRIPTION, url(routes.HOME), "website",
                            html_title=SITE_NAME)
        if ref.kind == "browse":
            return PageMeta("Browse", "Browse genres, artists and albums on Spoticlone.",
                            url(routes.BROWSE), "website")
        if ref.kind == "genre":
            genre = browse.get_genre(session, slug=ref.value or "")
            covers = browse.list_albums(session, genre_slug=genre.slug, page_size=1).items
            return PageMeta(
                genre.name,
                _truncate(genre.description)
                or f"{_songs(genre.track_count)} of {genre.name} on Spoticlone.",
                url(genre.url), "website", image=url(covers[0].cover_url) if covers else None,
            )
        if ref.kind == "artist":
            moved_to = _artist_moved_to(session, ref.value or "")
            if moved_to is not None:
                return Moved(moved_to)
            artist = browse.get_artist(session, slug=ref.value or "", top_tracks=0).artist
            return PageMeta(
                artist.name,
                _truncate(artist.bio) or _join("Artist", _songs(artist.track_count)),
                url(artist.url), "profile", image=url(artist.image_url),
            )
        if ref.kind == "user":
            # Only what the public profile shows: never email, phone or date of birth.
            profile = profiles.public_profile(session, ref.value or "")
            artist = f"Artist page: {profile.artist.name}" if profile.artist else None
            return PageMeta(
                profile.display_name,
                _join(f"@{profile.username} on {SITE_NAME}", artist),
                url(profile.url), "profile", image=url(profile.avatar_url),
            )
        if ref.kind == "wrapped":
            return _wrapped(session, ref.value or "", url)
        entity_id = routes.parse_ref(ref.value)
        if entity_id is None:
            return None
        if ref.kind == "album":
            album = browse.get_album(session, album_id=entity_id).album
            return PageMeta(
                album.title,
                _join(kind_label(album.kind), album.artist.name, album.year,
                      _songs(album.track_count)),
                url(album.url), "music.album", image=url(album.cover_url),
                html_title=f"{album.title} - {album.artist.name} | {SITE_NAME}",
            )
        if ref.kind == "playlist":
            # Read as an anonymous visitor: a private playlist is NotFound, so it gets no preview.
            playlist = manage.get_playlist(session, actor=None, playlist_id=entity_id)
            return PageMeta(
                playlist.name,
                _truncate(_join(f"Playlist by {playlist.owner.display_name}", _songs(playlist.track_count),
                                playlist.description)),
                url(playlist.url), "music.playlist", image=url(playlist.cover_url),
                html_title=f"{playlist.name} - playlist by {playlist.owner.display_name} | {SITE_NAME}",
            )
        if ref.kind == "track":
            track = browse.get_track(session, track_id=entity_id)
            return PageMeta(
                track.title,
                _join("Song", track.artist.name, track.album_title,
                      track.release_date.year if track.release_date else None),
                url(track.url), "music.song", image=url(track.cover_url),
                html_title=f"{track.title} - {track.artist.name} | {SITE_NAME}",
            )
    except NotFound:
        return None
    return None


def readable_by_viewer(session: Session, ref: PageRef, session_token: str | None) -> bool:
    """Whether the signed-in viewer behind ``session_token`` may open a page that has no
    public preview: their own (or a shared) private playlist.

    ``lookup`` reads as an anonymous visitor, so such a page is "not found" for a crawler;
    its owner opening the same link must still get 200. The playlist service decides who
    may read it, exactly as it does for the page's own data.
    """
    if ref.kind != "playlist" or not session_token:
        return False
    playlist_id = routes.parse_ref(ref.value)
    user_id = user_for_token(session, token=session_token)
    if playlist_id is None or user_id is None:
        return False
    try:
        manage.get_playlist(session, actor=load_actor(session, user_id), playlist_id=playlist_id)
    except NotFound:
        return False
    return True


def _wrapped(session: Session, token: str, url: Callable[[str | None], str | None]) -> PageMeta:
    """A year in review its listener shared: their name, the headline figures, the card as image."""
    shared = year_review.shared_review(session, token=token)
    review = shared.review
    top = review.top_artists[0].name if review.top_artists else None
    return PageMeta(
        f"{shared.listener_name}’s {review.year} in music",
        _truncate(_join(f"{review.minutes:,} minutes listened", f"Top artist: {top}" if top else None,
                        f"{review.new_artists:,} new artist" + ("" if review.new_artists == 1 else "s")
                        if review.new_artists else None)),
        url(routes.wrapped_url(token)), "website", image=url(routes.wrapped_card_url(token)),
    )


# HTML rewriting.

_HEAD = re.compile(r"<head\b[^>]*>(.*?)</head\s*>", re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"<title\b[^>]*>.*?</title\s*>", re.IGNORECASE | re.DOTALL)
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([^\s=/>"']+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>"']+))?""")
_MANAGED = {
    "description", "og:title", "og:description", "og:image", "og:url", "og:type",
    "og:site_name", "twitter:card", "twitter:title", "twitter:description", "twitter:image",
}


def _meta_key(tag: str) -> str:
    attrs = {}
    for name, value in _ATTR.findall(tag[len("<meta"):]):
        attrs[name.lower()] = html.unescape(value.strip("\"'"))
    return (attrs.get("property") or attrs.get("name") or "").strip().lower()


def _is_managed(key: str) -> bool:
    # og:image:width and friends describe the image we are replacing, so they go too.
    return key in _MANAGED or key.startswith(("og:image:", "twitter:image:"))


def render_tags(meta: PageMeta) -> str:
    """The ``<title>`` and meta tags for ``meta``, every value HTML-escaped."""
    def esc(value: str) -> str:
        return html.escape(value, quote=True)

    card = "summary_large_image" if meta.image else "summary"
    pairs = [
        ("name", "description", meta.description),
        ("property", "og:title", meta.title),
        ("property", "og:description", meta.description),
        ("property", "og:type", meta.og_type),
        ("property", "og:url", meta.url),
        ("property", "og:site_name", SITE_NAME),
        ("property", "og:image", meta.image),
        ("name", "twitter:card", card),
        ("name", "twitter:title", meta.title),
        ("name", "twitter:description", meta.description),
        ("name", "twitter:image", meta.image),
    ]
    title = meta.html_title or f"{meta.title} | {SITE_NAME}"
    lines = [f"<title>{esc(title)}</title>"]
    lines += [
        f'<meta {attr}="{key}" content="{esc(value)}">' for attr, key, value in pairs if value
    ]
    return "".join(lines)


def inject(document: str, meta: PageMeta) -> str:
    """``document`` with our tags in ``<head>`` replacing any same-named ones.

    Only the head is touched, so text in the body (or a script mentioning
    ``<meta``) can never be rewritten. A document without a head is returned as is.
    """
    head = _HEAD.search(document)
    if head is None:
        return document
    inner = _TITLE.sub("", head.group(1))
    inner = _META.sub(lambda m: "" if _is_managed(_meta_key(m.group(0))) else m.group(0), inner)
    start, end = head.span(1)
    return document[:start] + inner + render_tags(meta) + document[end:]
