"""Sign-up and email verification.

Every function here is synchronous and may hash a password (tens of milliseconds of
CPU and 64 MiB): async callers run the whole call with ``asyncio.to_thread``.

Signing up never tells a stranger whether an address has an account: an address that
has one looks like a new sign-up (after the same hashing work, and a stand-in code row
keeps the verify step alike too) and its owner is emailed instead. Usernames are
public, so a taken one is refused. Signing in is ``auth.credentials``; codes are
``auth.codes``; resets and password changes are ``accounts.password_reset``.
"""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from spoticlone.models import CodePurpose, User
from spoticlone.models.common import saved_id
from spoticlone.services.accounts import legal
from spoticlone.services.accounts.addresses import normalize_email, user_by_email
from spoticlone.services.auth import passwords
from spoticlone.services.auth.codes import consume_code, find_code, issue_code, issue_stand_in
from spoticlone.services.core import events, ratelimit
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.errors import (
    Conflict,
    Invalid,
    NotFound,
    RateLimited,
)

log = logging.getLogger(__name__)

MIN_AGE = 13
USERNAME_RE = re.compile(r"^[a-z0-9_.]{3,30}$")
USERNAME_TAKEN = "That username is taken. Choose another one."
TERMS_REQUIRED = "Accept the Terms of Service and the Privacy Policy to create an account."

_15_MIN, _HOUR = timedelta(minutes=15), timedelta(hours=1)
SIGNUP_ADDRESS_LIMITS = ((20, _HOUR),)
#: "Someone used your address" notices one address may receive (sign-ups and email changes together).
OWNER_NOTICE_LIMITS = ((3, _HOUR), (10, timedelta(days=1)))


class SignUp(NamedTuple):
    """What ``register`` did; unpacks as ``(user_id, request_id, code)``.

    ``code`` is None when the address already has an account (``user_id`` is that
    account): nothing was created, and the caller mails the owner a notice
    (``accounts.mail.verification_mail``) instead of a code, within
    ``OWNER_NOTICE_LIMITS`` (``owner_notice_allowed``), answering the person who
    signed up exactly as for a new address.
    """

    user_id: int
    request_id: str
    code: str | None


def normalize_username(raw: str) -> str:
    """Lower-cased username, or ``Invalid`` naming the rule it breaks."""
    name = (raw or "").strip().lower()
    if not USERNAME_RE.fullmatch(name):
        raise Invalid("Usernames are 3 to 30 characters: letters, digits, '_' and '.'.")
    if name.startswith(".") or name.endswith(".") or ".." in name:
        raise Invalid("A username cannot start or end with '.' or contain '..'.")
    return name


def _age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def check_date_of_birth(born: date | None, today: date) -> date:
    """Refuse missing, future, implausible or under-13 dates of birth."""
    if not isinstance(born, date):
        raise Invalid("Enter your date of birth.")
    if born > today or born.year < 1900:
        raise Invalid("Enter a real date of birth.")
    if _age_on(born, today) < MIN_AGE:
        raise Invalid(f"You must be at least {MIN_AGE} years old to create an account.")
    return born


def register(
    session: Session,
    *,
    email: str,
    username: str,
    password: str,
    date_of_birth: date | None,
    clock: Clock = SYSTEM_CLOCK,
    client_ip: str | None = None,
    accepted_terms: bool = True,
) -> SignUp:
    """Create an unverified listener and a verification code: ``(user_id, request_id, code)``.

    The code goes to the mailer; ``request_id`` goes to the browser that signed up and
    must come back with the code. Everything is validated before anything is written.

    An address that already has an account gets the same answer as a new one (a
    request id that matches nothing, after the same hashing work) and no code: the
    sign-up form must not tell a stranger which addresses have accounts. Usernames
    are public, so a taken one is still refused with ``Conflict``.

    Creating an account accepts the current Terms and Privacy Policy (recorded with their
    versions); the sign-up page asks with a checkbox and passes ``accepted_terms``.
    """
    email_norm = normalize_email(email)
    username_norm = normalize_username(username)
    born = check_date_of_birth(date_of_birth, clock.now().date())
    normalized_password = passwords.check_policy(password)
    if not accepted_terms:
        raise Invalid(TERMS_REQUIRED)
    if client_ip is not None:
        key = ratelimit.address_key("signup", client_ip)
        ratelimit.count_all(session, [(key, lim) for lim in SIGNUP_ADDRESS_LIMITS], clock)

    if _username_taken(session, username_norm):
        raise Conflict(USERNAME_TAKEN)
    password_hash = passwords.hash_password(normalized_password)
    existing = user_by_email(session, email_norm)
    if existing is not None:
        return _already_registered(session, existing, clock)

    user = User(
        email=email_norm,
        username=username_norm,
        password_hash=password_hash,
        date_of_birth=born,
        email_verified=False,
        created_at=clock.now(),
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        # A parallel sign-up took the email or username between our check and insert.
        session.rollback()
        if _username_taken(session, username_norm) or (existing := user_by_email(session, email_norm)) is None:
            raise Conflict(USERNAME_TAKEN) from None
        return _already_registered(session, existing, clock)
    events.emit(events.USER_SIGNED_UP, session, user=user)
    legal.record_signup_acceptance(session, new_user=user)
    issued = issue_code(session, user=user, purpose=CodePurpose.VERIFY_EMAIL, clock=clock)
    log.info("registered user %s", user.id)
    return SignUp(saved_id(user), issued.request_id, issued.code)


def _username_taken(session: Session, username: str) -> bool:
    return session.exec(select(User.id).where(func.lower(User.username) == username)).first() is not None


def _already_registered(session: Session, existing: User, clock: Clock) -> SignUp:
    # A stand-in code row, so that what follows (wrong-code tries, the resend cooldown)
    # also looks like a new sign-up.
    log.info("sign-up with the address of user %s: its owner is told instead", existing.id)
    return SignUp(saved_id(existing), issue_stand_in(session, user=existing, clock=clock).request_id, None)


def owner_notice_allowed(session: Session, *, email: str, clock: Clock = SYSTEM_CLOCK) -> bool:
    """Count one "someone used your address" notice to ``email``; False once its cap is reached.

    Anyone can sign up (or ask to move an account) with any address, so without a cap
    a stranger could fill an owner's inbox with notices. Over the cap the notice is
    simply not sent: the caller answers exactly as when it is, so the cap does not tell
    the stranger anything either. Every window is checked before any is counted, so a
    refused notice uses up nothing. Commits (the limiter does).
    """
    keys = [(ratelimit.account_key("owner_notice", email), lim) for lim in OWNER_NOTICE_LIMITS]
    try:
        for key, (limit, window) in keys:
            ratelimit.ensure_allowed(session, key=key, limit=limit, window=window, clock=clock)
        ratelimit.count_all(session, keys, clock)
    except RateLimited:
        log.info("notice cap reached for an address: no notice sent")
        return False
    return True


def resend_verification_code(session: Session, *, request_id: str, clock: Clock = SYSTEM_CLOCK):
    """A new verification code for the sign-up flow ``request_id`` (cooldown and daily cap apply).

    Returns an ``IssuedCode`` with a *new* request id: each code is bound to its own
    request. Its ``code`` is empty when nothing must be mailed (the flow was a sign-up
    with an address that has an account). Password resets do not use this: asking
    again goes through ``request_password_reset``, which never reveals whether the
    email exists.
    """
    row = find_code(session, request_id)
    if row is None or row.purpose not in (CodePurpose.VERIFY_EMAIL, CodePurpose.SIGN_UP_TAKEN):
        raise NotFound("That sign-up could not be found. Sign in to get a new code.")
    user = session.get(User, row.user_id)
    if user is None:
        raise NotFound("That sign-up could not be found. Sign in to get a new code.")
    if row.purpose == CodePurpose.SIGN_UP_TAKEN:
        # A sign-up with a taken address: answer like a real resend, mail nothing.
        return issue_stand_in(session, user=user, resend=True, clock=clock)
    if user.email_verified:
        raise Conflict("This email address is already verified. You can sign in.")
    return issue_code(session, user=user, purpose=CodePurpose.VERIFY_EMAIL, clock=clock)


def verify_email(session: Session, *, request_id: str, code: str, clock: Clock = SYSTEM_CLOCK) -> int:
    """Mark the account verified when ``code`` matches ``request_id``; returns the user id."""
    row = consume_code(session, request_id=request_id, code=code, purpose=CodePurpose.VERIFY_EMAIL, clock=clock)
    user = session.get(User, row.user_id)
    if user is None:  # pragma: no cover - the code row cascades with the user
        raise NotFound("That account no longer exists.")
    user.email_verified = True
    session.add(user)
    session.commit()
    log.info("verified email of user %s", user.id)
    return saved_id(user)
