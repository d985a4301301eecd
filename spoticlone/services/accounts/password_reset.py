"""Forgotten and changed passwords: reset with an emailed code, change with the current one.

A reset request looks the same whether or not the address is known. Both end the
account's other sessions. Every function here may hash a password (tens of milliseconds
of CPU and 64 MiB): async callers run the whole call with ``asyncio.to_thread``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from spoticlone.models import CodePurpose, User
from spoticlone.models.common import saved_id
from spoticlone.services.accounts.addresses import email_lookup_form, user_by_email
from spoticlone.services.auth import passwords
from spoticlone.services.auth.codes import consume_code, issue_code, new_request_id
from spoticlone.services.auth.sessions import (
    revoke_all_sessions,
)
from spoticlone.services.core import ratelimit
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.errors import (
    Invalid,
    NotFound,
    RateLimited,
)

log = logging.getLogger(__name__)
_15_MIN, _HOUR = timedelta(minutes=15), timedelta(hours=1)
RESET_ACCOUNT_LIMITS = ((5, _HOUR),)
RESET_ADDRESS_LIMITS = ((20, _HOUR),)
CHANGE_PASSWORD_LIMITS = ((10, _15_MIN),)


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
    revoke_all_sessions(session, user_id=saved_id(user), clock=clock)
    log.info("password reset for user %s", user.id)
    return saved_id(user)


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
