"""Request metrics, websocket sessions, request ids and the ``/metrics`` page, for the whole app.

Installed as the outermost ``api_transformer`` (``spoticlone.py``), so it times what a
client waits for (pages, assets, API, streams until their last byte) and sees the status
every other layer settled on. For each HTTP request it:

- gives the request an id (a sane ``X-Request-Id`` from the client or proxy is kept,
  anything else is replaced), puts it in ``logs.REQUEST_ID`` for the JSON logs and
  returns it as ``X-Request-Id``;
- counts it under its route template (``route_labels``), never its raw path;
- counts an exception that escapes the app (which the server turns into a 500).

Websockets on Reflex's ``/_event`` are counted while they are open.

``GET /metrics`` answers only a scrape that ``services.admin.metrics.access_allowed`` lets
in (the Bearer token, or an address in ``SPOTICLONE_METRICS_ALLOW``); any other request
goes on to the app like an unknown path and gets the same 404, so the page is not
advertised. The job queue depth is read at scrape time, off the event loop.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import anyio

from spoticlone.config import get_settings, parse_networks
from spoticlone.logs import REQUEST_ID
from spoticlone.middleware.route_labels import METRICS_PATH, RouteLabels
from spoticlone.services.admin import metrics

ASGIApp = Callable[..., Any]
REQUEST_ID_HEADER = b"x-request-id"
EVENT_PATH = "/_event"
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


def request_id_from(headers: list[tuple[bytes, bytes]]) -> str:
    """The caller's request id when it is a plain token, else a new random one."""
    for name, value in headers:
        if name.lower() == REQUEST_ID_HEADER:
            text = value.decode("latin-1")
            if _SANE_REQUEST_ID.match(text):
                return text
            break
    return uuid.uuid4().hex


def _header_map(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for raw_name, raw_value in headers:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        merged[name] = f"{merged[name]},{value}" if name in merged else value
    return merged


def _queue_depth() -> int | None:
    from spoticlone.jobs import queue

    try:
        return int(queue.pending_count())
    except Exception:  # noqa: BLE001 - a queue that does not answer is reported as NaN, not as a failed scrape
        return None


class MetricsMiddleware:
    """The ASGI middleware; ``metrics_middleware`` is its ``api_transformer`` form."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.labels = RouteLabels()
        metrics.count_logged_exceptions()

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _http(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        path = scope.get("path", "")
        if path == METRICS_PATH and scope.get("method") == "GET" and self._may_scrape(scope):
            await self._serve_metrics(send)
            return
        request_id = request_id_from(scope.get("headers") or [])
        token = REQUEST_ID.set(request_id)
        status: int | None = None

        async def send_with_id(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != REQUEST_ID_HEADER]
                message = {**message, "headers": [*headers, (REQUEST_ID_HEADER, request_id.encode())]}
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            metrics.count_unhandled_exception()
            if status is None:
                status = 500
            raise
        finally:
            metrics.observe_request(scope.get("method", ""), self.labels.label(path), status,
                                    time.perf_counter() - started)
            REQUEST_ID.reset(token)

    def _may_scrape(self, scope: dict[str, Any]) -> bool:
        settings = get_settings()
        client = scope.get("client")
        return metrics.access_allowed(
            peer=client[0] if client else None,
            headers=_header_map(scope.get("headers") or []),
            token=settings.metrics_token.get_secret_value() if settings.metrics_token else None,
            allow=parse_networks(settings.metrics_allow),
            trusted_proxies=settings.trusted_proxy_networks,
        )

    async def _serve_metrics(self, send: Callable[..., Any]) -> None:
        metrics.set_job_queue_depth(await anyio.to_thread.run_sync(_queue_depth))
        body = metrics.render()
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", metrics.CONTENT_TYPE.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
        ]})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    async def _websocket(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        path = scope.get("path", "")
        if not (path == EVENT_PATH or path.startswith(EVENT_PATH + "/")):
            await self.app(scope, receive, send)
            return
        accepted = False

        async def watch_accept(message: dict[str, Any]) -> None:
            nonlocal accepted
            if message["type"] == "websocket.accept" and not accepted:
                accepted = True
                metrics.websocket_opened()
            await send(message)

        token = REQUEST_ID.set(request_id_from(scope.get("headers") or []))
        try:
            await self.app(scope, receive, watch_accept)
        finally:
            if accepted:
                metrics.websocket_closed()
            REQUEST_ID.reset(token)


def metrics_middleware(app: ASGIApp) -> ASGIApp:
    """An ``api_transformer``: wraps ``app`` in :class:`MetricsMiddleware`."""
    return MetricsMiddleware(app)
