"""Mail the codes that account flows issue: one place for the REST API and the pages.

Each function takes what a service returned (an ``IssuedCode`` or a reset ticket)
and sends the matching message from ``services.accounts.emails`` without blocking the event
loop. A failure to send is logged and re-raised as ``MailerError`` by the mailer;
the code itself is already stored, so "send a new code" recovers from it.

Sign-up and password reset go through ``verification_mail``/``reset_mail`` (what to
send) and ``deliver`` (the one place that sends it), so both adapters send the same
mail at the same moment: a sign-up's mail before the answer (it reports whether it
went out), a reset's after the answer has left, so its timing does not tell a
stranger whether the address has an account.
"""

from __future__ import annotations

import logging

from spoticlone.integrations.mailer import EmailMessageSpec, Mailer, MailerError, default_mailer, send_async
from spoticlone.services.accounts import emails
from spoticlone.services.accounts.email_change import EmailChangeStarted
from spoticlone.services.accounts.resend import CodeToMail
from spoticlone.services.auth.codes import CODE_TTL

log = logging.getLogger(__name__)

MINUTES_VALID = int(CODE_TTL.total_seconds() // 60)


def verification_mail(result: CodeToMail) -> EmailMessageSpec | None:
    """What a sign-up (or a new code for it) sends; None when there is nothing to send.

    The code, or, for an address that already has an account, a notice to its owner.
    """
    if result.notify_owner:
        return emails.sign_up_attempt_email(result.email, result.username)
    if result.code:
        return emails.verification_code_email(result.email, result.username, result.code, MINUTES_VALID)
    return None


def reset_mail(result: CodeToMail) -> EmailMessageSpec | None:
    """What a password reset request sends; None for an unknown address (or a held-back code).

    Adapters send it with ``deliver`` only after their answer has gone out.
    """
    if not result.code:
        return None
    return emails.password_reset_email(result.email, result.username, result.code, MINUTES_VALID)


async def deliver(message: EmailMessageSpec | None, mailer: Mailer | None = None) -> bool:
    """Send ``message`` (None: nothing to send) off the event loop; False if the mailer failed.

    A failure is logged here, once for every adapter; the code stays stored, so
    "send a new code" recovers from it.
    """
    if message is None:
        return True
    try:
        await send_async(mailer or default_mailer(), message)
    except MailerError:
        log.exception("could not send an account email")
        return False
    return True


async def send_email_change_step(started: EmailChangeStarted, username: str, mailer: Mailer | None = None) -> None:
    """The code to the new address, or, if it belongs to another account, a notice to its owner.

    No code and no ``notify_owner``: that owner already got their share of notices, so
    nothing is sent, and the caller answers as if it had been.
    """
    if started.code is None:
        if started.notify_owner:
            await send_email_change_attempt(started.email, started.owner_username, mailer)
        return
    message = emails.email_change_email(started.email, username, started.code, MINUTES_VALID)
    await send_async(mailer or default_mailer(), message)


async def send_sign_in_code(email: str, username: str, code: str, mailer: Mailer | None = None) -> None:
    """Mail the code that finishes a sign-in after too many password failures."""
    message = emails.sign_in_code_email(email, username, code, MINUTES_VALID)
    await send_async(mailer or default_mailer(), message)


async def send_email_change_attempt(email: str, username: str, mailer: Mailer | None = None) -> None:
    """To the owner of an address another account asked to move to (no code in it)."""
    await send_async(mailer or default_mailer(), emails.email_change_attempt_email(email, username))
