"""Sign-in as one or two steps, shared by the REST API and the Reflex pages.

``start_login`` checks the email and password (``accounts.authenticate``: throttled,
messages that reveal nothing). Without an authenticator app that is the whole
sign-in. With one, it returns an MFA ticket instead of a user id, and
``finish_login`` accepts a TOTP code or a recovery code for it: at most
``MFA_TRIES`` per ticket, and throttled per account like passwords, so starting over
does not buy unlimited guesses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from spoticlone.models import TicketKind, User
from spoticlone.services import accounts, auth_tickets, ratelimit, totp
from spoticlone.services.errors import Invalid, NotFound
from spoticlone.services.ratelimit import SYSTEM_CLOCK, Clock

MFA_TRIES = 5
MFA_ACCOUNT_LIMITS = ((10, timedelta(minutes=15)), (100, timedelta(hours=1)))
MFA_ADDRESS_LIMITS = ((50, timedelta(minutes=15)),)
WRONG_CODE = "That code is not right. Check your authenticator app and try again."


@dataclass(frozen=True)
class LoginStep:
    """Either ``user_id`` (signed in) or ``mfa_ticket`` (ask for the authenticator code)."""

    user_id: int | None = None
    mfa_ticket: str | None = None

    @property
    def needs_code(self) -> bool:
        return self.mfa_ticket is not None


def start_login(
    session: Session, *, email: str, password: str, client_ip: str | None, clock: Clock = SYSTEM_CLOCK
) -> LoginStep:
    user_id = accounts.authenticate(session, email=email, password=password, client_ip=client_ip, clock=clock)
    user = session.get(User, user_id)
    if user is not None and user.totp_enabled:
        return LoginStep(mfa_ticket=auth_tickets.issue_ticket(session, kind=TicketKind.MFA, user_id=user_id, clock=clock))
    return LoginStep(user_id=user_id)


def second_step_for(session: Session, *, user_id: int, clock: Clock = SYSTEM_CLOCK) -> LoginStep:
    """For sign-ins that did not use a password (Google): still ask for the app code."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("That account no longer exists.")
    if user.totp_enabled:
        return LoginStep(mfa_ticket=auth_tickets.issue_ticket(session, kind=TicketKind.MFA, user_id=user_id, clock=clock))
    return LoginStep(user_id=user_id)


def finish_login(
    session: Session, *, mfa_ticket: str, code: str, client_ip: str | None, clock: Clock = SYSTEM_CLOCK
) -> int:
    """The user id once ``code`` (TOTP or recovery code) matches; uses up the ticket."""
    ticket = auth_tickets.peek_ticket(session, token=mfa_ticket, kind=TicketKind.MFA, clock=clock)
    keys = [(ratelimit.address_key("mfa", client_ip), lim) for lim in MFA_ADDRESS_LIMITS]
    keys += [(ratelimit.account_key("mfa", str(ticket.user_id)), lim) for lim in MFA_ACCOUNT_LIMITS]
    counted = ratelimit.count_all(session, keys, clock)
    auth_tickets.count_attempt(session, ticket=ticket, limit=MFA_TRIES)
    user = session.get(User, ticket.user_id)
    if user is None or user.suspended:
        raise Invalid(auth_tickets.EXPIRED)
    if not totp.verify_for_login(session, user=user, code=code, clock=clock):
        raise Invalid(WRONG_CODE)
    ratelimit.refund(session, counted, clock)
    auth_tickets.consume_ticket(session, token=mfa_ticket, kind=TicketKind.MFA, clock=clock)
    return user.id
