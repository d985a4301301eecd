"""``stream``, ``download`` and ``getCoverArt``: bytes, not Subsonic documents.

Streaming uses the web player's service (``resolve_stream``: published tracks, or an
artist's own drafts) and its range parser; one range is answered with 206, several with
the whole file (RFC 9110 lets a server ignore ``Range``), a bad one with 416.
``maxBitRate`` picks the closest rendition at or under it; ``format=raw`` and
``download`` always send the original.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fastapi.responses import Response, StreamingResponse

from spoticlone.api.nginx import handed_to_nginx, nginx_location
from spoticlone.api.routers.subsonic.context import Call, endpoint
from spoticlone.api.routers.subsonic.protocol import identifier
from spoticlone.middleware.http_cache import etag_matches
from spoticlone.services.listening.streaming import UnsatisfiableRange, parse_range, resolve_stream
from spoticlone.services.subsonic import covers

CHUNK = 256 * 1024
#: Renditions from the highest bit rate down: (kbps, tier name in ``resolve_stream``).
TIERS = ((320, "high"), (160, "normal"), (96, "low"))


def quality_for(max_bit_rate: int | None, fmt: str | None) -> str:
    """The rendition tier for Subsonic's ``maxBitRate`` (kbps, 0 = no limit) and ``format``."""
    if (fmt or "").lower() == "raw" or not max_bit_rate:
        return "original"
    for kbps, tier in TIERS:
        if max_bit_rate >= kbps:
            return tier
    return "low"


def _read(path: Path, first: int, last: int) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        handle.seek(first)
        remaining = last - first + 1
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


def _send(call: Call, quality: str, download: bool) -> Response:
    track_id = identifier(call.params)
    info = resolve_stream(call.session, track_id=track_id, actor=call.actor, store=call.store, quality=quality)
    headers = {"Accept-Ranges": "bytes", "Cache-Control": "private, max-age=3600",
               "ETag": f'"{info.etag_basis}"', "X-Content-Type-Options": "nosniff"}
    if download:
        suffix = info.key.rsplit(".", 1)[-1] if "." in info.key else "audio"
        headers["Content-Disposition"] = f'attachment; filename="track-{track_id}.{suffix}"'
    location = nginx_location()
    if location:
        return handed_to_nginx(location, info.key, info.mime_type, headers)
    try:
        ranges = parse_range(call.request.headers.get("range"), info.file_size)
    except UnsatisfiableRange as exc:
        return Response(status_code=416, headers={**headers, "Content-Range": f"bytes */{exc.size}"})
    first, last, status = 0, info.file_size - 1, 200
    if ranges is not None and len(ranges) == 1:
        (first, last), status = ranges[0], 206
        headers["Content-Range"] = f"bytes {first}-{last}/{info.file_size}"
    headers["Content-Length"] = str(max(0, last - first + 1))
    if call.request.method == "HEAD":
        return Response(status_code=status, headers=headers, media_type=info.mime_type)
    return StreamingResponse(_read(call.store.path(info.key), first, last), status_code=status,
                             headers=headers, media_type=info.mime_type)


@endpoint("stream")
def stream(call: Call) -> Response:
    quality = quality_for(call.params.integer("maxBitRate", 0, high=10_000), call.params.get("format"))
    return _send(call, quality, download=False)


@endpoint("download")
def download(call: Call) -> Response:
    return _send(call, "original", download=True)


@endpoint("getCoverArt")
def get_cover_art(call: Call) -> Response:
    cover = covers.cover_art(call.session, actor=call.actor, cover_id=call.params.required("id"),
                             size=call.params.integer("size", None, low=1, high=covers.MAX_SIZE), store=call.store)
    return _picture(call, cover)


def _picture(call: Call, cover: covers.Cover) -> Response:
    headers = {"Cache-Control": "private, max-age=86400", "ETag": cover.etag, "X-Content-Type-Options": "nosniff"}
    if etag_matches(call.request.headers.get("if-none-match"), cover.etag):
        return Response(status_code=304, headers=headers)
    if cover.data is not None:
        return Response(cover.data, headers=headers, media_type=cover.mime_type)
    path = cover.path
    assert path is not None
    return StreamingResponse(_read(path, 0, path.stat().st_size - 1), headers=headers, media_type=cover.mime_type)


@endpoint("getAvatar")
def get_avatar(call: Call) -> Response:
    cover = covers.avatar(call.session, username=call.params.required("username"),
                          size=call.params.integer("size", None, low=1, high=covers.MAX_SIZE), store=call.store)
    return _picture(call, cover)
