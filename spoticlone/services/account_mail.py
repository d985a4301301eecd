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
