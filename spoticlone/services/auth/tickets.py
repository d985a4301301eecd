"""Single-use, short-lived tickets between "credentials accepted" and "session started".

Three steps need one (see ``TicketKind``):

- ``MFA``: the password was right and the account has an authenticator app; the
  ticket stands for "half signed in" until a TOTP or recovery code arrives.
- ``HANDOFF``: a Reflex state handler accepted a sign-in, but only an HTTP response
  can set an HttpOnly cookie, so the browser is sent to an ``/api`` route with the
  ticket, which starts the session and sets the cookie.
- ``GOOGLE_SIGNUP``: Google vouched for someone we do not know yet; the ticket
  carries the identity until they pick a username.

Only the SHA-256 of a ticket is stored. Consuming is a conditional UPDATE, so two
parallel requests cannot both use one ticket.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, select

from spoticlone.models import AuthTicket, TicketKind
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.errors import ErrorCode, Invalid

TTL = {
    TicketKind.MFA: timedelta(minutes=5),
    TicketKind.HANDOFF: timedelta(minutes=1),
    TicketKind.GOOGLE_SIGNUP: timedelta(minutes=30),
}
EXPIRED = "That sign-in step has expired. Start again."
TOO_MANY_TRIES = "Too many wrong codes. Sign in again to get a new chance."


def step_ended(message: str = EXPIRED) -> Invalid:
    """The refusal for a sign-in step that can no longer be used: the page starts over."""
    return Invalid(message, code=ErrorCode.SIGN_IN_STEP_ENDED)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_ticket(
    session: Session,
    *,
    kind: TicketKind,
    user_id: int | None = None,
    payload: dict[str, Any] | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> str:
    """Store a new ticket and return its raw token (the only time it exists). Commits."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    session.add(
        AuthTicket(
            kind=kind,
            token_hash=_hash(token),
            user_id=user_id,
            payload=json.dumps(payload or {}),
            expires_at=now + TTL[kind],
            created_at=now,
        )
    )
    session.commit()
    return token


def peek_ticket(
    session: Session, *, token: str | None, kind: TicketKind, clock: Clock = SYSTEM_CLOCK
) -> AuthTicket:
    """The live ticket for ``token`` without using it up; ``Invalid`` if unknown, used or expired."""
    if not token or not isinstance(token, str) or len(token) > 200:
        raise step_ended()
    row = session.exec(select(AuthTicket).where(AuthTicket.token_hash == _hash(token))).first()
    if row is None or row.kind != kind or row.used_at is not None or clock.now() >= row.expires_at:
        raise step_ended()
    return row


def count_attempt(session: Session, *, ticket: AuthTicket, limit: int) -> None:
    """Count one guess against ``ticket`` before comparing; ``Invalid`` once ``limit`` is used.

    The increment is a conditional UPDATE committed at once, so parallel wrong
    guesses all count and a rollback by the caller cannot undo them.
    """
    result = cast(
        CursorResult,
        session.execute(
            update(AuthTicket)
            .where(
                col(AuthTicket.id) == ticket.id,
                col(AuthTicket.attempts) < limit,
                col(AuthTicket.used_at).is_(None),
            )
            .values(attempts=AuthTicket.attempts + 1)
        ),
    )
    session.commit()
    if result.rowcount != 1:
        raise step_ended(TOO_MANY_TRIES)


def consume_ticket(
    session: Session, *, token: str | None, kind: TicketKind, clock: Clock = SYSTEM_CLOCK
) -> AuthTicket:
    """Use up the ticket for ``token`` and return it; ``Invalid`` if it cannot be used. Commits."""
    row = peek_ticket(session, token=token, kind=kind, clock=clock)
    now = clock.now()
    result = cast(
        CursorResult,
        session.execute(
            update(AuthTicket)
            .where(col(AuthTicket.id) == row.id, col(AuthTicket.used_at).is_(None))
            .values(used_at=now)
        ),
    )
    session.commit()
    if result.rowcount != 1:
        raise step_ended()
    session.refresh(row)
    return row


def payload_of(ticket: AuthTicket) -> dict[str, Any]:
    """The JSON payload stored with a ticket (empty for tickets that carry none)."""
    return json.loads(ticket.payload or "{}")
