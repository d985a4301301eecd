"""Sign-up, email verification, sign-in, password reset and password change.

Every function here is synchronous and may hash a password (tens of milliseconds of
CPU and 64 MiB): async callers run the whole call with ``asyncio.to_thread``.

Messages never tell a stranger whether an email has an account: sign-in answers
"Email or password is incorrect." for both, spends the same hashing work either way,
and a reset request looks the same whether or not the address is known. Signing up
with an address that has an account looks like a new sign-up (a stand-in code row keeps
the verify step alike too) and its owner is emailed instead. Only after the right
password do we say that an account is suspended or not yet verified.

Sessions (``create_session`` and friends) live in ``accounts_sessions`` and codes in
``accounts_codes``; the session functions are re-exported here for convenience.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from spoticlone.models import CodePurpose, User
from spoticlone.services import passwords, ratelimit
from spoticlone.services.accounts_codes import (
    consume_code,
    find_code,
    issue_code,
    issue_stand_in,
    new_request_id,
)
from spoticlone.services.accounts_sessions import (  # noqa: F401 - re-exported
    create_session,
    revoke_all_sessions,
    revoke_session,
    user_for_token,
)
from spoticlone.services.errors import (
    Conflict,
    ErrorCode,
    Invalid,
    NotFound,
    PermissionDenied,
    RateLimited,
)
from spoticlone.services.ratelimit import SYSTEM_CLOCK, Clock

log = logging.getLogger(__name__)

MIN_AGE = 13
USERNAME_RE = re.compile(r"^[a-z0-9_.]{3,30}$")
LOGIN_FAILED = "Email or password is incorrect."
USERNAME_TAKEN = "That username is taken. Choose another one."
EMAIL_NOT_VERIFIED = "Verify your email address first: enter the code we emailed you, or ask for a new one."

_15_MIN, _HOUR = timedelta(minutes=15), timedelta(hours=1)
#: (limit, window) pairs, after NIST SP 800-63B 5.2.2. A guesser is held back by what
#: they control: one account from one address (tight), one address over all accounts
#: (looser, as a school or office shares one). The per-account ceiling counts failures
#: from everywhere, so anyone can reach it: it never refuses the owner, it only makes
#: the right password continue with an emailed code (``login.start_login``).
LOGIN_PAIR_LIMITS = ((10, _15_MIN), (30, _HOUR))
LOGIN_ADDRESS_LIMITS = ((50, _15_MIN), (300, _HOUR))
LOGIN_ACCOUNT_LIMITS = ((100, _HOUR),)
SIGNUP_ADDRESS_LIMITS = ((20, _HOUR),)
RESET_ACCOUNT_LIMITS = ((5, _HOUR),)
RESET_ADDRESS_LIMITS = ((20, _HOUR),)
CHANGE_PASSWORD_LIMITS = ((10, _15_MIN),)


class AccountThrottled(RateLimited):
    """The account reached its ceiling of failed sign-ins from all addresses together.

    Raised before the password is looked at, so it says nothing about it. Callers that
    can run the emailed-code step (``login.start_login``) turn it into that step.
    """


class SignUp(NamedTuple):
    """What ``register`` did; unpacks as ``(user_id, request_id, code)``.

    ``code`` is None when the address already has an account (``user_id`` is that
    account): nothing was created, and the caller mails the owner a notice
    (``account_mail.verification_mail``) instead of a code, answering the person
    who signed up exactly as for a new address.
    """

    user_id: int
    request_id: str
    code: str | None


@dataclass(frozen=True)
class PasswordResetTicket:
    """The answer to a reset request; looks the same whether or not the email is known.

    ``request_id`` always exists (a random one that matches nothing for an unknown
    address), so adapters can show the same "enter the code" step either way.
    ``code``, ``user_id`` and ``email`` are set only when a code must be mailed.
    """

    request_id: str
    code: str | None = None
    user_id: int | None = None
    email: str | None = None


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


def user_by_email(session: Session, email: str) -> User | None:
    """The account with this address, in any spelling (``email_lookup_form``), or None."""
    # Emails are stored in ``normalize_email`` form (lower-case), so a plain equality
    # uses the unique index instead of scanning every account.
    return session.exec(select(User).where(User.email == email_lookup_form(email))).first()


def register(
    session: Session,
    *,
    email: str,
    username: str,
    password: str,
    date_of_birth: date | None,
    clock: Clock = SYSTEM_CLOCK,
    client_ip: str | None = None,
) -> SignUp:
    """Create an unverified listener and a verification code: ``(user_id, request_id, code)``.

    The code goes to the mailer; ``request_id`` goes to the browser that signed up and
    must come back with the code. Everything is validated before anything is written.

    An address that already has an account gets the same answer as a new one (a
    request id that matches nothing, after the same hashing work) and no code: the
    sign-up form must not tell a stranger which addresses have accounts. Usernames
    are public, so a taken one is still refused with ``Conflict``.
    """
    email_norm = normalize_email(email)
    username_norm = normalize_username(username)
    born = check_date_of_birth(date_of_birth, clock.now().date())
    normalized_password = passwords.check_policy(password)
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
    issued = issue_code(session, user=user, purpose=CodePurpose.VERIFY_EMAIL, clock=clock)
    log.info("registered user %s", user.id)
    return SignUp(user.id, issued.request_id, issued.code)


def _username_taken(session: Session, username: str) -> bool:
    return session.exec(select(User.id).where(func.lower(User.username) == username)).first() is not None


def _already_registered(session: Session, existing: User, clock: Clock) -> SignUp:
    # A stand-in code row, so that what follows (wrong-code tries, the resend cooldown)
    # also looks like a new sign-up.
    log.info("sign-up with the address of user %s: its owner is told instead", existing.id)
    return SignUp(existing.id, issue_stand_in(session, user=existing, clock=clock).request_id, None)


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
    return user.id


def authenticate(
    session: Session, *, email: str, password: str, client_ip: str | None, clock: Clock = SYSTEM_CLOCK
) -> int:
    """The user id for a correct email and password; raise a domain error otherwise.

    Every attempt is counted per client address, per (account, address) and per
    account (also for unknown emails) before the password is checked, and given back
    when it succeeds, so the limits count failures while parallel guesses still stop
    at the limit. The first two raise ``RateLimited``: only that client waits. The
    per-account ceiling raises ``AccountThrottled`` without checking the password.
    """
    lookup = email_lookup_form(email)
    keys = [(ratelimit.address_key("login", client_ip), lim) for lim in LOGIN_ADDRESS_LIMITS]
    keys += [(ratelimit.pair_key("login", lookup, client_ip), lim) for lim in LOGIN_PAIR_LIMITS]
    counted = ratelimit.count_all(session, keys, clock)
    try:
        counted += ratelimit.count_all(
            session, [(ratelimit.account_key("login", lookup), lim) for lim in LOGIN_ACCOUNT_LIMITS], clock
        )
    except RateLimited as exc:
        log.info("sign-in: account over its failure ceiling, an emailed code is needed")
        raise AccountThrottled(exc.message, retry_after=exc.retry_after) from None

    user = password_user(session, email=lookup, password=password)
    if user is None:
        raise Invalid(LOGIN_FAILED)
    ratelimit.refund(session, counted, clock)
    return admit(session, user=user, password=password)


def password_user(session: Session, *, email: str, password: str) -> User | None:
    """The account if ``password`` is its password, else None; never counts, never says why.

    An unknown email costs the same hashing work as a wrong password. Callers count
    the attempt first (``authenticate``).
    """
    user = user_by_email(session, email)
    if user is None:
        passwords.burn_verification_time(password or "")
        log.info("sign-in failed: unknown email")
        return None
    if not passwords.verify_password(user.password_hash, password or ""):
        log.info("sign-in failed: wrong password for user %s", user.id)
        return None
    return user


def admit(session: Session, *, user: User, password: str) -> int:
    """After the right password: refuse suspended or unverified accounts, upgrade old hashes."""
    if user.suspended:
        raise PermissionDenied("This account is suspended. Contact the administrators if you think this is a mistake.")
    if not user.email_verified:
        raise PermissionDenied(EMAIL_NOT_VERIFIED, code=ErrorCode.EMAIL_NOT_VERIFIED)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        session.add(user)
        session.commit()
    return user.id


def request_password_reset(
    session: Session, *, email: str, client_ip: str | None, clock: Clock = SYSTEM_CLOCK
) -> PasswordResetTicket:
    """Start a password reset; the answer looks the same whether or not the email is known.

    Throttled per address and per email (known or not). A known account inside its
    resend cooldown or over its daily cap silently gets no new code, because saying so
    would reveal that the account exists.
    """
    lookup = email_lookup_form(email)
    keys = [(ratelimit.address_key("reset", client_ip), lim) for lim in RESET_ADDRESS_LIMITS]
    keys += [(ratelimit.account_key("reset", lookup), lim) for lim in RESET_ACCOUNT_LIMITS]
    ratelimit.count_all(session, keys, clock)

    user = user_by_email(session, lookup)
    if user is None:
        log.info("password reset requested for an unknown email")
        return PasswordResetTicket(request_id=new_request_id())
    try:
        issued = issue_code(session, user=user, purpose=CodePurpose.RESET_PASSWORD, clock=clock)
    except RateLimited:
        log.info("password reset for user %s not sent: cooldown or daily cap", user.id)
        return PasswordResetTicket(request_id=new_request_id())
    return PasswordResetTicket(issued.request_id, issued.code, user.id, issued.email)


def reset_password(
    session: Session, *, request_id: str, code: str, new_password: str, clock: Clock = SYSTEM_CLOCK
) -> int:
    """Set a new password with an emailed code; ends every session. Returns the user id.

    The new password is checked before the code so a refused password does not use up
    the code. Receiving the code proves the mailbox, so the email counts as verified.
    """
    normalized = passwords.check_policy(new_password)
    row = consume_code(session, request_id=request_id, code=code, purpose=CodePurpose.RESET_PASSWORD, clock=clock)
    user = session.get(User, row.user_id)
    if user is None:  # pragma: no cover - the code row cascades with the user
        raise NotFound("That account no longer exists.")
    user.password_hash = passwords.hash_password(normalized)
    user.email_verified = True
    session.add(user)
    session.commit()
    revoke_all_sessions(session, user_id=user.id, clock=clock)
    log.info("password reset for user %s", user.id)
    return user.id


def change_password(
    session: Session,
    *,
    actor: User | None,
    current_password: str,
    new_password: str,
    keep_token: str | None,
    clock: Clock = SYSTEM_CLOCK,
    keep_session_id: int | None = None,
) -> None:
    """Replace the password after checking the current one; ends every other session.

    ``keep_token`` is the session the change was made from, which stays signed in
    (an API client names its session by id instead: ``keep_session_id``).
    Wrong current passwords are throttled like sign-ins, so a borrowed unlocked
    browser cannot be used to guess the password.
    """
    user = actor
    if user is None or user.id is None:
        raise NotFound("That account no longer exists.")
    user_id = user.id
    normalized = passwords.check_policy(new_password)
    keys = [(ratelimit.account_key("change_password", str(user_id)), lim) for lim in CHANGE_PASSWORD_LIMITS]
    counted = ratelimit.count_all(session, keys, clock)
    if not passwords.verify_password(user.password_hash, current_password or ""):
        raise Invalid("Your current password is not right.")
    ratelimit.refund(session, counted, clock)
    if passwords.verify_password(user.password_hash, normalized):
        raise Invalid("Choose a new password that is different from the current one.")
    user.password_hash = passwords.hash_password(normalized)
    session.add(user)
    session.commit()
    revoke_all_sessions(
        session, user_id=user_id, except_token=keep_token, clock=clock, except_session_id=keep_session_id
    )
    log.info("password changed for user %s", user_id)
