"""Account flows that end in "email this person a code", with what the mailer needs.

The core services (``accounts``, ``auth.codes``) return a code and a request id;
the mail also needs the username to greet, and the pages need to know how long the
"send a new code" button must wait. These small wrappers add exactly that, so the
Reflex pages and the REST API mail the same thing without reading tables themselves.

``request_verification_code`` is the one a stranger can call with any email, so its
answer looks the same whether or not the address has an account waiting (like the
password reset request).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from spoticlone.models import CodePurpose, User
from spoticlone.services.accounts import addresses, password_reset, signup
from spoticlone.services.auth.codes import RESEND_COOLDOWN, find_code, issue_code, new_request_id
from spoticlone.services.core import ratelimit
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.errors import NotFound, RateLimited

RESEND_ADDRESS_LIMITS = ((20, timedelta(hours=1)),)
RESEND_ACCOUNT_LIMITS = ((5, timedelta(hours=1)),)


@dataclass(frozen=True)
class CodeToMail:
    """A flow's ``request_id`` for the browser and, when one was issued, the code to mail.

    ``code`` is None when nothing must be sent (unknown address, already verified,
    cooldown): the caller shows the same next step anyway. ``notify_owner`` says that
    the address already has an account whose owner gets a notice instead of a code
    (``accounts.mail.verification_mail``).
    """

    request_id: str
    code: str | None = None
    email: str = ""
    username: str = ""
    notify_owner: bool = False


def sign_up(
    session: Session,
    *,
    email: str,
    username: str,
    password: str,
    date_of_birth: date | None,
    client_ip: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
    accepted_terms: bool = True,
) -> CodeToMail:
    """``accounts.register`` plus the normalised address and username for the email.

    For an address that already has an account the answer has the same shape, with
    no code and ``notify_owner`` set, unless that address already got its share of
    notices (``signup.OWNER_NOTICE_LIMITS``): then nothing is mailed at all.
    """
    user_id, request_id, code = signup.register(
        session, email=email, username=username, password=password,
        date_of_birth=date_of_birth, client_ip=client_ip, clock=clock, accepted_terms=accepted_terms,
    )
    user = session.get(User, user_id)
    if user is None:  # pragma: no cover - register just created or found this account
        raise NotFound("That account no longer exists.")
    notify_owner = code is None and signup.owner_notice_allowed(session, email=user.email, clock=clock)
    return CodeToMail(request_id, code, user.email, user.username, notify_owner=notify_owner)


def new_code_for_request(session: Session, *, request_id: str, clock: Clock = SYSTEM_CLOCK) -> CodeToMail:
    """A fresh verification code for the sign-up flow ``request_id`` (a new request id too).

    Raises what ``accounts.resend_verification_code`` raises: ``NotFound``,
    ``Conflict`` (already verified) or ``RateLimited`` (cooldown, daily cap).
    """
    issued = signup.resend_verification_code(session, request_id=request_id, clock=clock)
    user = session.get(User, issued.user_id)
    return CodeToMail(issued.request_id, issued.code or None, issued.email, user.username if user else "")


def request_verification_code(
    session: Session, *, email: str, client_ip: str | None, clock: Clock = SYSTEM_CLOCK
) -> CodeToMail:
    """Start verification again for ``email``; the answer never reveals if it has an account.

    Throttled per client address and per email. An unknown, already verified or
    suspended address, or one inside its resend cooldown, silently gets no code and a
    random request id that matches nothing.
    """
    lookup = addresses.email_lookup_form(email)
    keys = [(ratelimit.address_key("resend", client_ip), lim) for lim in RESEND_ADDRESS_LIMITS]
    keys += [(ratelimit.account_key("resend", lookup), lim) for lim in RESEND_ACCOUNT_LIMITS]
    ratelimit.count_all(session, keys, clock)
    user = addresses.user_by_email(session, lookup)
    if user is None or user.email_verified or user.suspended:
        return CodeToMail(new_request_id())
    try:
        issued = issue_code(session, user=user, purpose=CodePurpose.VERIFY_EMAIL, clock=clock)
    except RateLimited:
        return CodeToMail(new_request_id())
    return CodeToMail(issued.request_id, issued.code, issued.email, user.username)


def forgot_password(
    session: Session, *, email: str, client_ip: str | None, clock: Clock = SYSTEM_CLOCK
) -> CodeToMail:
    """``accounts.request_password_reset`` plus the username to greet in the email."""
    ticket = password_reset.request_password_reset(session, email=email, client_ip=client_ip, clock=clock)
    if ticket.code is None or ticket.user_id is None:
        return CodeToMail(ticket.request_id)
    user = session.get(User, ticket.user_id)
    return CodeToMail(ticket.request_id, ticket.code, ticket.email or "", user.username if user else "")


def seconds_until_resend(session: Session, *, request_id: str, clock: Clock = SYSTEM_CLOCK) -> int:
    """How long "send a new code" must wait for the flow ``request_id`` (0: now, or unknown).

    Only the timestamp of a code the caller already holds the handle for is used, so
    this reveals nothing about other accounts.
    """
    row = find_code(session, request_id)
    if row is None:
        return 0
    left = (row.created_at + RESEND_COOLDOWN - clock.now()).total_seconds()
    return max(0, math.ceil(left))
