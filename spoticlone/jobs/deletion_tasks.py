"""The hourly erasure of accounts whose deletion grace period is over.

Hourly rather than daily so that an account is gone within an hour of its due date,
never a day late. The work is ``services.accounts.deletion_erase.erase_due``: one
transaction per account, so a failure leaves the others erased and the next run retries.

The deletion's emails (``services.accounts.deletion_emails``) go out here too, one retried
job per message; importing this module connects them (``_install``).
"""

from __future__ import annotations

import logging

from huey import crontab

from spoticlone.jobs.email_tasks import deliver
from spoticlone.jobs.queue import queue

log = logging.getLogger(__name__)


@queue.periodic_task(crontab(minute="41"), retries=2, retry_delay=300)
def hourly_account_erasure() -> int:
    """Erase every account past its grace period (``SPOTICLONE_DELETION_GRACE_DAYS``)."""
    from spoticlone.db import session_scope
    from spoticlone.integrations.media_store import default_store
    from spoticlone.services.accounts.deletion_erase import erase_due

    with session_scope() as session:
        erased = erase_due(session, store=default_store())
    if erased:
        log.info("erased %d account(s) past their grace period", erased)
    return erased


@queue.task(retries=3, retry_delay=120)
def send_deletion_email(to: str, subject: str, text: str, html: str) -> None:
    """Send one account deletion email (asked for, cancelled, erased) through the configured mailer."""
    deliver(to, subject, text, html)


def _queue_email(message) -> None:
    send_deletion_email(message.to, message.subject, message.text, message.html)


def _install() -> None:
    """Let the deletion services queue their emails here instead of sending them inline."""
    from spoticlone.services.accounts import deletion_emails

    if _queue_email not in deletion_emails.senders:
        deletion_emails.senders.append(_queue_email)


_install()
