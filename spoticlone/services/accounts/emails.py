"""The account emails Spoticlone sends, as plain text plus HTML.

Pure functions: they only build an :class:`EmailMessageSpec`; the caller hands it to a
mailer (with ``send_async`` from async code). Every message says what to do if the
listener did not ask for it, because codes go to whatever address was typed in, and
the person who receives one by mistake should know it is safe to ignore.

Both parts come from ``services/core/email_layout.py``, which HTML-escapes every value (a
username like ``<b>dj</b>`` must show as typed, not as markup). The subject carries neither user input nor the code: the
code is in the body only, because subjects end up in places bodies do not (the
mailer's log line, notification previews on a locked phone, mail server logs).
"""

from __future__ import annotations

import re

from spoticlone.integrations.mailer import EmailMessageSpec
from spoticlone.services.core import email_layout as layout
from spoticlone.services.core.email_layout import PRODUCT

_CODE = re.compile(r"^[0-9]{4,10}$")


def verification_code_email(
    to: str, username: str, code: str, minutes_valid: int
) -> EmailMessageSpec:
    """The code that confirms a new account's email address."""
    return _code_email(
        to=to,
        subject=f"Your {PRODUCT} verification code",
        username=username,
        code=code,
        minutes_valid=minutes_valid,
        lead=f"Welcome to {PRODUCT}! Enter this code to confirm your email address:",
        not_you=(
            f"Didn't sign up for {PRODUCT}? Someone may have typed your address by "
            "mistake. You can ignore this email: without the code, no account is "
            "confirmed."
        ),
    )


def password_reset_email(
    to: str, username: str, code: str, minutes_valid: int
) -> EmailMessageSpec:
    """The code that lets the owner of the address choose a new password."""
    return _code_email(
        to=to,
        subject=f"Your {PRODUCT} password reset code",
        username=username,
        code=code,
        minutes_valid=minutes_valid,
        lead="Enter this code to choose a new password:",
        not_you=(
            "Didn't ask to reset your password? You can ignore this email: your "
            "password stays the same. Never share this code; we will never ask for it."
        ),
    )


def email_change_email(
    to: str, username: str, code: str, minutes_valid: int
) -> EmailMessageSpec:
    """Sent to the *new* address to prove the listener can read it before we switch."""
    return _code_email(
        to=to,
        subject=f"Your {PRODUCT} email change code",
        username=username,
        code=code,
        minutes_valid=minutes_valid,
        lead=f"Enter this code to use this address for your {PRODUCT} account:",
        not_you=(
            "Didn't ask to change your email? You can ignore this email: this address "
            "will not be added to any account."
        ),
    )


def _code_email(
    *,
    to: str,
    subject: str,
    username: str,
    code: str,
    minutes_valid: int,
    lead: str,
    not_you: str,
) -> EmailMessageSpec:
    if not _CODE.match(code or ""):
        # Codes are digits by construction; anything else is a caller bug, and must
        # never reach an email.
        raise ValueError("a code must be 4 to 10 digits")
    if code in subject:
        raise ValueError("the code must not be in the subject (subjects are logged)")
    if minutes_valid < 1:
        raise ValueError("minutes_valid must be positive")
    validity = f"It expires in {_minutes(minutes_valid)} and works once."
    return layout.message(to, subject, layout.hello(username), [
        layout.paragraph(lead), layout.code(code), layout.paragraph(validity),
        layout.paragraph(not_you, muted=True),
    ])


def _minutes(n: int) -> str:
    return "1 minute" if n == 1 else f"{n} minutes"


def sign_in_code_email(
    to: str, username: str, code: str, minutes_valid: int
) -> EmailMessageSpec:
    """The extra check after the right password when an account had many failed sign-ins."""
    return _code_email(
        to=to,
        subject=f"Your {PRODUCT} sign-in code",
        username=username,
        code=code,
        minutes_valid=minutes_valid,
        lead=(
            "Someone, hopefully you, just signed in with your password. There were many "
            "failed attempts to sign in to your account recently, so enter this code to finish:"
        ),
        not_you=(
            "Wasn't you? Your password is known to someone else: reset it now from the "
            "sign-in page. Without this code they cannot get in. Never share this code."
        ),
    )


def sign_up_attempt_email(to: str, username: str) -> EmailMessageSpec:
    """Sent instead of a code when someone signs up with an address that has an account.

    The sign-up form answers exactly as for a new address (it must not tell a stranger
    which addresses have accounts), so this mail is how the owner learns what happened.
    """
    return _notice_email(
        to=to,
        subject=f"Someone tried to sign up to {PRODUCT} with your address",
        username=username,
        paragraphs=(
            (f"Someone tried to create a new {PRODUCT} account with this email address, "
             "but it already belongs to your account, so no new account was created."),
            ("If it was you: sign in with this address instead. Forgot your password? "
             "Use \"Forgot your password?\" on the sign-in page."),
            "If it wasn't you, you can ignore this email: nothing changed in your account.",
        ),
    )


def email_change_attempt_email(to: str, username: str) -> EmailMessageSpec:
    """Sent to an address another account asked to move to; it already has an account."""
    return _notice_email(
        to=to,
        subject=f"Someone tried to use your address on another {PRODUCT} account",
        username=username,
        paragraphs=(
            (f"Someone asked to change the email of another {PRODUCT} account to this "
             "address. It already belongs to your account, so the change was not made."),
            ("If it was you, with a second account: an address can belong to one account "
             "only. Choose another address for that account, or delete one of them."),
            "If it wasn't you, you can ignore this email: nothing changed in your account.",
        ),
    )


def _notice_email(*, to: str, subject: str, username: str, paragraphs: tuple[str, ...]) -> EmailMessageSpec:
    """A message without a code: plain paragraphs, the same look as the code emails."""
    return layout.message(to, subject, layout.hello(username), [layout.paragraph(p) for p in paragraphs])
