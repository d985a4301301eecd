"""Mail the codes that account flows issue: one place for the REST API and the pages.

Each function takes what a service returned (an ``IssuedCode`` or a reset ticket)
and sends the matching message from ``services.emails`` without blocking the event
loop. A failure to send is logged and re-raised as ``MailerError`` by the mailer;
the code itself is already stored, so "send a new code" recovers from it.
"""

from __future__ import annotations

from spoticlone.integrations.mailer import Mailer, default_mailer, send_async
from spoticlone.services import emails
from spoticlone.services.accounts_codes import CODE_TTL, IssuedCode
from spoticlone.services.accounts_email import EmailChangeStarted

MINUTES_VALID = int(CODE_TTL.total_seconds() // 60)


async def send_verification(email: str, username: str, code: str, mailer: Mailer | None = None) -> None:
    message = emails.verification_code_email(email, username, code, MINUTES_VALID)
    await send_async(mailer or default_mailer(), message)


async def send_password_reset(
    email: str, username: str, code: str, mailer: Mailer | None = None
) -> None:
    message = emails.password_reset_email(email, username, code, MINUTES_VALID)
    await send_async(mailer or default_mailer(), message)


async def send_email_change(code: IssuedCode, username: str, mailer: Mailer | None = None) -> None:
    """``code.email`` is the *new* address: the one that has to prove it can read mail."""
    message = emails.email_change_email(code.email, username, code.code, MINUTES_VALID)
    await send_async(mailer or default_mailer(), message)


async def send_email_change_step(started: EmailChangeStarted, username: str, mailer: Mailer | None = None) -> None:
    """The code to the new address, or, if it belongs to another account, a notice to its owner."""
    if started.code is None:
        await send_email_change_attempt(started.email, started.owner_username, mailer)
        return
    message = emails.email_change_email(started.email, username, started.code, MINUTES_VALID)
    await send_async(mailer or default_mailer(), message)


async def send_sign_in_code(email: str, username: str, code: str, mailer: Mailer | None = None) -> None:
    message = emails.sign_in_code_email(email, username, code, MINUTES_VALID)
    await send_async(mailer or default_mailer(), message)


async def send_sign_up_attempt(email: str, username: str, mailer: Mailer | None = None) -> None:
    """To the owner of an address someone just tried to sign up with (no code in it)."""
    await send_async(mailer or default_mailer(), emails.sign_up_attempt_email(email, username))


async def send_email_change_attempt(email: str, username: str, mailer: Mailer | None = None) -> None:
    """To the owner of an address another account asked to move to (no code in it)."""
    await send_async(mailer or default_mailer(), emails.email_change_attempt_email(email, username))
