"""Background jobs of notifications: send one queued mail, sweep due and retrying mails, weekly digest.

Sending never raises for a mail-server failure: the outbox row records it and the sweep
retries it with backoff (``services.notifications.outbox``), so huey's own retries are only
for the database being busy. Importing this module connects the outbox to the queue: each
commit that queues a mail enqueues ``send_notification_email`` for it.
"""

from __future__ import annotations

import logging

from huey import crontab

from spoticlone.jobs.queue import queue

log = logging.getLogger(__name__)


@queue.task(retries=2, retry_delay=30)
def send_notification_email(email_id: int) -> str:
    """Send outbox mail ``email_id`` now if it is due (the fast path after the commit)."""
    from spoticlone.config import get_settings
    from spoticlone.db import session_scope
    from spoticlone.integrations.mailer import default_mailer
    from spoticlone.services.notifications import outbox

    with session_scope() as session:
        return outbox.send_one(session, email_id=email_id, mailer=default_mailer(get_settings()))


@queue.periodic_task(crontab(minute="*"), retries=1, retry_delay=30)
def sweep_notification_emails() -> int:
    """Every minute: send mails whose retry time has come, or that no job picked up."""
    from spoticlone.config import get_settings
    from spoticlone.db import session_scope
    from spoticlone.integrations.mailer import default_mailer
    from spoticlone.services.notifications import outbox

    with session_scope() as session:
        outcome = outbox.send_due(session, mailer=default_mailer(get_settings()))
    if outcome.sent or outcome.retrying or outcome.failed:
        log.info("notification mails: %s", outcome)
    return outcome.sent


@queue.periodic_task(crontab(day_of_week="1", hour="8", minute="5"), retries=2, retry_delay=300)
def weekly_notification_digest() -> int:
    """Mondays 08:05 UTC: queue each listener's weekly digest (claimed once per listener and week)."""
    from spoticlone.db import session_scope
    from spoticlone.services.notifications import digest

    with session_scope() as session:
        return digest.send_weekly_digests(session)


def _install() -> None:
    from spoticlone.jobs import release_tasks  # noqa: F401  - and a release's followers after its commit
    from spoticlone.services.notifications import outbox

    if send_notification_email not in outbox.dispatchers:
        outbox.dispatchers.append(send_notification_email)


_install()
