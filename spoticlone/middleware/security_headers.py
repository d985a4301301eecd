"""Security headers on every HTTP response of the single-port server (pages, assets, API).

Installed as the outermost Reflex ``api_transformer``, so it sees what the browser
gets: the compiled pages (after ``social_meta`` rewrote their ``<head>``), static
assets, ``/_upload``, the API and the audio streams. Websockets pass untouched.

The Content-Security-Policy is what the production Reflex build needs, and no more:

- ``script-src 'self' 'unsafe-eval' 'sha256-...'``: the bundles are same-origin;
  Reflex runs ``rx.call_script`` payloads (the player) with ``eval``, so
  ``'unsafe-eval'`` cannot go. The pre-rendered pages carry a handful of inline
  scripts (theme bootstrap, React Router's context and hydration stream); instead
  of ``'unsafe-inline'`` each HTML response lists the SHA-256 of exactly the inline
  scripts it contains, computed here from the body. An injected ``<script>`` or
  ``onerror=`` attribute therefore does not run.
- ``style-src 'self' 'unsafe-inline'``: Radix and Emotion insert ``<style>`` elements
  and style attributes at run time.
- ``connect-src 'self'`` plus the ``ws(s)://`` form of the public origin: the event
  websocket (``/_event``) and fetches to ``/api``; older browsers do not let
  ``'self'`` cover ``ws:``.
- ``img-src 'self' data: blob:`` (covers, avatars, inline SVG icons, local previews),
  ``media-src 'self' blob:`` (the audio stream), ``font-src 'self' data:``.
- ``object-src 'none'``, ``base-uri 'self'``, ``form-action 'self'``,
  ``frame-ancestors 'none'`` (with ``X-Frame-Options: DENY`` for old browsers).

Swagger UI and ReDoc (``/api/docs``, ``/api/redoc``) are served from the app itself
(``api/docs.py``), so they need no outside host; ReDoc gets a ``blob:`` worker.

A header the route already set wins over the site-wide value: the media route's
``default-src 'none'; sandbox`` policy for user images must reach the browser as is.

Only HTML the app itself produced is hashed: the compiled pages and the API docs.
Anything under Reflex's public ``/_upload`` folder (which any client can write to) or
another ``/api`` path gets no script hashes at all, and ``/_upload`` is also
``sandbox``-ed, so an uploaded HTML file can never run script on our origin.

Hashing needs the whole HTML body. Page shells are tens of KiB; bodies over
``MAX_HTML`` or in an encoding we cannot read (brotli, zstd) fall back to
``'unsafe-inline'`` with a warning rather than breaking the page.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import logging
import zlib
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import anyio

from spoticlone import routes
from spoticlone.config import get_settings

logger = logging.getLogger(__name__)

ASGIApp = Callable[..., Any]
MAX_HTML = 4 * 1024 * 1024
DOCS_PATHS = frozenset({f"{routes.API_PREFIX}/docs", f"{routes.API_PREFIX}/redoc"})
UPLOAD_PREFIX = "/_upload"

PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(self), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(self), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), usb=()"
)


def websocket_origin(public_origin: str) -> str:
    """``http://host:port`` -> ``ws://host:port`` (``https`` -> ``wss``)."""
    parts = urlsplit(public_origin)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}"


def _trusted_html(path: str) -> bool:
    """Whether inline scripts in HTML at ``path`` are the app's own (pages and API docs)."""
    if path == UPLOAD_PREFIX or path.startswith(UPLOAD_PREFIX + "/"):
        return False
    return not path.startswith(routes.API_PREFIX + "/") or path in DOCS_PATHS


def content_security_policy(
    *, public_origin: str, script_hashes: list[str] | None = None, docs: bool = False, https: bool = False,
    sandbox: bool = False,
) -> str:
    """The policy for one response. ``script_hashes=None`` means "could not hash": allow inline."""
    if script_hashes is None:
        inline = ["'unsafe-inline'"]
    else:
        inline = [f"'sha256-{digest}'" for digest in script_hashes]
    script = ["'self'", "'unsafe-eval'", *inline]
    style = ["'self'", "'unsafe-inline'"]
    img = ["'self'", "data:", "blob:"]
    extra = []
    if docs:
        extra.append("worker-src 'self' blob:")
    directives = [
        "default-src 'self'",
        f"script-src {' '.join(script)}",
        f"style-src {' '.join(style)}",
        f"img-src {' '.join(img)}",
        "media-src 'self' blob:",
        "font-src 'self' data:",
        f"connect-src 'self' {websocket_origin(public_origin)}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        *extra,
    ]
    if sandbox:
        directives.append("sandbox")
    if https:
        directives.append("upgrade-insecure-requests")
    return "; ".join(directives)


class _InlineScripts(HTMLParser):
    """Collects the text of every ``<script>`` without ``src`` (what a hash must match)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script" and not any(name == "src" for name, _ in attrs):
            self._current = []

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def inline_script_hashes(html: str) -> list[str]:
    """Base64 SHA-256 of each inline script, as CSP ``'sha256-...'`` sources expect.

    Browsers hash the script text after normalising newlines to ``\\n``.
    """
    parser = _InlineScripts()
    parser.feed(html.replace("\r\n", "\n").replace("\r", "\n"))
    parser.close()
    seen: dict[str, None] = {}
    for script in parser.scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        seen.setdefault(digest, None)
    return list(seen)


def _decode(body: bytes, encoding: str) -> bytes | None:
    encoding = encoding.strip().lower()
    try:
        if encoding in ("", "identity"):
            return body
        if encoding in ("gzip", "x-gzip"):
            return gzip.decompress(body)
        if encoding == "deflate":
            return zlib.decompress(body)
    except (OSError, EOFError, zlib.error):
        return None
    return None


def _header(headers: list, name: bytes) -> str:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


class SecurityHeadersMiddleware:
    """Pure ASGI, so streamed and ``pathsend`` responses pass through unbuffered."""

    def __init__(self, app: ASGIApp):
        self.app = app

    def _static_headers(self) -> list[tuple[bytes, bytes]]:
        settings = get_settings()
        headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
            (b"x-frame-options", b"DENY"),
            (b"permissions-policy", PERMISSIONS_POLICY.encode()),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if settings.cookie_secure:
            headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
        return headers

    def _csp(self, path: str, hashes: list[str] | None) -> bytes:
        settings = get_settings()
        return content_security_policy(
            public_origin=settings.public_origin, script_hashes=hashes, docs=path in DOCS_PATHS,
            https=settings.cookie_secure, sandbox=path.startswith(UPLOAD_PREFIX),
        ).encode()

    def _with_headers(
        self, headers: list, path: str, hashes: list[str] | None, *, csp: bool = True
    ) -> list:
        """Add each site-wide header the response does not already carry.

        Route-specific headers win: a route that set its own (stricter) policy knows
        what it serves, and a second copy would not loosen it anyway.
        """
        present = {name.lower() for name, _ in headers}
        ours = self._static_headers()
        if csp and b"content-security-policy" not in present:
            ours.append((b"content-security-policy", self._csp(path, hashes)))
        return list(headers) + [(k, v) for k, v in ours if k not in present]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        state: dict[str, Any] = {"start": None, "chunks": [], "size": 0, "buffering": False}

        async def flush(hashes: list[str] | None, more_body: bool) -> None:
            start = state["start"]
            start["headers"] = self._with_headers(list(start.get("headers", [])), path, hashes)
            await send(start)
            body = b"".join(state["chunks"])
            state["chunks"], state["buffering"] = [], False
            await send({"type": "http.response.body", "body": body, "more_body": more_body})

        async def send_wrapper(message) -> None:
            kind = message["type"]
            if kind == "http.response.start":
                headers = list(message.get("headers", []))
                is_html = _header(headers, b"content-type").lower().startswith("text/html")
                if is_html and scope.get("method") != "HEAD" and _trusted_html(path):
                    state["start"], state["buffering"] = {**message, "headers": headers}, True
                    return
                if message.get("status") == 304:
                    # A 304 refreshes the headers of the browser's cached copy: a CSP here
                    # would replace the cached page's script hashes with none and block
                    # its inline scripts. The cached copy already carries the right CSP.
                    await send({**message, "headers": self._with_headers(headers, path, [], csp=False)})
                    return
                await send({**message, "headers": self._with_headers(headers, path, [])})
                return
            if kind == "http.response.pathsend" and state["buffering"]:
                # Granian's zero-copy file send: the body never passes through us, so read
                # the (small, size-capped) HTML file ourselves to hash its scripts.
                message = {"type": "http.response.body", "body": await _read_file(message["path"]),
                           "more_body": False}
                kind = message["type"]
            if kind == "http.response.body" and state["buffering"]:
                state["chunks"].append(message.get("body", b""))
                state["size"] += len(message.get("body", b""))
                more = message.get("more_body", False)
                if state["size"] > MAX_HTML:
                    logger.warning("HTML response on %s too large to hash; allowing inline scripts", path)
                    await flush(None, more)
                    return
                if not more:
                    await flush(self._hashes(state), False)
                return
            await send(message)

        await self.app(scope, receive, send_wrapper)

    def _hashes(self, state: dict[str, Any]) -> list[str] | None:
        body = b"".join(state["chunks"])
        encoding = _header(state["start"]["headers"], b"content-encoding")
        decoded = _decode(body, encoding)
        if decoded is None:
            logger.warning("cannot read %r-encoded HTML to hash its scripts; allowing inline scripts", encoding)
            return None
        return inline_script_hashes(decoded.decode("utf-8", errors="replace"))


async def _read_file(path: str) -> bytes:
    return await anyio.Path(path).read_bytes()


def security_headers_middleware(app: ASGIApp) -> ASGIApp:
    """Wrap ``app``; usable directly as a Reflex ``api_transformer`` callable."""
    return SecurityHeadersMiddleware(app)
