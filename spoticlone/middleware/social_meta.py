"""ASGI middleware that gives shared page links real previews.

Installed as the last Reflex ``api_transformer`` so it wraps everything, including
the compiled frontend. For ``GET``/``HEAD`` on a page path (see
``page_meta.match_page``) it asks the inner app for plain HTML, buffers it, looks the
entity up in a worker thread, and rewrites ``<head>`` with Open Graph and Twitter
tags. Unknown entities keep the HTML but get status 404 so crawlers drop the URL;
a page only its signed-in viewer may read (their private playlist) keeps the plain
HTML with status 200 for them, marked private so no shared cache keeps it.
Every other request - assets, the API, websockets, streams - passes through
untouched and unbuffered.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import logging
import zlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sqlmodel import Session

from spoticlone.config import get_settings
from spoticlone.cookies import token_from_header
from spoticlone.db import session_scope
from spoticlone.middleware import page_meta
from spoticlone.middleware.http_cache import etag_matches

logger = logging.getLogger(__name__)

ASGIApp = Callable[..., Any]
MAX_BUFFER = 2 * 1024 * 1024  # an HTML shell is tens of KiB; anything bigger streams on
# Stripped before the inner app sees a page request: we must get a full, identity-coded
# 200 body to rewrite, and conditional answers are computed on the rewritten body.
_STRIPPED_REQUEST_HEADERS = {b"accept-encoding", b"if-none-match", b"if-modified-since",
                             b"range", b"if-range"}
_STALE_RESPONSE_HEADERS = {b"content-length", b"content-encoding", b"etag", b"last-modified"}
_NOT_FOUND = object()
# The answer to a page without a public preview depends on who asks (404 for strangers,
# 200 for the owner): shared caches must neither keep it nor hand one to the other.
_PER_VIEWER_HEADERS = [(b"cache-control", b"private, no-cache"), (b"vary", b"Cookie")]


def social_meta_middleware(
    app: ASGIApp,
    *,
    session_factory: Callable[[], AbstractContextManager[Session]] = session_scope,
) -> ASGIApp:
    """Wrap ``app``; usable directly as a Reflex ``api_transformer`` callable."""
    return SocialMetaMiddleware(app, session_factory=session_factory)


def _route_path(scope: dict) -> str:
    path, root = scope.get("path", ""), scope.get("root_path", "")
    if root and path.startswith(root):
        return path[len(root):] or "/"
    return path


def _header(headers: list, name: bytes) -> str:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


class SocialMetaMiddleware:
    """Pure ASGI (not ``BaseHTTPMiddleware``) so pass-through requests stay streaming."""

    def __init__(self, app: ASGIApp, *, session_factory=session_scope):
        self.app = app
        self.session_factory = session_factory

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        ref = page_meta.match_page(_route_path(scope))
        if ref is None:
            await self.app(scope, receive, send)
            return
        await _PageRewrite(self, scope, ref, send).run(receive)

    def lookup(self, ref: page_meta.PageRef):
        """Blocking entity lookup with its own short session (run in a thread)."""
        with self.session_factory() as session:
            meta = page_meta.lookup(session, ref, get_settings().public_url)
        return _NOT_FOUND if meta is None else meta

    def readable_by_viewer(self, ref: page_meta.PageRef, session_token: str | None) -> bool:
        """Blocking check that the signed-in viewer may open a page with no public preview."""
        with self.session_factory() as session:
            return page_meta.readable_by_viewer(session, ref, session_token)


class _PageRewrite:
    """One page request: ask for plain HTML, buffer it, rewrite it, send it on."""

    def __init__(self, owner: SocialMetaMiddleware, scope, ref, send):
        self.owner, self.scope, self.ref, self.send = owner, scope, ref, send
        self.is_head = scope["method"] == "HEAD"
        self.if_none_match = _header(scope.get("headers", []), b"if-none-match")
        self.session_token = token_from_header(_header(scope.get("headers", []), b"cookie"))
        self.start: dict | None = None
        self.chunks: list[bytes] = []
        self.size = 0
        self.passing = False

    async def run(self, receive) -> None:
        headers = [(k, v) for k, v in self.scope.get("headers", [])
                   if k.lower() not in _STRIPPED_REQUEST_HEADERS]
        extensions = {k: v for k, v in (self.scope.get("extensions") or {}).items()
                      if k != "http.response.pathsend"}  # we need the bytes, not a path
        # HEAD is asked as GET so we know the rewritten length; the body is dropped below.
        inner = {**self.scope, "method": "GET", "headers": headers, "extensions": extensions}
        await self.owner.app(inner, receive, self._on_message)

    async def _on_message(self, message: dict) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            self.start = message
            headers = message.get("headers", [])
            encoding = _header(headers, b"content-encoding").lower()
            rewritable = (
                message["status"] == 200
                and _header(headers, b"content-type").lower().startswith("text/html")
                and encoding in ("", "identity", "gzip", "deflate")
            )
            if not rewritable:
                await self._start_passing()
        elif self.passing:
            await self._forward(message)
        elif kind == "http.response.body":
            self.chunks.append(message.get("body", b""))
            self.size += len(self.chunks[-1])
            if not message.get("more_body", False):
                await self._finish()
            elif self.size > MAX_BUFFER:
                logger.warning("page %s too large to rewrite; streaming it as is",
                               self.scope.get("path"))
                await self._start_passing()
        elif kind == "http.response.pathsend":
            self.chunks.append(await asyncio.to_thread(Path(message["path"]).read_bytes))
            await self._finish()
        else:
            await self.send(message)

    async def _start_passing(self) -> None:
        self.passing = True
        assert self.start is not None
        await self.send(self.start)
        if self.chunks:
            await self._forward({"type": "http.response.body", "body": b"".join(self.chunks),
                                 "more_body": True})
            self.chunks = []

    async def _forward(self, message: dict) -> None:
        if not self.is_head or message["type"] != "http.response.body":
            await self.send(message)
        elif not message.get("more_body", False):
            await self.send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _finish(self) -> None:
        assert self.start is not None
        raw = b"".join(self.chunks)
        headers = list(self.start.get("headers", []))
        try:
            html_bytes = _decode_body(raw, _header(headers, b"content-encoding").lower())
            meta = await asyncio.to_thread(self.owner.lookup, self.ref)
        except Exception:
            logger.exception("could not build link preview for %s", self.scope.get("path"))
            await self._send_original(self.start["status"], headers, raw)
            return
        if meta is _NOT_FOUND:
            await self._send_not_found(headers, raw)
            return
        if isinstance(meta, page_meta.Moved):
            location = meta.location.encode("latin-1", errors="strict")
            await self.send({"type": "http.response.start", "status": 301,
                             "headers": [(b"location", location), (b"content-length", b"0"),
                                         (b"cache-control", b"no-cache")]})
            await self.send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        charset = _charset(_header(headers, b"content-type"))
        document = html_bytes.decode(charset, errors="surrogateescape")
        body = page_meta.inject(document, meta).encode(charset, errors="surrogateescape")
        etag = f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'
        kept = [(k, v) for k, v in headers if k.lower() not in _STALE_RESPONSE_HEADERS]
        kept.append((b"etag", etag.encode()))
        if self.if_none_match and etag_matches(self.if_none_match, etag):
            kept = [(k, v) for k, v in kept if k.lower() != b"content-type"]
            await self._send_original(304, kept, b"", with_length=False)
            return
        await self._send_original(200, [*kept, (b"content-length", str(len(body)).encode())],
                                  body, with_length=False)

    async def _send_not_found(self, headers: list, raw: bytes) -> None:
        """404 with the untouched shell, unless the signed-in viewer may read the page.

        Even the anonymous 404 varies by cookie: a cache in front must not keep a
        stranger's 404 and hand it to the owner.
        """
        readable = False
        if self.session_token is not None:
            try:
                readable = await asyncio.to_thread(self.owner.readable_by_viewer, self.ref,
                                                   self.session_token)
            except Exception:
                logger.exception("could not check who may open %s", self.scope.get("path"))
        kept = [(k, v) for k, v in headers if k.lower() not in (b"cache-control", b"vary")]
        await self._send_original(200 if readable else 404, [*kept, *_PER_VIEWER_HEADERS], raw)

    async def _send_original(self, status: int, headers: list, body: bytes,
                             with_length: bool = True) -> None:
        if with_length:
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
        await self.send({**self.start, "status": status, "headers": headers})
        await self.send({"type": "http.response.body",
                         "body": b"" if self.is_head or status == 304 else body,
                         "more_body": False})


def _decode_body(raw: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(raw)
    if encoding == "deflate":
        return zlib.decompress(raw)
    return raw


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip("\"'")
    return "utf-8"
