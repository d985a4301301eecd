"""Housekeeping for account tables: forget codes, tickets, sessions and counters nobody needs.

Every row removed here is useless already (expired, used, revoked) but would pile
up forever and keep data about people longer than needed. What is kept, and why:

- Email codes for a day after they were *created*: ``accounts_codes.issue_code``
  counts the codes of the last 24 hours for its resend cooldown and daily cap, so
  deleting them earlier would hand out fresh guesses.
- Ended sessions (revoked or expired) for ``SESSION_RETENTION``, so "where was I
  signed in" still makes sense shortly after a "sign out everywhere".
- Rate-limit counters for ``ratelimit.RETENTION`` (their own rule, ``ratelimit.prune``).

``cleanup`` is one idempotent pass: the server runs it hourly (``run_periodically``,
registered as a Reflex lifespan task) and the CLI can run it on demand. Several
server workers running it at once only delete the same rows.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta

from sqlalchemy import delete, or_
from sqlmodel import Session, col

from spoticlone.models import AuthSession, AuthTicket, EmailCode
from spoticlone.services import ratelimit
from spoticlone.services.ratelimit import SYSTEM_CLOCK, Clock

log = logging.getLogger(__name__)

CODE_RETENTION = timedelta(days=1)
SESSION_RETENTION = timedelta(days=30)
INTERVAL_SECONDS = 3600


def cleanup(session: Session, clock: Clock = SYSTEM_CLOCK, *, session_days: int | None = None) -> dict[str, int]:
    """Delete dead account rows; returns how many went, per table. Commits.

    ``session_days`` overrides how long ended sessions are kept (default 30 days).
    """
    now = clock.now()
    session_cutoff = now - (timedelta(days=session_days) if session_days is not None else SESSION_RETENTION)
    codes = session.execute(delete(EmailCode).where(EmailCode.created_at < now - CODE_RETENTION))
    tickets = session.execute(
        delete(AuthTicket).where(or_(AuthTicket.expires_at < now, col(AuthTicket.used_at).is_not(None)))
    )
    sessions = session.execute(
        delete(AuthSession).where(
            or_(AuthSession.revoked_at < session_cutoff, AuthSession.expires_at < session_cutoff)
        )
    )
    session.commit()
    counts = {
        "email_codes": codes.rowcount or 0,
        "auth_tickets": tickets.rowcount or 0,
        "auth_sessions": sessions.rowcount or 0,
        "rate_limit_counters": ratelimit.prune(session, clock=clock),
    }
    if any(counts.values()):
        log.info("account cleanup removed %s", counts)
    return counts


def _cleanup_once(session_factory: Callable[[], AbstractContextManager[Session]]) -> dict[str, int]:
    with session_factory() as session:
        return cleanup(session)


async def run_periodically(
    session_factory: Callable[[], AbstractContextManager[Session]], interval_seconds: float = INTERVAL_SECONDS
) -> None:
    """Run ``cleanup`` now and then every ``interval_seconds`` until cancelled.

    ``session_factory`` is ``spoticlone.db.session_scope`` in the server. A failed
    pass (a locked or unreachable database) is logged and retried at the next tick:
    housekeeping must never take the server down.
    """
    while True:
        try:
            await asyncio.to_thread(_cleanup_once, session_factory)
        except Exception:  # noqa: BLE001 - logged; the next pass retries
            log.exception("account cleanup failed; retrying in %s s", interval_seconds)
        await asyncio.sleep(interval_seconds)
