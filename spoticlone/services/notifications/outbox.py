"""The notification mail outbox: rows written with the event, sent later by the job worker.

Why a table and not just a job: a job queued before the commit could run before the row it
mails about exists, and one queued after the commit is lost if the process dies in between.
The row is written in the event's transaction; after the commit, a job is queued for it (a
fast path), and a periodic job sends whatever is still due (the safety net, and the retries).

Sending claims a row with one conditional UPDATE (``pending`` or a lapsed ``sending`` whose
time has come → ``sending`` for ``LEASE``), so two workers never both send it. A failure puts
it back to ``pending`` with exponential backoff (1 min, 2, 4, … capped at 6 hours); after
``MAX_ATTEMPTS`` it stays as ``failed`` with the last error, for the operator.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta

from sqlalchemy import event, update
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from spoticlone.config import get_settings
from spoticlone.integrations.mailer import Mailer
from spoticlone.models import NotificationEmail, User
from spoticlone.models.common import saved_id
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.dto import DTO
from spoticlone.services.notifications import emails, preferences, unsubscribe

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY = timedelta(hours=6)
#: How long a worker holds a claimed row; a worker that died mid-send frees it after this.
LEASE = timedelta(minutes=5)
_QUEUED = "spoticlone.notifications.queued"
_FLUSHED = "spoticlone.notifications.flushed"

#: Called after a commit with the ids of the mails it queued (the job module installs it);
#: without one the periodic sweep still sends them.
dispatchers: list[Callable[[int], object]] = []


class SendOutcome(DTO):
    """What one pass of the sender did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0


def queue_email(session: Session, recipient: User, *, kind: str, rendered: emails.Rendered,
                dedupe_key: str) -> NotificationEmail:
    """Add a mail for ``recipient`` to the outbox in the caller's transaction (no commit)."""
    row = NotificationEmail(user_id=saved_id(recipient), kind=kind, subject=rendered.subject,
                            text=rendered.text, html=rendered.html, dedupe_key=dedupe_key)
    session.add(row)
    session.info.setdefault(_QUEUED, []).append(row)
    return row


def dispatch_after_commit(session: Session, email_ids: Iterable[int]) -> None:
    """Hand ``email_ids`` to the dispatchers once ``session`` commits; forget them if it rolls back.

    For outbox rows written as statements (bulk inserts), which the flush hook below never sees.
    They join the same list as the flushed rows, so one pair of listeners sends or drops both.
    """
    session.info.setdefault(_FLUSHED, []).extend(email_ids)


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed try: doubling from one minute, capped."""
    return min(FIRST_RETRY * (2 ** max(0, attempts - 1)), MAX_RETRY)


def send_one(session: Session, *, email_id: int, mailer: Mailer, clock: Clock = SYSTEM_CLOCK) -> str:
    """Claim and send outbox mail ``email_id`` if it is due; its status afterwards.

    A mail another worker holds, or one already sent, is left alone (its status is returned).
    """
    now = clock.now()
    claimed = session.exec(update(NotificationEmail)
                           .where(col(NotificationEmail.id) == email_id,
                                  col(NotificationEmail.status).in_(("pending", "sending")),
                                  col(NotificationEmail.next_try_at) <= now)
                           .values(status="sending", next_try_at=now + LEASE,
                                   attempts=NotificationEmail.attempts + 1))
    session.commit()
    row = session.get(NotificationEmail, email_id)
    if row is None:
        return "missing"
    session.refresh(row)
    if not claimed.rowcount:
        return row.status
    user = session.get(User, row.user_id)
    if user is None or user.suspended or not user.email_verified or not preferences.wants(session, user, row.kind)[1]:
        row.status, row.last_error = "skipped", "the account is gone, suspended or unsubscribed"
    else:
        link = unsubscribe.unsubscribe_url(get_settings().public_origin, user, row.kind)
        try:
            mailer.send(emails.message(to=user.email, subject=row.subject, text=row.text, html_body=row.html,
                                       unsubscribe_link=link))
        except Exception as exc:  # noqa: BLE001 - any mail server failure: retry later, never lose the row
            _failed(row, exc, now)
        else:
            row.status, row.sent_at, row.last_error = "sent", clock.now(), ""
    session.add(row)
    session.commit()
    return row.status


def send_due(session: Session, *, mailer: Mailer, clock: Clock = SYSTEM_CLOCK, limit: int = 200) -> SendOutcome:
    """Send every due mail (oldest first, at most ``limit``): the periodic sweep and the retries."""
    due = session.exec(select(col(NotificationEmail.id))
                       .where(col(NotificationEmail.status).in_(("pending", "sending")),
                              col(NotificationEmail.next_try_at) <= clock.now())
                       .order_by(col(NotificationEmail.next_try_at)).limit(limit)).all()
    counts = {"sent": 0, "retrying": 0, "failed": 0, "skipped": 0}
    for email_id in due:
        status = send_one(session, email_id=int(email_id or 0), mailer=mailer, clock=clock)
        key = {"pending": "retrying"}.get(status, status)
        if key in counts:
            counts[key] += 1
    return SendOutcome(**counts)


def _failed(row: NotificationEmail, exc: Exception, now) -> None:
    row.last_error = f"{type(exc).__name__}: {exc}"[:500]
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
        log.error("notification mail %s failed for good after %d tries: %s", row.id, row.attempts, row.last_error)
        return
    row.status, row.next_try_at = "pending", now + retry_delay(row.attempts)
    log.warning("notification mail %s failed (try %d), retrying at %s: %s", row.id, row.attempts,
                row.next_try_at.isoformat(), row.last_error)


@event.listens_for(OrmSession, "after_flush_postexec")
def _note_flushed(session: OrmSession, flush_context) -> None:
    """Keep the ids of flushed outbox rows (after the commit their attributes may be expired)."""
    rows = session.info.get(_QUEUED)
    if rows:
        flushed = [row.id for row in rows if row.id is not None]
        session.info[_QUEUED] = [row for row in rows if row.id is None]
        session.info.setdefault(_FLUSHED, []).extend(flushed)


@event.listens_for(OrmSession, "after_commit")
def _dispatch_after_commit(session: OrmSession) -> None:
    """Queue a send job for each mail this commit made durable (never fails the commit)."""
    ids = session.info.pop(_FLUSHED, None)
    session.info.pop(_QUEUED, None)
    for email_id in ids or ():
        for dispatch in dispatchers:
            try:
                dispatch(email_id)
            except Exception:  # the queue is down: the periodic sweep sends it later
                log.exception("could not queue notification mail %s; the sweep will send it", email_id)


@event.listens_for(OrmSession, "after_rollback")
def _forget_after_rollback(session: OrmSession) -> None:
    session.info.pop(_QUEUED, None)
    session.info.pop(_FLUSHED, None)
