"""Sign-in as one or two steps, shared by the REST API and the Reflex pages.

``start_login`` checks the email and password (``accounts.authenticate``: throttled,
messages that reveal nothing). Without an authenticator app that is the whole
sign-in. With one, it returns an MFA ticket instead of a user id, and
``finish_login`` accepts a TOTP code or a recovery code for it: at most
``MFA_TRIES`` per ticket, and throttled per account like passwords, so starting over
does not buy unlimited guesses.

Failed passwords are throttled per client and per (account, client): a guesser waits,
the owner elsewhere does not. An account that has had ``LOGIN_ACCOUNT_LIMITS`` failures
from everywhere together is not locked: ``start_login`` answers every attempt on it,
right or wrong password, with the same "enter the code we emailed" step, and mails a
code only when the password was right. ``finish_email_code`` takes that code. So the
owner still gets in with password plus mailbox, while a guesser learns nothing from
passwords tried beyond the ceiling (NIST SP 800-63B 5.2.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select

from spoticlone.models import CodePurpose, EmailCode, TicketKind, User
from spoticlone.models.common import saved_id
from spoticlone.services.accounts.resend import CodeToMail
from spoticlone.services.auth import credentials, tickets, totp
from spoticlone.services.auth.codes import consume_code, issue_code, new_request_id
from spoticlone.services.core import ratelimit
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied, RateLimited

MFA_TRIES = 5
MFA_ACCOUNT_LIMITS = ((10, timedelta(minutes=15)), (100, timedelta(hours=1)))
MFA_ADDRESS_LIMITS = ((50, timedelta(minutes=15)),)
WRONG_CODE = "That code is not right. Check your authenticator app and try again."
EMAIL_CODE_STEP = (
    "There have been many failed attempts to sign in to this account, so we need one more "
    "check. If the email and password are right, we have emailed a 6-digit code to that "
    "address: enter it to finish signing in."
)


@dataclass(frozen=True)
class LoginStep:
    """``user_id`` (signed in), ``mfa_ticket`` (ask for the authenticator code) or
    ``email_code`` (ask for the code mailed to the account; mail it if it has a code).
    """

    user_id: int | None = None
    mfa_ticket: str | None = None
    email_code: CodeToMail | None = None

    @property
    def needs_code(self) -> bool:
        """The account has two-step sign-in: an app or recovery code comes next."""
        return self.mfa_ticket is not None

    @property
    def needs_email_code(self) -> bool:
        """Sign-in was throttled: a code mailed to the account comes next."""
        return self.email_code is not None


def _after_password(session: Session, user_id: int, clock: Clock) -> LoginStep:
    user = session.get(User, user_id)
    if user is not None and user.totp_enabled:
        ticket = tickets.issue_ticket(session, kind=TicketKind.MFA, user_id=user_id, clock=clock)
        return LoginStep(mfa_ticket=ticket)
    return LoginStep(user_id=user_id)


def start_login(
    session: Session, *, email: str, password: str, client_ip: str | None, clock: Clock = SYSTEM_CLOCK
) -> LoginStep:
    """Check email and password; the user id, or the next step (app code, emailed code)."""
    try:
        user_id = credentials.authenticate(session, email=email, password=password, client_ip=client_ip, clock=clock)
    except credentials.AccountThrottled:
        return LoginStep(email_code=_email_code_step(session, email=email, password=password, clock=clock))
    return _after_password(session, user_id, clock)


def _email_code_step(session: Session, *, email: str, password: str, clock: Clock) -> CodeToMail:
    """The answer for an account over its ceiling: the same whether or not anything is mailed.

    The attempt was already counted per client and per (account, client). A wrong
    password or unknown email gets a random request id that matches nothing. Inside
    the resend cooldown (or over the daily cap) no new mail goes out and the caller,
    who just proved the password, gets the pending code's request id back.
    """
    user = credentials.password_user(session, email=email, password=password)
    if user is None:
        return CodeToMail(new_request_id())
    try:
        issued = issue_code(session, user=user, purpose=CodePurpose.SIGN_IN, clock=clock)
    except RateLimited:
        pending = session.exec(
            select(EmailCode.request_id)
            .where(EmailCode.user_id == user.id, EmailCode.purpose == CodePurpose.SIGN_IN)
            .where(col(EmailCode.used_at).is_(None), EmailCode.expires_at > clock.now())
            .order_by(col(EmailCode.created_at).desc())
        ).first()
        return CodeToMail(pending or new_request_id())
    return CodeToMail(issued.request_id, issued.code, issued.email, user.username)


def finish_email_code(session: Session, *, request_id: str, code: str, clock: Clock = SYSTEM_CLOCK) -> LoginStep:
    """The emailed code of ``start_login``'s third kind of step; then signed in or the app code.

    Five tries per code, one code a minute and ten a day (``auth.codes``). The
    code arrived in the mailbox, so the address counts as verified from here on.
    """
    row = consume_code(session, request_id=request_id, code=code, purpose=CodePurpose.SIGN_IN, clock=clock)
    user = session.get(User, row.user_id)
    if user is None:  # pragma: no cover - the code row cascades with the user
        raise NotFound("That account no longer exists.")
    if user.suspended:
        raise PermissionDenied("This account is suspended. Contact the administrators if you think this is a mistake.")
    if not user.email_verified:
        user.email_verified = True
        session.add(user)
        session.commit()
    return _after_password(session, saved_id(user), clock)


def second_step_for(session: Session, *, user_id: int, clock: Clock = SYSTEM_CLOCK) -> LoginStep:
    """For sign-ins that did not use a password (Google): still ask for the app code."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("That account no longer exists.")
    if user.totp_enabled:
        ticket = tickets.issue_ticket(session, kind=TicketKind.MFA, user_id=user_id, clock=clock)
        return LoginStep(mfa_ticket=ticket)
    return LoginStep(user_id=user_id)


def finish_login(
    session: Session, *, mfa_ticket: str, code: str, client_ip: str | None, clock: Clock = SYSTEM_CLOCK
) -> int:
    """The user id once ``code`` (TOTP or recovery code) matches; uses up the ticket."""
    ticket = tickets.peek_ticket(session, token=mfa_ticket, kind=TicketKind.MFA, clock=clock)
    keys = [(ratelimit.address_key("mfa", client_ip), lim) for lim in MFA_ADDRESS_LIMITS]
    keys += [(ratelimit.account_key("mfa", str(ticket.user_id)), lim) for lim in MFA_ACCOUNT_LIMITS]
    counted = ratelimit.count_all(session, keys, clock)
    tickets.count_attempt(session, ticket=ticket, limit=MFA_TRIES)
    user = session.get(User, ticket.user_id)
    if user is None or user.suspended:
        raise tickets.step_ended()
    if not totp.verify_for_login(session, user=user, code=code, clock=clock):
        raise Invalid(WRONG_CODE)
    ratelimit.refund(session, counted, clock)
    tickets.consume_ticket(session, token=mfa_ticket, kind=TicketKind.MFA, clock=clock)
    return saved_id(user)
