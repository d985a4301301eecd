"""Changing the email address of an account.

The new address only replaces the old one once a code sent *to the new address* comes
back, so nobody can move an account to a mailbox they do not control (or squat an
address someone else owns). Asking for the change needs the current password, so a
browser left signed in is not enough to take the account over through a reset.

An address that belongs to another account gets the same answer as a free one, so this
form cannot be used to find out who has an account: the code is issued as usual (same
cooldown, same tries) but sent to nobody, and the owner of that address is told instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from spoticlone.models import CodePurpose, User
from spoticlone.services.accounts.addresses import normalize_email, user_by_email
from spoticlone.services.accounts.password_reset import CHANGE_PASSWORD_LIMITS
from spoticlone.services.accounts.signup import owner_notice_allowed
from spoticlone.services.auth import passwords
from spoticlone.services.auth.codes import CODE_NOT_VALID, consume_code, find_code, issue_code
from spoticlone.services.core import ratelimit
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.errors import Conflict, Invalid, NotFound

log = logging.getLogger(__name__)

ADDRESS_IN_USE = "That email address can't be used. Choose another one."


@dataclass(frozen=True)
class EmailChangeStarted:
    """``request_email_change``'s answer; looks the same for a free and a taken address.

    ``code`` is set when it must be mailed to ``email`` (the new address). When it is
    None the address belongs to another account, whose owner (``owner_username``)
    gets a notice instead when ``notify_owner`` says so (not past the address's cap of
    notices); ``accounts.mail.send_email_change_step`` does either.
    """

    request_id: str
    email: str
    code: str | None = None
    owner_username: str = ""
    notify_owner: bool = False


@dataclass(frozen=True)
class EmailChanged:
    """Result of a confirmed change; the mailer tells ``old_email`` that it happened."""

    user_id: int
    old_email: str
    new_email: str


def request_email_change(
    session: Session, *, actor: User | None, new_email: str, current_password: str, clock: Clock = SYSTEM_CLOCK
) -> EmailChangeStarted:
    """Send a code to ``new_email`` (returned for the mailer); nothing changes yet.

    Wrong passwords share the throttle of ``change_password``; the resend cooldown
    and daily cap of email codes apply.
    """
    user = actor
    if user is None or user.id is None:
        raise NotFound("That account no longer exists.")
    user_id = user.id
    address = normalize_email(new_email)
    if address == user.email:
        raise Invalid("That is already your email address.")
    keys = [(ratelimit.account_key("change_password", str(user_id)), lim) for lim in CHANGE_PASSWORD_LIMITS]
    counted = ratelimit.count_all(session, keys, clock)
    if not passwords.verify_password(user.password_hash, current_password or ""):
        raise Invalid("Your current password is not right.")
    ratelimit.refund(session, counted, clock)
    issued = issue_code(session, user=user, purpose=CodePurpose.CHANGE_EMAIL, clock=clock, new_email=address)
    owner = user_by_email(session, address)
    if owner is not None:
        # The code is dropped here: nobody can confirm this change (and if a guess ever
        # matched, the unique address would refuse it in ``confirm_email_change``).
        log.info("user %s asked to move to the address of user %s: its owner is told", user_id, owner.id)
        notify = owner_notice_allowed(session, email=address, clock=clock)
        return EmailChangeStarted(issued.request_id, address, owner_username=owner.username, notify_owner=notify)
    return EmailChangeStarted(issued.request_id, issued.email, issued.code)


def confirm_email_change(
    session: Session, *, actor: User | None, request_id: str, code: str, clock: Clock = SYSTEM_CLOCK
) -> EmailChanged:
    """Switch to the new address once its code matches; the address counts as verified."""
    if actor is None or actor.id is None:
        raise NotFound("That account no longer exists.")
    user_id = actor.id
    row = find_code(session, request_id)
    if row is None or row.user_id != user_id or row.purpose != CodePurpose.CHANGE_EMAIL:
        # Checked before the code is tried: another account's flow is simply unknown here.
        raise Invalid(CODE_NOT_VALID)
    row = consume_code(session, request_id=request_id, code=code, purpose=CodePurpose.CHANGE_EMAIL, clock=clock)
    new_email = row.new_email
    if new_email is None:  # pragma: no cover - a change-email code always carries its address
        raise Invalid(CODE_NOT_VALID)
    user = session.get(User, user_id)
    if user is None:  # pragma: no cover - the code row cascades with the user
        raise NotFound("That account no longer exists.")
    old_email, user.email, user.email_verified = user.email, new_email, True
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        # Someone signed up with that address after the code was sent.
        session.rollback()
        raise Conflict(ADDRESS_IN_USE) from None
    log.info("email changed for user %s", user_id)
    return EmailChanged(user_id, old_email, user.email)
