"""Email addresses: the one normal form they are stored in and looked up by."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from spoticlone.models import User
from spoticlone.services.core.errors import (
    Invalid,
)


def normalize_email(raw: str) -> str:
    """Validated, lower-cased address; raise ``Invalid`` if it is not an email address.

    Uses ``email-validator`` (syntax only: no DNS lookups at sign-up) when installed.
    The whole address is lower-cased: in practice mailboxes are case-insensitive,
    and two accounts for "Ann@x" and "ann@x" would only confuse people.
    """
    raw = (raw or "").strip()
    try:
        from email_validator import EmailNotValidError, validate_email
    except ImportError:  # pragma: no cover - depends on the environment
        if len(raw) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", raw):
            raise Invalid("Enter a valid email address.") from None
        return raw.lower()
    try:
        return validate_email(raw, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise Invalid(f"Enter a valid email address ({exc}).") from None


def email_lookup_form(raw: str) -> str:
    """The form an email is looked up by; never raises (sign-in must not reveal anything)."""
    try:
        return normalize_email(raw)
    except Invalid:
        return (raw or "").strip().lower()


def user_by_email(session: Session, email: str) -> User | None:
    """The account with this address, in any spelling (``email_lookup_form``), or None."""
    # Emails are stored in ``normalize_email`` form (lower-case), so a plain equality
    # uses the unique index instead of scanning every account.
    return session.exec(select(User).where(User.email == email_lookup_form(email))).first()
