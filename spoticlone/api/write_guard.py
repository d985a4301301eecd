"""Refuse writes site-wide, before any route runs: archive mode, then unaccepted terms.

One ASGI middleware around the whole app (the API and the Reflex app mounted under it,
so ``POST /_upload`` too). Safe methods pass untouched, which keeps every read, every
stream and the event websocket exactly as fast as before. For an unsafe method:

- archive mode on: 423 with the operator's message (code ``service_archived``), except
  signing in and out, token refresh, the admin's own switch, listening reports, data
  exports (a listener's copy of their data must stay reachable) and account deletion,
  one's own or an administrator's (the right to erasure outlives the archive);
- a signed-in caller who has not accepted new terms: 403 (code ``terms_not_accepted``),
  except signing in/out, the accept route, listening reports, data exports and deleting
  the account.

The rules live in the services (``lifecycle/archive.py``, ``accounts/legal.py``); the
session flush guards (``archive.install_write_guard``, ``accounts/terms_gate.py``) still
refuse what slips past here, and are what the pages' events and Subsonic calls meet.
"""

from __future__ import annotations

import json
import re
from typing import Any

import anyio
from fastapi import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from spoticlone.api.auth_deps import SAFE_METHODS, actor_of, resolve_caller
from spoticlone.db import get_engine, session_scope
from spoticlone.services.accounts import legal
from spoticlone.services.lifecycle import archive

#: Unsafe requests that still work in archive mode (path prefixes).
ARCHIVE_OPEN = (
    "/api/v1/auth/login", "/api/v1/auth/token/refresh", "/api/v1/auth/logout",
    "/api/v1/auth/browser/signout",
    "/api/v1/admin/archive", "/api/v1/plays", "/api/v1/me/exports", "/api/v1/me/deletion",
    # Subsonic clients send reads by POST too; its writes meet the flush guard instead.
    "/rest",
)
#: Unsafe requests that still work in archive mode (whole paths): an administrator deleting
#: an account, or cancelling that.
ARCHIVE_OPEN_PATHS = re.compile(r"^/api/v1/admin/users/[0-9]+/deletion$")
#: Unsafe requests a listener with unaccepted terms may still make.
#: (Someone who will not accept may still take their data and leave.)
TERMS_OPEN = ("/api/v1/auth/", "/api/v1/me/legal/accept", "/api/v1/plays", "/api/v1/me/exports",
              "/api/v1/me/deletion", "/rest")


def extend_open_paths(*, archive_paths: tuple[str, ...] = (), terms_paths: tuple[str, ...] = ()) -> None:
    """Keep more routes open (a feature that must work in archive mode: data export)."""
    global ARCHIVE_OPEN, TERMS_OPEN
    ARCHIVE_OPEN = ARCHIVE_OPEN + archive_paths
    TERMS_OPEN = TERMS_OPEN + terms_paths


def _terms_refusal(request: Request, session) -> tuple[int, dict[str, Any]] | None:
    try:
        caller = resolve_caller(request, session)
    except HTTPException:
        return None  # a bad token or a cross-site request: the route answers that itself
    if caller is None:
        return None
    pending = legal.pending_for(session, actor=actor_of(session, caller))
    if not pending:
        return None
    return 403, {"detail": legal.terms_refusal(pending), "code": legal.TERMS_NOT_ACCEPTED,
                 "documents": [p.model_dump() for p in pending]}


def refusal_for(request: Request) -> tuple[int, dict[str, Any]] | None:
    """``(status, body)`` when this unsafe request must be refused, else None (blocking)."""
    path = request.url.path
    with session_scope() as session:
        status = archive.archive_status(session)
        if status.enabled and not (path.startswith(ARCHIVE_OPEN) or ARCHIVE_OPEN_PATHS.match(path)):
            return 423, {"detail": status.notice, "code": archive.ARCHIVED,
                         "archive": status.model_dump(mode="json")}
        if path.startswith(TERMS_OPEN) or status.enabled or not legal.awaiting_acceptance(session):
            return None
        return _terms_refusal(request, session)


def surely_allowed(path: str) -> bool:
    """Whether this process knows, without a query, that an unsafe request to ``path`` passes.

    True only while the archive switch read moments ago was off and, unless ``path`` is
    open to everyone, no terms version awaited acceptance (``core.db_cache``): then the
    request skips the worker thread and the database. Anything unknown goes the long way.
    """
    engine = get_engine()
    status = archive.known_status(engine)
    if status is None or status.enabled:
        return False
    return path.startswith(TERMS_OPEN) or legal.nothing_required(engine)


class WriteGuard:
    """The ASGI middleware; installed by ``create_api`` (``install_write_guard``)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        if surely_allowed(scope["path"]):
            await self.app(scope, receive, send)
            return
        refused = await anyio.to_thread.run_sync(refusal_for, Request(scope))
        if refused is None:
            await self.app(scope, receive, send)
            return
        status, body = refused
        payload = json.dumps(body).encode()
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
            (b"cache-control", b"no-store"),
        ]})
        await send({"type": "http.response.body", "body": payload})


def install_write_guard(app) -> None:
    """Wrap ``app`` (the FastAPI app that mounts Reflex) in the guard."""
    app.add_middleware(WriteGuard)
