"""The account emails Spoticlone sends, as plain text plus HTML.

Pure functions: they only build an :class:`EmailMessageSpec`; the caller hands it to a
mailer (with ``send_async`` from async code). Every message says what to do if the
listener did not ask for it, because codes go to whatever address was typed in, and
the person who receives one by mistake should know it is safe to ignore.

Every value is HTML-escaped in the HTML part (a username like ``<b>dj</b>`` must show
as typed, not as markup); the subject carries only the code, never user input.
"""

from __future__ import annotations

import html
import re

from spoticlone.integrations.mailer import EmailMessageSpec

PRODUCT = "Spoticlone"
_CODE = re.compile(r"^[0-9]{4,10}$")


def verification_code_email(
    to: str, username: str, code: str, minutes_valid: int
) -> EmailMessageSpec:
    """The code that confirms a new account's email address."""
    return _code_email(
        to=to,
        subject=f"Your {PRODUCT} code is {code}",
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
        subject=f"Your {PRODUCT} password reset code is {code}",
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
        subject=f"Your {PRODUCT} email change code is {code}",
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
        # never reach a subject line.
        raise ValueError("a code must be 4 to 10 digits")
    if minutes_valid < 1:
        raise ValueError("minutes_valid must be positive")
    validity = f"It expires in {_minutes(minutes_valid)} and works once."
    text = (
        f"Hi {username},\n\n"
        f"{lead}\n\n"
        f"    {code}\n\n"
        f"{validity}\n\n"
        f"{not_you}\n\n"
        f"— The {PRODUCT} team\n"
    )
    return EmailMessageSpec(
        to=to,
        subject=subject,
        text=text,
        html=_html(username=username, lead=lead, code=code, validity=validity, not_you=not_you),
    )


def _minutes(n: int) -> str:
    return "1 minute" if n == 1 else f"{n} minutes"


def _html(*, username: str, lead: str, code: str, validity: str, not_you: str) -> str:
    """A single-column layout with inline styles (mail clients drop <style> and CSS files)."""
    e = html.escape
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{e(PRODUCT)}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f5;font-family:Helvetica,Arial,sans-serif;color:#18181b">
<div style="max-width:480px;margin:0 auto;background:#ffffff;border-radius:12px;padding:32px">
<p style="margin:0 0 24px;font-size:20px;font-weight:bold;color:#1db954">{e(PRODUCT)}</p>
<p style="margin:0 0 16px">Hi {e(username)},</p>
<p style="margin:0 0 16px">{e(lead)}</p>
<p style="margin:0 0 16px;font-size:32px;letter-spacing:6px;font-weight:bold;font-family:Menlo,Consolas,monospace">{e(code)}</p>
<p style="margin:0 0 24px">{e(validity)}</p>
<p style="margin:0;font-size:13px;color:#52525b">{e(not_you)}</p>
</div>
</body>
</html>
"""
