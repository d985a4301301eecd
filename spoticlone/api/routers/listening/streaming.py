"""Audio streaming: ``GET``/``HEAD /api/v1/tracks/{track_id}/stream``.

The client names a track id, never a path. Access rules and range parsing live in
``spoticlone.services.listening.streaming``; this module only speaks HTTP (RFC 9110 sections
13-14): conditional requests, ``206`` single and ``multipart/byteranges`` bodies,
and ``416`` for ranges the service rejects. ``?quality=`` picks the rendition (the
player sends the listener's setting); the service falls back to the original. Starlette's ``FileResponse`` is not used
because it answers malformed ranges with 400, silently merges overlapping ranges and
ignores ``If-None-Match``.

The path is kept lean because a player sends one range request every few seconds per
listener (``benchmarks/streaming.py`` measures it against nginx): one worker-thread
hop per request for the database lookup and small reads, whole files handed to the
server's ``pathsend``, and no per-request media store.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.utils import format_datetime
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.types import Receive, Scope, Send

from spoticlone.api.auth_deps import actor_of, bearer_token, resolve_caller
from spoticlone.api.deps import get_media_store, get_session, plain_session
from spoticlone.api.errors import error_response
from spoticlone.api.nginx import (
    ACCESS_CHECK_HEADER,
    access_granted,
    handed_to_nginx,
    nginx_location,
)
from spoticlone.api.params import id_path
from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.integrations.media_store import MediaStore
from spoticlone.middleware.http_cache import etag_matches
from spoticlone.services.core.errors import NotFound
from spoticlone.services.listening.streaming import UnsatisfiableRange, parse_range, resolve_stream

# Bodies up to INLINE_MAX (a player's range requests) are read in the same worker-thread
# hop as the database lookup and sent as one message; bigger ones stream in CHUNK_SIZE
# reads, one thread hop each.
INLINE_MAX = 256 * 1024
CHUNK_SIZE = 256 * 1024
# ASGI extension (Granian has it): the server sends a whole file itself, without Python.
PATHSEND = "http.response.pathsend"
# Private even for published tracks: keeps shared caches out of the access decision.
CACHE_CONTROL = "private, max-age=3600"

router = APIRouter(prefix="/api/v1", tags=["tracks"])

TrackIdParam = id_path("The track's id.")
QualityParam = Annotated[Literal["low", "normal", "high", "original"], Query(
    description="low (96 kbps AAC), normal (160 kbps), high (320 kbps) or original (the uploaded "
                "file). A tier the original is already at or under, or whose rendition is not made "
                "yet, is served by the original; `X-Stream-Quality` says what was sent.")]


def _if_range_holds(if_range: str | None, etag: str, last_modified: str) -> bool:
    """RFC 9110 13.1.5: a range applies only if the validator still matches (strongly)."""
    if if_range is None:
        return True
    if_range = if_range.strip()
    if if_range.startswith('"'):
        return if_range == etag
    return not if_range.startswith("W/") and if_range == last_modified


def _read(path: Path, parts: list[tuple[bytes, int, int]], trailer: bytes) -> Iterator[bytes]:
    """Yield each part's header then its bytes ``first..last`` in chunks, then ``trailer``."""
    with open(path, "rb") as handle:
        for header, first, last in parts:
            if header:
                yield header
            handle.seek(first)
            remaining = last - first + 1
            while remaining:
                chunk = handle.read(min(CHUNK_SIZE, remaining))
                if not chunk:
                    raise RuntimeError(f"{path} is shorter than its size when resolved")
                remaining -= len(chunk)
                yield chunk
            if header:
                yield b"\r\n"
    if trailer:
        yield trailer


class _PathSendResponse(Response):
    """The headers, then ``http.response.pathsend``: the server reads and sends the file."""

    def __init__(self, path: Path, *, status_code: int, headers: dict[str, str]):
        super().__init__(status_code=status_code, headers=headers)
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        await send({"type": PATHSEND, "path": str(self.path)})


def _body(ranges, size: int, mime_type: str) -> tuple[int, str, list, bytes]:
    """Status, content type, parts and trailer for ``ranges`` (``None`` = whole file)."""
    if ranges is None:
        return 200, mime_type, [(b"", 0, size - 1)] if size else [], b""
    if len(ranges) == 1:
        return 206, mime_type, [(b"", *ranges[0])], b""
    boundary = secrets.token_hex(16)
    parts = [
        (
            f"--{boundary}\r\nContent-Type: {mime_type}\r\n"
            f"Content-Range: bytes {first}-{last}/{size}\r\n\r\n".encode("latin-1"),
            first,
            last,
        )
        for first, last in ranges
    ]
    return 206, f"multipart/byteranges; boundary={boundary}", parts, f"--{boundary}--\r\n".encode()


def _resolve(request: Request, session: Session, track_id: int, store: MediaStore, quality: str):
    """``resolve_stream`` for this request's caller, who is looked up only when it matters.

    The caller (cookie or bearer) decides whether drafts are visible: an artist streams their
    own unreleased tracks, everyone else gets 404. A published track streams to anyone, so a
    request with only the session cookie (a signed-in player's every range request) is first
    answered as anonymous, without the session check and account load; a bearer token is
    always verified, since a bad one is a 401.
    """
    if bearer_token(request) is None:
        try:
            return resolve_stream(session, track_id=track_id, actor=None, store=store, quality=quality)
        except NotFound:
            if not request.cookies.get(SESSION_COOKIE):
                raise
    actor = actor_of(session, resolve_caller(request, session))
    return resolve_stream(session, track_id=track_id, actor=actor, store=store, quality=quality)


def _plan(
    request: Request,
    track_id: int,
    session_factory: Callable[[], Iterator[Session]],
    store_factory: Callable[[], MediaStore],
    quality: str = "original",
) -> Response:
    """Everything blocking for one request, run in a single worker-thread hop.

    The database session is closed before any body byte is read. Small bodies (a
    player's range requests) are read here too and sent as one message; whole files
    go out through the server's ``pathsend`` when it offers one (Granian does), and
    anything else streams in ``CHUNK_SIZE`` reads.
    """
    store = store_factory()
    with contextmanager(session_factory)() as session:
        info = _resolve(request, session, track_id, store, quality)
    etag = f'"{info.etag_basis}"'
    last_modified = format_datetime(info.last_modified, usegmt=True)
    headers = {
        "Accept-Ranges": "bytes",
        "Cache-Control": CACHE_CONTROL,
        "ETag": etag,
        "Last-Modified": last_modified,
        "X-Content-Type-Options": "nosniff",
        "X-Stream-Quality": info.quality,
    }
    request_headers = request.headers
    if etag_matches(request_headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    location = nginx_location()
    if location:
        if request_headers.get(ACCESS_CHECK_HEADER) == "1":
            return access_granted(info.key, info.mime_type, info.quality)
        return handed_to_nginx(location, info.key, info.mime_type, headers)
    range_header = request_headers.get("range")
    if not _if_range_holds(request_headers.get("if-range"), etag, last_modified):
        range_header = None
    try:
        ranges = parse_range(range_header, info.file_size)
    except UnsatisfiableRange as exc:
        return error_response(
            416, exc.message, {**headers, "Content-Range": f"bytes */{exc.size}"}
        )
    status, content_type, parts, trailer = _body(ranges, info.file_size, info.mime_type)
    length = sum(len(h) + last - first + 1 + (2 if h else 0) for h, first, last in parts)
    length += len(trailer)
    headers["Content-Type"] = content_type
    headers["Content-Length"] = str(length)
    if status == 206 and len(parts) == 1:
        headers["Content-Range"] = f"bytes {parts[0][1]}-{parts[0][2]}/{info.file_size}"
    if request.method == "HEAD":
        return Response(status_code=status, headers=headers)
    path = store.path(info.key)
    if length <= INLINE_MAX:
        return Response(b"".join(_read(path, parts, trailer)), status_code=status, headers=headers)
    if status == 200 and PATHSEND in (request.scope.get("extensions") or {}):
        return _PathSendResponse(path, status_code=status, headers=headers)
    return StreamingResponse(_read(path, parts, trailer), status_code=status, headers=headers)


@router.get(
    "/tracks/{track_id}/stream",
    summary="Stream a track's audio",
    description=(
        "The audio file of a published track, or of an unreleased one to its own artist "
        "(and administrators) when signed in with a bearer token or the session cookie. "
        "Supports `Range` (single and multiple "
        "byte ranges, answered with 206), `If-Range`, and `If-None-Match` (304). "
        "A malformed or unsatisfiable range gets 416 with `Content-Range: bytes */SIZE`."
    ),
    responses={
        200: {"content": {"audio/*": {}}, "description": "The whole file."},
        206: {"description": "The requested byte range(s)."},
        304: {"description": "Not modified."},
        401: {"description": "The bearer token is invalid or expired."},
        404: {"description": "Unknown track, or not streamable by you."},
        416: {"description": "Malformed or unsatisfiable range."},
    },
    response_class=Response,
    # Authentication is optional and resolved inside ``_plan`` (no FastAPI dependency),
    # so the schemes are declared by hand; ``{}`` means "anonymous works too".
    openapi_extra={"security": [{"bearer": []}, {"session_cookie": []}, {}]},
)
async def stream_track(track_id: TrackIdParam, request: Request, quality: QualityParam = "original"):
    # Async on purpose: FastAPI runs a sync route and each sync dependency in a worker
    # thread of its own (five thread hops per range request, each a GIL hand-over);
    # ``_plan`` does all of it in one. The dependencies are ``get_session`` (as ``plain_session``) and
    # ``get_media_store``, or whatever the app overrides them with (tests do).
    overrides = getattr(request.app, "dependency_overrides", None) or {}
    return await run_in_threadpool(
        _plan,
        request,
        track_id,
        overrides.get(get_session, plain_session),
        overrides.get(get_media_store, get_media_store),
        quality,
    )


router.add_api_route(
    "/tracks/{track_id}/stream", stream_track, methods=["HEAD"], include_in_schema=False
)
