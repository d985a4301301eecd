"""Emailed 6-digit codes: issuing, resending limits and checking.

A 6-digit code has only a million values, so what protects it is the bookkeeping
around it: it lives 10 minutes, works once, only together with the random
``request_id`` of the flow that asked for it, and only for 5 guesses. Guesses are
counted with a conditional ``UPDATE ... WHERE attempts < 5`` committed *before* the
comparison, so a burst of parallel guesses cannot get more than 5 tries between them.

Codes are stored as an HMAC keyed with the server secret and bound to the request id:
a copied database alone is not enough to recover them by trying all million values.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, select

from spoticlone.models import CodePurpose, EmailCode, User
from spoticlone.models.common import saved_id
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.errors import Invalid, RateLimited

log = logging.getLogger(__name__)

CODE_TTL = timedelta(minutes=10)
MAX_WRONG_TRIES = 5
RESEND_COOLDOWN = timedelta(seconds=60)
DAILY_CODE_CAP = 10
_DAY = timedelta(days=1)

CODE_NOT_VALID = "That code is not valid. Check the latest email we sent, or ask for a new code."
CODE_USED = "That code has already been used or replaced by a newer one. Ask for a new code."
CODE_EXPIRED = "That code has expired. Ask for a new one."
CODE_LOCKED = "Too many wrong tries for this code. Ask for a new code."
CODE_FORMAT = "Enter the 6-digit code from the email."


@dataclass(frozen=True)
class IssuedCode:
    """What the mailer needs: where to send which code. The raw code exists only here."""

    user_id: int
    email: str
    purpose: CodePurpose
    request_id: str
    code: str
    expires_at: datetime


def _secret() -> bytes:
    from spoticlone.config import get_settings

    return get_settings().secret.encode()


def hash_code(request_id: str, code: str) -> str:
    """HMAC-SHA256 of the code, bound to its request id and keyed with the server secret."""
    return hmac.new(_secret(), f"{request_id}:{code}".encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    """Six digits from the OS CSPRNG (leading zeros kept)."""
    return f"{secrets.randbelow(10**6):06d}"


def new_request_id() -> str:
    """Random handle (192 bits) that binds a code to the flow that asked for it."""
    return secrets.token_urlsafe(24)


def issue_code(
    session: Session,
    *,
    user: User,
    purpose: CodePurpose,
    clock: Clock = SYSTEM_CLOCK,
    new_email: str | None = None,
) -> IssuedCode:
    """Create a code for ``user`` and ``purpose``; earlier unused ones stop working.

    Refuses with ``RateLimited`` within ``RESEND_COOLDOWN`` of the previous code and
    after ``DAILY_CODE_CAP`` codes in 24 hours, which also caps how many guesses one
    account can get per day (cap x 5). Commits.
    """
    user_id = saved_id(user)
    now = clock.now()
    recent = session.exec(
        select(EmailCode)
        .where(EmailCode.user_id == user_id, EmailCode.purpose == purpose)
        .where(EmailCode.created_at > now - _DAY)
        .order_by(col(EmailCode.created_at).desc())
    ).all()
    _check_resend([row.created_at for row in recent], now)
    session.execute(
        update(EmailCode)
        .where(col(EmailCode.user_id) == user_id, col(EmailCode.purpose) == purpose)
        .where(col(EmailCode.used_at).is_(None))
        .values(used_at=now)
    )
    code, request_id = new_code(), new_request_id()
    row = EmailCode(
        user_id=user_id,
        purpose=purpose,
        code_hash=hash_code(request_id, code),
        new_email=new_email,
        request_id=request_id,
        expires_at=now + CODE_TTL,
        created_at=now,
    )
    session.add(row)
    session.commit()
    log.info("issued %s code for user %s", purpose.value, user_id)
    return IssuedCode(user_id, new_email or user.email, purpose, request_id, code, row.expires_at)


#: A stand-in is checked like the code it stands in for (tries counted, expiry, lock), and
#: its empty hash never matches, so it fails exactly as a wrong guess at a real one does.
_ACCEPTED = {CodePurpose.VERIFY_EMAIL: (CodePurpose.VERIFY_EMAIL, CodePurpose.SIGN_UP_TAKEN)}


def issue_stand_in(session: Session, *, user: User, resend: bool = False, clock: Clock = SYSTEM_CLOCK) -> IssuedCode:
    """A ``SIGN_UP_TAKEN`` row for ``user`` (the owner of an address someone signed up with).

    Nothing is mailed from it and no code matches it (``code`` is empty). A ``resend``
    meets the cooldown and daily cap of verification codes (counted over the stand-ins
    of that address) and replaces the earlier ones, as a real resend would. Commits.
    """
    user_id = saved_id(user)
    now = clock.now()
    if resend:
        recent = session.exec(
            select(EmailCode.created_at)
            .where(EmailCode.user_id == user_id, EmailCode.purpose == CodePurpose.SIGN_UP_TAKEN)
            .where(EmailCode.created_at > now - _DAY)
            .order_by(col(EmailCode.created_at).desc())
        ).all()
        _check_resend(list(recent), now)
        session.execute(
            update(EmailCode)
            .where(col(EmailCode.user_id) == user_id, col(EmailCode.purpose) == CodePurpose.SIGN_UP_TAKEN)
            .where(col(EmailCode.used_at).is_(None))
            .values(used_at=now)
        )
    request_id = new_request_id()
    row = EmailCode(user_id=user_id, purpose=CodePurpose.SIGN_UP_TAKEN, code_hash="", request_id=request_id,
                    expires_at=now + CODE_TTL, created_at=now)
    session.add(row)
    session.commit()
    return IssuedCode(user_id, user.email, CodePurpose.SIGN_UP_TAKEN, request_id, "", row.expires_at)


def _check_resend(recent: list[datetime], now: datetime) -> None:
    """``RateLimited`` within the cooldown of the newest code or over the daily cap (newest first)."""
    if recent and now - recent[0] < RESEND_COOLDOWN:
        wait = math.ceil((recent[0] + RESEND_COOLDOWN - now).total_seconds())
        raise RateLimited(f"A code was just sent. You can ask for another in {wait} seconds.", retry_after=wait)
    if len(recent) >= DAILY_CODE_CAP:
        wait = math.ceil((recent[-1] + _DAY - now).total_seconds())
        hours = max(1, math.ceil(wait / 3600))
        raise RateLimited(
            f"Too many codes were sent today. Try again in {hours} hour{'s' if hours > 1 else ''}.",
            retry_after=wait,
        )


def find_code(session: Session, request_id: str) -> EmailCode | None:
    """The code row for ``request_id`` (None for an unknown or malformed id)."""
    if not isinstance(request_id, str) or not request_id or len(request_id) > 64:
        return None
    return session.exec(select(EmailCode).where(EmailCode.request_id == request_id)).first()


def _attempts(session: Session, code_id: int) -> int:
    # A column query bypasses the identity map: we want the committed value.
    return session.exec(select(EmailCode.attempts).where(EmailCode.id == code_id)).one()


def consume_code(
    session: Session, *, request_id: str, code: str, purpose: CodePurpose, clock: Clock = SYSTEM_CLOCK
) -> EmailCode:
    """Check ``code`` for ``request_id`` and mark it used; raise ``Invalid`` otherwise.

    A malformed code (not six digits) is refused without using up a try: it cannot
    be right, and counting typos would only lock people out. Commits.
    """
    digits = "".join(str(code or "").split())
    if len(digits) != 6 or not digits.isascii() or not digits.isdigit():
        raise Invalid(CODE_FORMAT)
    row = find_code(session, request_id)
    if row is None or row.purpose not in _ACCEPTED.get(purpose, (purpose,)):
        raise Invalid(CODE_NOT_VALID)
    now = clock.now()
    if row.used_at is not None:
        raise Invalid(CODE_USED)
    if now >= row.expires_at:
        raise Invalid(CODE_EXPIRED)

    counted = cast(
        CursorResult,
        session.execute(
            update(EmailCode)
            .where(col(EmailCode.id) == row.id, col(EmailCode.attempts) < MAX_WRONG_TRIES)
            .where(col(EmailCode.used_at).is_(None))
            .values(attempts=EmailCode.attempts + 1)
        ),
    )
    session.commit()
    if counted.rowcount != 1:
        session.refresh(row)
        raise Invalid(CODE_USED if row.used_at is not None else CODE_LOCKED)

    if not hmac.compare_digest(row.code_hash, hash_code(row.request_id, digits)):
        left = MAX_WRONG_TRIES - _attempts(session, saved_id(row))
        log.info("wrong %s code for user %s (%s tries left)", purpose.value, row.user_id, left)
        if left <= 0:
            raise Invalid(CODE_LOCKED)
        raise Invalid(f"That code is not right. {left} {'try' if left == 1 else 'tries'} left.")

    used = cast(
        CursorResult,
        session.execute(
            update(EmailCode)
            .where(col(EmailCode.id) == row.id, col(EmailCode.used_at).is_(None))
            .values(used_at=now)
        ),
    )
    session.commit()
    if used.rowcount != 1:  # a parallel request with the right code won the race
        raise Invalid(CODE_USED)
    session.refresh(row)
    return row
