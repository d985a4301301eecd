"""Server-side sign-in sessions behind the session cookie.

The cookie carries a random 256-bit token; the database keeps only its SHA-256, so
reading the table (or a backup) does not let anyone sign in. A plain hash is enough
here, unlike for passwords, because the token is random and long: there is nothing
to guess. Because sessions live on the server they can be ended from anywhere: sign
out, "sign out everywhere", a password change or reset, a suspension.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

from sqlalchemy import Row, Select, bindparam, select as sa_select, update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col

from spoticlone.config import get_settings
from spoticlone.models import AuthSession, User
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.quick_reads import quick_read, write_after_read

log = logging.getLogger(__name__)

def session_ttl() -> timedelta:
    """How long a browser session or API refresh token lives (``SPOTICLONE_SESSION_DAYS``)."""
    return timedelta(days=get_settings().session_days)


#: ``last_seen_at`` is written at most this often, so reads do not turn into writes.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    """The stored form of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_session(
    session: Session,
    *,
    user_id: int,
    user_agent: str = "",
    ip: str = "",
    clock: Clock = SYSTEM_CLOCK,
    kind: str = "browser",
) -> str:
    """Start a session for ``user_id`` and return its raw token (the only time it exists).

    Call it on every successful sign-in so each sign-in gets a fresh token (no session
    fixation). ``kind`` is "browser" (the cookie) or "api" (a REST refresh token, see
    ``services.auth.tokens``). Commits.
    """
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = clock.now()
    session.add(
        AuthSession(
            user_id=user_id,
            token_hash=token_hash(token),
            created_at=now,
            last_seen_at=now,
            expires_at=now + session_ttl(),
            user_agent=(user_agent or "")[:400],
            ip=(ip or "")[:64],
            kind=kind,
        )
    )
    session.commit()
    log.info("session started for user %s", user_id)
    from spoticlone.services.accounts.deletion import cancel_on_sign_in  # every sign-in comes here

    cancel_on_sign_in(session, user_id=user_id, clock=clock)
    return token


#: ``user_for_token``'s read, built once. A statement built per call cost its caller 6x the query:
#: SQLAlchemy matched the new statement's columns to the cached compiled one's at every call
#: (``CursorResult._adapt_to_context``), comparing ORM columns by building expressions.
_SESSION_BY_DIGEST = (
    sa_select(col(AuthSession.id), col(AuthSession.user_id), col(AuthSession.revoked_at),
              col(AuthSession.expires_at), col(AuthSession.kind), col(AuthSession.last_seen_at),
              col(User.suspended))
    .join(User, col(User.id) == AuthSession.user_id)
    .where(col(AuthSession.token_hash) == bindparam("digest"))
)


@quick_read
def user_for_token(session: Session, *, token: str | None, clock: Clock = SYSTEM_CLOCK) -> int | None:
    """The signed-in user's id for a *browser* session token, or None if unknown, expired,
    revoked or suspended. An API refresh token is not a cookie: it is refused here, so a
    leaked refresh token cannot be replayed as a browser session (and vice versa).
    """
    row = live_session_row(session, token=token, clock=clock)
    return row.user_id if row is not None else None


def session_read(*columns: Any) -> Select:
    """``user_for_token``'s read with ``columns`` added (of the user, say), for ``live_session_row``.

    Build it once, at import: a caller that needs more of the account than its id (the page
    shell's profile) then checks the session and reads what it shows in one query.
    """
    return _SESSION_BY_DIGEST.add_columns(*columns)


def live_session_row(
    session: Session, *, token: str | None, read: Select = _SESSION_BY_DIGEST, clock: Clock = SYSTEM_CLOCK
) -> Row | None:
    """The row ``read`` (``session_read``) gives for a live browser session ``token``, or None.

    The rules of ``user_for_token``, written once: unknown, expired, revoked, API (refresh)
    tokens and suspended accounts give None; a live session is touched (``touch``).
    """
    if not token or not isinstance(token, str) or len(token) > 200:
        return None
    # Every event of a signed-in listener asks this: one joined read of the few columns that
    # decide, no ORM objects built (it was 6% of a busy worker's CPU as two object loads).
    row = session.connection().execute(read, {"digest": token_hash(token)}).first()
    now = clock.now()
    if row is None or row.revoked_at is not None or now >= row.expires_at or row.kind != "browser":
        return None
    if row.suspended:
        return None
    touch(session, row, now)
    return row


class _Seen(Protocol):
    """What ``touch`` reads of a session: an ``AuthSession`` or a row of its columns."""

    @property
    def id(self) -> int | None: ...

    @property
    def last_seen_at(self) -> datetime: ...


def touch(session: Session, row: _Seen, now) -> None:
    """Record that ``row`` was used now, at most once per ``LAST_SEEN_RESOLUTION``.

    The conditional UPDATE keeps concurrent requests from writing twice; below the
    resolution a read stays a read. In a quick read on the event loop the write follows the
    answer (``quick_reads.write_after_read``).
    """
    if now - row.last_seen_at >= LAST_SEEN_RESOLUTION:
        write_after_read(session, _mark_seen, session_id=row.id, now=now)


def _mark_seen(session: Session, *, session_id: int | None, now) -> None:
    session.execute(
        update(AuthSession)
        .where(col(AuthSession.id) == session_id, col(AuthSession.last_seen_at) <= now - LAST_SEEN_RESOLUTION)
        .values(last_seen_at=now)
    )
    session.commit()


def revoke_session(session: Session, *, token: str | None, clock: Clock = SYSTEM_CLOCK) -> bool:
    """End the session of ``token`` (sign out); True if a live session was ended. Commits."""
    if not token:
        return False
    result = cast(
        CursorResult,
        session.execute(
            update(AuthSession)
            .where(col(AuthSession.token_hash) == token_hash(token), col(AuthSession.revoked_at).is_(None))
            .values(revoked_at=clock.now())
        ),
    )
    session.commit()
    return result.rowcount == 1


def revoke_all_sessions(
    session: Session,
    *,
    user_id: int,
    except_token: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
    except_session_id: int | None = None,
) -> int:
    """End every live session of ``user_id`` except ``except_token``'s; returns how many. Commits.

    ``except_session_id`` spares a session by id instead: an API client knows its
    session only from the access token's ``sid``, never the raw refresh token.
    """
    statement = (
        update(AuthSession)
        .where(col(AuthSession.user_id) == user_id, col(AuthSession.revoked_at).is_(None))
        .values(revoked_at=clock.now())
    )
    if except_token:
        statement = statement.where(col(AuthSession.token_hash) != token_hash(except_token))
    if except_session_id is not None:
        statement = statement.where(col(AuthSession.id) != except_session_id)
    result = cast(CursorResult, session.execute(statement))
    session.commit()
    log.info("ended %s session(s) of user %s", result.rowcount, user_id)
    return result.rowcount or 0
