"""REST API sessions: token pairs, refresh-token rotation and signing an API client out.

An API client signs in once and gets a pair: a short-lived JWT access token
(``services.auth.tokens``) and a long-lived refresh token, which is the raw token of an
``AuthSession`` row of kind "api". Refreshing *rotates* the refresh token: the row
keeps its id and handle (so the ``sid`` of access tokens still names it) but gets a
new token hash, in one conditional ``UPDATE ... WHERE token_hash = <old>``. Two
parallel refreshes with the same token therefore cannot both succeed.

The old hash is kept (``RetiredRefreshToken``). Only the client that refreshed last
holds the current token, so a retired one coming back means two parties hold copies,
and we cannot tell which is the thief: the whole session ends, access tokens
included, and the rightful client signs in again (RFC 9700 section 4.14.2). Without
this, a thief who refreshed first would keep the session and the owner would only see
a refused refresh.

Listing and ending sessions of either kind (browser or API) is ``auth.devices``,
shared with the security settings page.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import cast

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, select

from spoticlone.models import AuthSession, RetiredRefreshToken, User
from spoticlone.models.common import saved_id
from spoticlone.services.auth import tokens
from spoticlone.services.auth.sessions import TOKEN_BYTES, create_session, session_ttl, token_hash
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.errors import Invalid

log = logging.getLogger(__name__)

REFRESH_REFUSED = "The refresh token is invalid, already used or expired. Sign in again."


@dataclass(frozen=True)
class TokenPair:
    """What a client keeps after signing in or refreshing."""

    access_token: str
    expires_in: int
    refresh_token: str
    session_id: int


def _row_for_token(session: Session, token: str | None) -> AuthSession | None:
    if not token or not isinstance(token, str) or len(token) > 200:
        return None
    return session.exec(select(AuthSession).where(AuthSession.token_hash == token_hash(token))).first()


def start_api_session(
    session: Session, *, user_id: int, user_agent: str = "", ip: str = "", clock: Clock = SYSTEM_CLOCK
) -> TokenPair:
    """A new API session for a user whose sign-in was accepted; returns its first token pair."""
    refresh = create_session(
        session, user_id=user_id, user_agent=user_agent, ip=ip, clock=clock, kind=tokens.API_SESSION_KIND
    )
    row = _row_for_token(session, refresh)
    assert row is not None and row.id is not None  # just created and committed
    access, lifetime = tokens.issue_access_token(user_id=user_id, session_handle=row.handle, clock=clock)
    return TokenPair(access, lifetime, refresh, row.id)


def refresh_tokens(session: Session, *, refresh_token: str, clock: Clock = SYSTEM_CLOCK) -> TokenPair:
    """Swap a refresh token for a new pair; the old refresh token stops working.

    Presenting a rotated token again ends its whole session (see the module docstring),
    also when it loses a race against its own parallel refresh.

    Raises:
        Invalid: unknown, rotated, revoked or expired token, not an API session, or the
            account is suspended (the same message for all: nothing to probe).
    """
    row = _row_for_token(session, refresh_token)
    now = clock.now()
    if row is None:
        _end_session_on_reuse(session, refresh_token=refresh_token, clock=clock)
        raise Invalid(REFRESH_REFUSED)
    if row.kind != tokens.API_SESSION_KIND or row.revoked_at is not None or now >= row.expires_at:
        raise Invalid(REFRESH_REFUSED)
    user = session.get(User, row.user_id)
    if user is None or user.suspended:
        raise Invalid(REFRESH_REFUSED)
    new_token = secrets.token_urlsafe(TOKEN_BYTES)
    old_hash = token_hash(refresh_token)
    # Conditional on the *old* hash: of two parallel refreshes only one changes the row.
    result = cast(
        CursorResult,
        session.execute(
            update(AuthSession)
            .where(
                col(AuthSession.id) == row.id,
                col(AuthSession.token_hash) == old_hash,
                col(AuthSession.revoked_at).is_(None),
            )
            .values(token_hash=token_hash(new_token), last_seen_at=now, expires_at=now + session_ttl())
        ),
    )
    if result.rowcount != 1:
        session.rollback()
        # Someone else rotated this token between our read and our write: that is a
        # second use of the same token too.
        _end_session_on_reuse(session, refresh_token=refresh_token, clock=clock)
        raise Invalid(REFRESH_REFUSED)
    # Same transaction as the rotation: no moment where the old token is neither
    # current nor known to be retired.
    session.add(RetiredRefreshToken(session_id=saved_id(row), token_hash=old_hash, retired_at=now))
    session.commit()
    access, lifetime = tokens.issue_access_token(user_id=row.user_id, session_handle=row.handle, clock=clock)
    log.info("refreshed API session %s of user %s", row.id, row.user_id)
    return TokenPair(access, lifetime, new_token, saved_id(row))


def _end_session_on_reuse(session: Session, *, refresh_token: str | None, clock: Clock) -> None:
    """End the session a retired refresh token belonged to, if it is one. Commits."""
    if not refresh_token or not isinstance(refresh_token, str) or len(refresh_token) > 200:
        return
    retired = session.exec(
        select(RetiredRefreshToken).where(RetiredRefreshToken.token_hash == token_hash(refresh_token))
    ).first()
    if retired is None:
        return
    result = cast(
        CursorResult,
        session.execute(
            update(AuthSession)
            .where(col(AuthSession.id) == retired.session_id, col(AuthSession.revoked_at).is_(None))
            .values(revoked_at=clock.now())
        ),
    )
    session.commit()
    if result.rowcount:
        log.warning(
            "a rotated refresh token was presented again: API session %s ended (the token was copied)",
            retired.session_id,
        )


def _revoke_row(session: Session, *, session_id: int, user_id: int, clock: Clock) -> bool:
    result = cast(
        CursorResult,
        session.execute(
            update(AuthSession)
            .where(
                col(AuthSession.id) == session_id,
                col(AuthSession.user_id) == user_id,
                col(AuthSession.revoked_at).is_(None),
            )
            .values(revoked_at=clock.now())
        ),
    )
    session.commit()
    return result.rowcount == 1


def end_api_session(
    session: Session,
    *,
    user_id: int | None = None,
    session_id: int | None = None,
    refresh_token: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> bool:
    """Sign an API client out: by its refresh token, or by (user, session id) from an access token.

    Returns whether a live session ended. An unknown refresh token is not an error:
    logging out twice is fine, and the answer must not reveal which tokens exist.
    """
    if refresh_token:
        row = _row_for_token(session, refresh_token)
        if row is None or row.kind != tokens.API_SESSION_KIND or row.id is None:
            return False
        return _revoke_row(session, session_id=row.id, user_id=row.user_id, clock=clock)
    if user_id is None or session_id is None:
        return False
    return _revoke_row(session, session_id=session_id, user_id=user_id, clock=clock)
