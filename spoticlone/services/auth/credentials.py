"""Email and password sign-in: the check, its throttles, and what may be said after the right password.

Messages never tell a stranger whether an email has an account: a wrong password and an
unknown email both answer "Email or password is incorrect." after the same hashing work.
Only after the right password do we say that an account is suspended or not yet verified.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlmodel import Session

from spoticlone.models import User
from spoticlone.models.common import saved_id
from spoticlone.services.accounts.addresses import email_lookup_form, user_by_email
from spoticlone.services.auth import passwords
from spoticlone.services.core import ratelimit
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.errors import (
    ErrorCode,
    Invalid,
    PermissionDenied,
    RateLimited,
)

log = logging.getLogger(__name__)
_15_MIN, _HOUR = timedelta(minutes=15), timedelta(hours=1)
LOGIN_FAILED = "Email or password is incorrect."
EMAIL_NOT_VERIFIED = "Verify your email address first: enter the code we emailed you, or ask for a new one."
#: (limit, window) pairs, after NIST SP 800-63B 5.2.2. A guesser is held back by what
#: they control: one account from one address (tight), one address over all accounts
#: (looser, as a school or office shares one). The per-account ceiling counts failures
#: from everywhere, so anyone can reach it: it never refuses the owner, it only makes
#: the right password continue with an emailed code (``login.start_login``).
LOGIN_PAIR_LIMITS = ((10, _15_MIN), (30, _HOUR))
LOGIN_ADDRESS_LIMITS = ((50, _15_MIN), (300, _HOUR))
LOGIN_ACCOUNT_LIMITS = ((100, _HOUR),)


class AccountThrottled(RateLimited):
    """The account reached its ceiling of failed sign-ins from all addresses together.

    Raised before the password is looked at, so it says nothing about it. Callers that
    can run the emailed-code step (``login.start_login``) turn it into that step.
    """


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
    if user.password_hash is not None and passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        session.add(user)
        session.commit()
    return saved_id(user)
