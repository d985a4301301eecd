"""Two-step sign-in with an authenticator app (TOTP, RFC 6238, via pyotp) and recovery codes.

Used by ``services.auth.login`` (``verify_for_login``), the ``/api/v1/me/two-step`` routes and
the ``/settings/two-step`` page.

Secrets at rest. The TOTP secret is what the phone app holds; anyone who reads it can
make codes forever. It is stored encrypted with Fernet (AES-128-CBC + HMAC-SHA256)
under a key derived from ``SPOTICLONE_SECRET_KEY`` with HKDF and the purpose label
below, so a leaked database or backup alone reveals no secret, and the key cannot be
confused with keys derived for other purposes (JWTs, recovery codes). Recovery codes
are random and long, so a fast keyed hash (HMAC-SHA256 under another derived key) is
enough: there is nothing to brute-force without the server key.

Rotating the secret key therefore disables every enrolled authenticator app and every
recovery code: the stored rows no longer decrypt or match, so those listeners cannot
finish a two-step sign-in. Before switching keys, re-encrypt the ``totp_secret``
column (``cryptography``'s ``MultiFernet([new, old]).rotate``) and ask listeners to make
new recovery codes; or, afterwards, turn two-step off for each affected account with
``python -m spoticlone.cli reset-two-step EMAIL`` (``operator_reset``) so they can set it
up again. The same command helps someone who lost both phone and recovery codes, once
the operator has checked who they are.

Replay. A code stays valid for its 30-second step plus one step either side
(``VALID_WINDOW``) to forgive phone clocks; the last accepted step is remembered
(``User.totp_last_step``) and only later steps are accepted, written with a conditional
UPDATE so two parallel requests cannot both use one code.

Guessing. Everything that compares a code or a password is throttled per account
(``ratelimit``) on top of the sign-in limits in ``services.auth.login``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import delete, func, or_, update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, select

from spoticlone.models import RecoveryCode, User
from spoticlone.models.common import saved_id
from spoticlone.services.accounts.addresses import user_by_email
from spoticlone.services.auth import passwords
from spoticlone.services.core import ratelimit, sealing
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.errors import Conflict, Invalid, NotFound

log = logging.getLogger(__name__)

ISSUER = "Spoticlone"
STEP_SECONDS = 30
DIGITS = 6
#: Steps accepted either side of "now": a phone clock may be off by up to ~30 s.
VALID_WINDOW = 1
RECOVERY_CODE_COUNT = 10
#: Lower-case letters and digits without look-alikes (0/o, 1/l/i): 31 symbols, so a
#: 10-character code carries ~49 bits, far beyond what the throttle lets anyone guess.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 10

_15_MIN = timedelta(minutes=15)
CONFIRM_LIMITS = ((10, _15_MIN), (50, timedelta(hours=24)))
REAUTH_LIMITS = ((10, _15_MIN),)

NOT_ON = "Two-step sign-in is not on for this account."
ALREADY_ON = "Two-step sign-in is already on. Turn it off first to set up another phone."
NO_PENDING = "Start the set-up again: scan a new QR code, then enter the code your app shows."
WRONG_SETUP_CODE = "That code is not right. Check that your phone's clock is set automatically and try again."
WRONG_PASSWORD = "Your password is not right."
WRONG_CODE = "That code is not right. Enter the code your authenticator app shows now, or a recovery code."
NEED_CODE = "Enter the code your authenticator app shows now, or one of your recovery codes."

_SEPARATORS = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class Enrolment:
    """What the phone needs: the secret (for typing), an ``otpauth://`` URI and its QR code."""

    secret_base32: str
    otpauth_uri: str
    qr_svg_data_uri: str


@dataclass(frozen=True)
class TwoStepStatus:
    """The two-step sign-in settings as the account page shows them."""

    enabled: bool
    recovery_codes_left: int
    #: False for accounts made with Google only: they confirm changes with a code instead.
    has_password: bool
    #: A QR code was shown but not yet confirmed with a code.
    pending: bool


def _fernet() -> Fernet:
    return sealing.fernet_for(b"spoticlone/totp-secret/v1")


def encrypt_secret(secret_base32: str) -> str:
    """The stored form of a TOTP secret (a Fernet token, ~140 characters)."""
    return _fernet().encrypt(secret_base32.encode()).decode()


def decrypt_secret(stored: str | None) -> str | None:
    """The base32 secret, or None when missing or unreadable (e.g. the secret key changed)."""
    if not stored:
        return None
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except InvalidToken:
        log.warning("a stored TOTP secret could not be decrypted (was SPOTICLONE_SECRET_KEY changed?)")
        return None


def normalize_code(raw: str | None) -> str:
    """A typed code without spaces or dashes, lower-cased ("123 456", "ABCDE-FGHJK")."""
    return _SEPARATORS.sub("", raw or "").lower()[:64]


def _recovery_hash(code: str) -> str:
    key = sealing.derive_key(b"spoticlone/recovery-code/v1")
    return hmac.new(key, normalize_code(code).encode(), hashlib.sha256).hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def _current_step(clock: Clock) -> int:
    return int(clock.now().timestamp()) // STEP_SECONDS


def matching_step(secret_base32: str, code: str, clock: Clock) -> int | None:
    """The time step (within ``VALID_WINDOW``) whose code is ``code``, or None."""
    if not re.fullmatch(rf"\d{{{DIGITS}}}", code):
        return None
    otp = pyotp.TOTP(secret_base32, digits=DIGITS, interval=STEP_SECONDS)
    now_step = _current_step(clock)
    found = None
    for step in range(now_step - VALID_WINDOW, now_step + VALID_WINDOW + 1):
        # Compare every candidate (no early exit) in constant time.
        if hmac.compare_digest(otp.at(step * STEP_SECONDS), code):
            found = step
    return found


def _count(session: Session, action: str, user_id: int, limits, clock: Clock):
    return ratelimit.count_all(session, [(ratelimit.account_key(action, str(user_id)), lim) for lim in limits], clock)


def _codes_left(session: Session, user_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(RecoveryCode).where(
            RecoveryCode.user_id == user_id, col(RecoveryCode.used_at).is_(None)
        )
    ).one()


def _replace_recovery_codes(session: Session, user_id: int, clock: Clock) -> list[str]:
    """Delete the old codes and store ``RECOVERY_CODE_COUNT`` new ones (hashed); no commit."""
    session.execute(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user_id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    now = clock.now()
    for code in codes:
        session.add(RecoveryCode(user_id=user_id, code_hash=_recovery_hash(code), created_at=now))
    return codes


def status(session: Session, *, actor: User | None) -> TwoStepStatus:
    """Whether two-step sign-in is on and how many recovery codes are left."""
    user = require_user(actor)
    return TwoStepStatus(
        enabled=user.totp_enabled,
        recovery_codes_left=_codes_left(session, saved_id(user)) if user.totp_enabled else 0,
        has_password=bool(user.password_hash),
        pending=bool(user.totp_pending_secret) and not user.totp_enabled,
    )


def begin_enrolment(session: Session, *, actor: User | None) -> Enrolment:
    """A new secret for the phone to scan; it only counts after ``confirm_enrolment``.

    Starting again replaces the pending secret, so an old QR code stops working.
    """
    user = require_user(actor)
    if user.totp_enabled:
        raise Conflict(ALREADY_ON)
    secret = pyotp.random_base32()  # 32 characters = 160 bits, as RFC 4226 recommends
    uri = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=user.email, issuer_name=ISSUER
    )
    qr = segno.make(uri, error="m").svg_data_uri(scale=5, border=2, dark="#000000", light="#ffffff")
    user.totp_pending_secret = encrypt_secret(secret)
    session.add(user)
    session.commit()
    log.info("two-step set-up started for user %s", user.id)
    return Enrolment(secret_base32=secret, otpauth_uri=uri, qr_svg_data_uri=qr)


def confirm_enrolment(
    session: Session, *, actor: User | None, code: str, clock: Clock = SYSTEM_CLOCK
) -> list[str]:
    """Turn two-step sign-in on once the phone shows the right code.

    Returns the recovery codes: the only time they exist in the clear, so the caller
    must show them now. The confirming step is recorded, so the same code cannot then
    be used to sign in.
    """
    user = require_user(actor)
    if user.totp_enabled:
        raise Conflict(ALREADY_ON)
    secret = decrypt_secret(user.totp_pending_secret)
    if secret is None:
        raise Invalid(NO_PENDING)
    counted = _count(session, "totp_confirm", saved_id(user), CONFIRM_LIMITS, clock)
    step = matching_step(secret, normalize_code(code), clock)
    if step is None:
        raise Invalid(WRONG_SETUP_CODE)
    ratelimit.refund(session, counted, clock)
    user.totp_secret = user.totp_pending_secret
    user.totp_pending_secret = None
    user.totp_enabled = True
    user.totp_last_step = step
    session.add(user)
    codes = _replace_recovery_codes(session, saved_id(user), clock)
    session.commit()
    log.info("two-step sign-in turned on for user %s", user.id)
    return codes


def _use_totp(session: Session, user: User, code: str, clock: Clock) -> bool:
    secret = decrypt_secret(user.totp_secret)
    step = matching_step(secret, code, clock) if secret else None
    if step is None:
        return False
    # Only a step later than the last accepted one, decided by the database so two
    # parallel requests with one code cannot both win.
    result = cast(
        CursorResult,
        session.execute(
            update(User)
            .where(
                col(User.id) == user.id,
                or_(col(User.totp_last_step).is_(None), col(User.totp_last_step) < step),
            )
            .values(totp_last_step=step)
        ),
    )
    session.commit()
    if result.rowcount != 1:
        log.info("refused a replayed TOTP code for user %s", user.id)
        return False
    session.refresh(user)
    return True


def _use_recovery_code(session: Session, user: User, code: str, clock: Clock) -> bool:
    if len(code) != RECOVERY_LENGTH:
        return False
    result = cast(
        CursorResult,
        session.execute(
            update(RecoveryCode)
            .where(
                col(RecoveryCode.user_id) == user.id,
                col(RecoveryCode.code_hash) == _recovery_hash(code),
                col(RecoveryCode.used_at).is_(None),
            )
            .values(used_at=clock.now())
        ),
    )
    session.commit()
    if result.rowcount:
        log.info("user %s used a recovery code (%s left)", user.id, _codes_left(session, saved_id(user)))
    return bool(result.rowcount)


def verify_for_login(session: Session, *, user: User, code: str, clock: Clock = SYSTEM_CLOCK) -> bool:
    """True when ``code`` is a fresh TOTP code or an unused recovery code (now used up).

    Not throttled here: ``services.auth.login.finish_login`` counts every attempt per
    ticket, account and address before calling this. Spaces and dashes are ignored.
    """
    if not user.totp_enabled:
        return False
    typed = normalize_code(code)
    if typed.isdigit():
        return _use_totp(session, user, typed, clock)
    return _use_recovery_code(session, user, typed, clock)


def _confirm_identity(
    session: Session, user: User, *, password: str | None, code: str | None, action: str, clock: Clock
) -> None:
    """Re-check who is at the keyboard before a change that weakens or resets two-step.

    Accounts with a password give the password. Accounts made with Google have none,
    so they give a current authenticator code (or a recovery code) instead: that also
    proves the change is wanted by whoever holds the phone.
    """
    counted = _count(session, action, saved_id(user), REAUTH_LIMITS, clock)
    if user.password_hash:
        if not passwords.verify_password(user.password_hash, password or ""):
            raise Invalid(WRONG_PASSWORD)
    else:
        if not normalize_code(code):
            raise Invalid(NEED_CODE)
        if not verify_for_login(session, user=user, code=code or "", clock=clock):
            raise Invalid(WRONG_CODE)
    ratelimit.refund(session, counted, clock)


def disable(
    session: Session,
    *,
    actor: User | None,
    password: str | None = None,
    code: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    """Turn two-step sign-in off: forget the secret and every recovery code.

    Needs the account password, or (for Google-only accounts) a current code.
    """
    user = require_user(actor)
    if not user.totp_enabled:
        raise Conflict(NOT_ON)
    _confirm_identity(session, user, password=password, code=code, action="totp_disable", clock=clock)
    _turn_off(session, user)
    log.info("two-step sign-in turned off for user %s", user.id)


def _turn_off(session: Session, user: User) -> None:
    """Forget the secret, any pending one and every recovery code; commits."""
    user.totp_enabled = False
    user.totp_secret = None
    user.totp_pending_secret = None
    user.totp_last_step = None
    session.add(user)
    session.execute(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user.id))
    session.commit()


def regenerate_recovery_codes(
    session: Session,
    *,
    actor: User | None,
    password: str | None = None,
    code: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> list[str]:
    """Replace every recovery code (the old ones stop working); returns the new ones once."""
    user = require_user(actor)
    if not user.totp_enabled:
        raise Conflict(NOT_ON)
    _confirm_identity(session, user, password=password, code=code, action="totp_codes", clock=clock)
    codes = _replace_recovery_codes(session, saved_id(user), clock)
    session.commit()
    log.info("new recovery codes for user %s", user.id)
    return codes


def operator_reset(session: Session, *, email: str) -> bool:
    """Turn two-step off for ``email`` on behalf of the server operator (the CLI).

    No actor: whoever runs the CLI owns the server and its database anyway. Returns
    False when it was already off. Unknown emails raise ``NotFound``.
    """
    user = user_by_email(session, email)
    if user is None:
        raise NotFound(f"No account has the email address {email!r}.")
    was_on = user.totp_enabled
    _turn_off(session, user)
    log.info("operator turned two-step sign-in off for user %s", user.id)
    return was_on
