"""The devices a listener is signed in on: list them and end any of them.

Shared by the security settings page and the REST API. Ownership is checked here:
a session id belonging to someone else is answered exactly like an unknown one
(``NotFound``), so ids cannot be probed. "This device" is recognised by the caller's
own token, which only the signed-in browser or client holds.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, select

from spoticlone.models import AuthSession, User
from spoticlone.models.common import saved_id
from spoticlone.services.auth.sessions import revoke_all_sessions, token_hash
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.errors import NotFound

log = logging.getLogger(__name__)

#: The newest sessions are what people look for; older ones still end with "sign out everywhere".
MAX_LISTED = 50
UNKNOWN_SESSION = "That session was not found. It may have ended already."

_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
             ("Chromium/", "Chromium"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


@dataclass(frozen=True)
class DeviceSession:
    """One signed-in browser or API client as the owner sees it in the device list."""

    id: int
    device: str
    kind: str
    ip: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


def describe_user_agent(user_agent: str) -> str:
    """A short human label ("Firefox on Linux") for a User-Agent header; never raises."""
    ua = user_agent or ""
    browser = next((name for marker, name in _BROWSERS if marker in ua), "")
    system = next((name for marker, name in _SYSTEMS if marker in ua), "")
    if browser and system:
        return f"{browser} on {system}"
    if browser or system:
        return browser or system
    # API clients send "name/version"; show the name, trimmed to something readable.
    match = re.match(r"[\w.\- ]{1,40}", ua.strip())
    return match.group(0).strip() if match else "Unknown device"


def list_sessions(
    session: Session, *, actor: User | None, current_token: str | None = None, clock: Clock = SYSTEM_CLOCK
) -> list[DeviceSession]:
    """The actor's live sessions, most recently used first, marking the caller's own."""
    user = require_user(actor)
    now = clock.now()
    rows = session.exec(
        select(AuthSession)
        .where(AuthSession.user_id == user.id, col(AuthSession.revoked_at).is_(None))
        .where(AuthSession.expires_at > now)
        .order_by(col(AuthSession.last_seen_at).desc(), col(AuthSession.id).desc())
        .limit(MAX_LISTED)
    ).all()
    mine = token_hash(current_token) if current_token else None
    return [
        DeviceSession(
            id=saved_id(row),
            device=describe_user_agent(row.user_agent),
            kind=row.kind,
            ip=row.ip,
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            current=row.token_hash == mine,
        )
        for row in rows
    ]


def revoke_own_session(
    session: Session, *, actor: User | None, session_id: int, current_token: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> bool:
    """End one of the actor's sessions; True if it was the caller's own (they are now signed out).

    ``NotFound`` for an unknown, ended or foreign session id. Commits.
    """
    user = require_user(actor)
    row = session.get(AuthSession, session_id) if isinstance(session_id, int) else None
    if row is None or row.user_id != user.id or row.revoked_at is not None:
        raise NotFound(UNKNOWN_SESSION)
    result = cast(
        CursorResult,
        session.execute(
            update(AuthSession)
            .where(
                col(AuthSession.id) == row.id,
                col(AuthSession.user_id) == user.id,
                col(AuthSession.revoked_at).is_(None),
            )
            .values(revoked_at=clock.now())
        ),
    )
    session.commit()
    if result.rowcount != 1:
        raise NotFound(UNKNOWN_SESSION)
    log.info("user %s ended session %s", user.id, row.id)
    return bool(current_token and row.token_hash == token_hash(current_token))


def revoke_everywhere(session: Session, *, actor: User | None, clock: Clock = SYSTEM_CLOCK) -> int:
    """End every session of the actor, this one included; returns how many. Commits."""
    user = require_user(actor)
    return revoke_all_sessions(session, user_id=saved_id(user), clock=clock)
