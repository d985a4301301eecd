"""Sending one already-built email from a job, counted in the metrics either way.

The domains that mail people after a commit (moderation decisions, account deletion) build
the message in their services and queue a task that calls ``deliver``; a failure raises so
huey retries the task, then records a ``JobFailure``.
"""

from __future__ import annotations


def deliver(to: str, subject: str, text: str, html: str) -> None:
    """Send one message through the configured mailer and count it as sent or failed."""
    from spoticlone.integrations.mailer import EmailMessageSpec, default_mailer
    from spoticlone.services.admin import metrics

    try:
        default_mailer().send(EmailMessageSpec(to=to, subject=subject, text=text, html=html))
    except Exception:
        metrics.count_email(sent=False)
        raise
    metrics.count_email(sent=True)
