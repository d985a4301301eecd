"""Housekeeping for account tables: forget codes, tickets, sessions and counters nobody needs.

Every row removed here is useless already (expired, used, revoked) but would pile
up forever and keep data about people longer than needed. What is kept, and why:

- Email codes for a day after they were *created*: ``auth.codes.issue_code``
  counts the codes of the last 24 hours for its resend cooldown and daily cap, so
  deleting them earlier would hand out fresh guesses.
- Ended sessions (revoked or expired) for ``SESSION_RETENTION``, so "where was I
  signed in" still makes sense shortly after a "sign out everywhere".
- Rate-limit counters for ``ratelimit.RETENTION`` (their own rule, ``ratelimit.prune``).
- Rotated refresh tokens (for reuse detection, ``api_sessions``) for as long as a refresh
  token lives (``SPOTICLONE_SESSION_DAYS``): an older one would have expired unused
  anyway. Without this, a client that refreshes every 15 minutes adds ~100 rows a day.

``cleanup`` is one idempotent pass: the job worker runs it hourly
(``spoticlone.jobs.tasks``, retried when the database is busy) and the CLI can run it
on demand. Two passes at once only delete the same rows.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import cast

from sqlalchemy import Delete, delete, or_
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col

from spoticlone.models import AuthSession, AuthTicket, EmailCode, RetiredRefreshToken
from spoticlone.services.auth.sessions import session_ttl
from spoticlone.services.core import ratelimit
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock

log = logging.getLogger(__name__)

CODE_RETENTION = timedelta(days=1)
SESSION_RETENTION = timedelta(days=30)


def cleanup(session: Session, clock: Clock = SYSTEM_CLOCK, *, session_days: int | None = None) -> dict[str, int]:
    """Delete dead account rows; returns how many went, per table. Commits.

    ``session_days`` overrides how long ended sessions are kept (default 30 days).
    """
    now = clock.now()
    session_cutoff = now - (timedelta(days=session_days) if session_days is not None else SESSION_RETENTION)
    codes = _delete(session, delete(EmailCode).where(col(EmailCode.created_at) < now - CODE_RETENTION))
    tickets = _delete(
        session,
        delete(AuthTicket).where(
            or_(col(AuthTicket.expires_at) < now, col(AuthTicket.used_at).is_not(None))
        ),
    )
    sessions = _delete(
        session,
        delete(AuthSession).where(
            or_(col(AuthSession.revoked_at) < session_cutoff, col(AuthSession.expires_at) < session_cutoff)
        ),
    )
    retired = _delete(
        session,
        delete(RetiredRefreshToken).where(col(RetiredRefreshToken.retired_at) < now - session_ttl()),
    )
    session.commit()
    counts = {
        "email_codes": codes.rowcount or 0,
        "auth_tickets": tickets.rowcount or 0,
        "auth_sessions": sessions.rowcount or 0,
        "rate_limit_counters": ratelimit.prune(session, clock=clock),
        "retired_refresh_tokens": retired.rowcount or 0,
    }
    if any(counts.values()):
        log.info("account cleanup removed %s", counts)
    return counts


def _delete(session: Session, statement: Delete) -> CursorResult:
    """Run a bulk DELETE; its result is a cursor result, which carries ``rowcount``."""
    return cast(CursorResult, session.execute(statement))
