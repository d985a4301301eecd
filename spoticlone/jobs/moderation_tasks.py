"""Sending the emails of moderation (reports, takedowns, counter-notices) off the request.

The services build each message and call ``notify`` after their commit; ``notify`` enqueues
one job per message, so a slow or failing mail server neither delays the decision nor undoes
it, and a failed send is retried, then recorded as a ``JobFailure``.
"""

from __future__ import annotations

import logging

from spoticlone.integrations.mailer import EmailMessageSpec
from spoticlone.jobs.email_tasks import deliver
from spoticlone.jobs.queue import queue

log = logging.getLogger(__name__)


@queue.task(retries=3, retry_delay=120)
def send_moderation_email(to: str, subject: str, text: str, html: str) -> None:
    """Send one moderation email through the configured mailer."""
    deliver(to, subject, text, html)


def notify(message: EmailMessageSpec) -> None:
    """What adapters pass to the moderation services as ``notify``: queue ``message``."""
    send_moderation_email(message.to, message.subject, message.text, message.html)
