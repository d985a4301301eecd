"""Sign-in with Google: who a verified Google identity is here, and first-time sign-up.

The HTTP dance (PKCE, ``state``, ``nonce``, ID-token signature, issuer, audience and
expiry checks) happens in ``api/routers/auth/google.py``; this module only receives the
claims of an ID token that was already verified, and decides:

1. A known Google account (issuer + subject in ``ExternalIdentity``) is that user.
   People are never identified by email alone: an address can change hands, while
   ``sub`` is stable for one issuer.
2. An unknown Google account whose email already has an account here is linked to
   it, but only when Google says it verified the address. Otherwise anyone who sets
   up a Google account with somebody else's address could take over their account.
3. Anyone else gets a ``GOOGLE_SIGNUP`` ticket and chooses a username and states a
   date of birth (``complete_google_signup``). An unverified Google email cannot
   create an account either: every account here has a proven mailbox, which password
   resets depend on.

Accounts created here have no password. They can set one later with "forgot
password" (the emailed code proves the mailbox); until then a password sign-in for
them simply fails like a wrong password.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from spoticlone.models import ExternalIdentity, TicketKind, User
from spoticlone.models.common import saved_id
from spoticlone.services.accounts import addresses, signup
from spoticlone.services.auth import tickets
from spoticlone.services.auth.sessions import revoke_all_sessions
from spoticlone.services.core import events
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.errors import Conflict, Invalid, PermissionDenied

log = logging.getLogger(__name__)

SUSPENDED = "This account is suspended. Contact the administrators if you think this is a mistake."
UNVERIFIED_EXISTING = (
    "Google has not confirmed that this email address is yours, so we cannot connect it to "
    "your Spoticlone account. Sign in with your email and password instead."
)
UNVERIFIED_NEW = (
    "Google has not confirmed this email address, so it cannot be used to create an account. "
    "Verify the address with Google, or sign up with your email and a password."
)
NO_EMAIL = "Google did not share an email address, which we need to create or find your account."
EMAIL_NOW_TAKEN = (
    "An account with this email address was created in the meantime. "
    "Sign in with Google again to connect to it."
)
_NAME_LIMIT = 100


@dataclass(frozen=True)
class GoogleOutcome:
    """Either ``user_id`` (a known person: continue signing in) or ``signup_ticket`` (new)."""

    user_id: int | None = None
    signup_ticket: str | None = None


@dataclass(frozen=True)
class GoogleSignupDetails:
    """What the "choose your username" page shows for a pending Google sign-up."""

    email: str
    suggested_username: str
    given_name: str


def _identity(session: Session, issuer: str, subject: str) -> ExternalIdentity | None:
    return session.exec(
        select(ExternalIdentity).where(ExternalIdentity.issuer == issuer, ExternalIdentity.subject == subject)
    ).first()


def _check_identity_claims(issuer: str, subject: str) -> None:
    if not issuer or not subject or len(issuer) > 255 or len(subject) > 255:
        raise Invalid("Google sent an answer we could not understand. Try again.")


def sign_in_with_google(
    session: Session,
    *,
    issuer: str,
    subject: str,
    email: str | None,
    email_verified: bool,
    given_name: str | None = None,
    family_name: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> GoogleOutcome:
    """Decide who a verified Google ID token belongs to; see the module docstring."""
    _check_identity_claims(issuer, subject)
    identity = _identity(session, issuer, subject)
    if identity is not None:
        user = session.get(User, identity.user_id)
        if user is None:  # pragma: no cover - identities cascade with their user
            raise Invalid("That account no longer exists.")
        if user.suspended:
            raise PermissionDenied(SUSPENDED)
        return GoogleOutcome(user_id=user.id)

    if not email:
        raise Invalid(NO_EMAIL)
    email_norm = addresses.normalize_email(email)
    # ``is True``: a claim sent as the string "false" must not count as verified.
    verified = email_verified is True
    user = addresses.user_by_email(session, email_norm)
    if user is not None:
        if not verified:
            raise PermissionDenied(UNVERIFIED_EXISTING)
        if user.suspended:
            raise PermissionDenied(SUSPENDED)
        return GoogleOutcome(user_id=_link(session, user, issuer, subject, email_norm, clock))

    if not verified:
        raise PermissionDenied(UNVERIFIED_NEW)
    payload = {
        "issuer": issuer,
        "subject": subject,
        "email": email_norm,
        "email_verified": True,
        "given_name": (given_name or "")[:_NAME_LIMIT],
        "family_name": (family_name or "")[:_NAME_LIMIT],
    }
    ticket = tickets.issue_ticket(session, kind=TicketKind.GOOGLE_SIGNUP, payload=payload, clock=clock)
    return GoogleOutcome(signup_ticket=ticket)


def _link(session: Session, user: User, issuer: str, subject: str, email: str, clock: Clock) -> int:
    """Connect ``user`` to the Google identity; Google has proven the mailbox.

    If the account's own email was never verified, its password was never proven to
    belong to the mailbox's owner: someone may have signed up with another person's
    address to wait for them. That password is removed (and any session ended), so
    only the person Google vouched for gets in; they can set a password by reset.
    """
    if not user.email_verified:
        user.password_hash = None
        user.email_verified = True
        revoke_all_sessions(session, user_id=saved_id(user), clock=clock)
        log.info("google sign-in verified the email of user %s; unproven password removed", user.id)
    session.add(user)
    session.add(
        ExternalIdentity(user_id=saved_id(user), issuer=issuer, subject=subject, email=email, created_at=clock.now())
    )
    try:
        session.commit()
    except IntegrityError:
        # The same Google account was linked by a parallel callback: that is fine.
        session.rollback()
        existing = _identity(session, issuer, subject)
        if existing is None:
            raise
        return existing.user_id
    log.info("linked google identity to user %s", user.id)
    return saved_id(user)


def _username_taken(session: Session, name: str) -> bool:
    return session.exec(select(User.id).where(func.lower(User.username) == name)).first() is not None


def suggest_username(session: Session, email: str) -> str:
    """A free, valid username derived from the email's local part (editable by the user)."""
    base = re.sub(r"[^a-z0-9_]+", "_", email.split("@", 1)[0].lower()).strip("_.")[:26]
    if len(base) < 3:
        base = (base + "_listener").strip("_")[:26]
    candidate, n = base, 1
    while _username_taken(session, candidate) and n < 1000:
        n += 1
        candidate = f"{base}{n}"
    return candidate


def signup_details(session: Session, *, ticket: str | None, clock: Clock = SYSTEM_CLOCK) -> GoogleSignupDetails:
    """What the sign-up page shows for ``ticket``; ``Invalid`` if it expired or was used."""
    row = tickets.peek_ticket(session, token=ticket, kind=TicketKind.GOOGLE_SIGNUP, clock=clock)
    data = tickets.payload_of(row)
    return GoogleSignupDetails(
        email=data["email"],
        suggested_username=suggest_username(session, data["email"]),
        given_name=data.get("given_name", ""),
    )


def complete_google_signup(
    session: Session,
    *,
    ticket: str | None,
    username: str,
    date_of_birth: date | None,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    """Create the account for a pending Google sign-up and return its user id.

    Everything is checked before the ticket is used up, so a taken username or a
    mistyped date can simply be corrected and sent again. If this Google account got
    an account in the meantime (two tabs, a double submit that slipped past the
    ticket), that account is returned instead of creating a second one.
    """
    row = tickets.peek_ticket(session, token=ticket, kind=TicketKind.GOOGLE_SIGNUP, clock=clock)
    data = tickets.payload_of(row)
    issuer, subject, email = data["issuer"], data["subject"], data["email"]
    existing = _identity(session, issuer, subject)
    if existing is not None:
        tickets.consume_ticket(session, token=ticket, kind=TicketKind.GOOGLE_SIGNUP, clock=clock)
        return existing.user_id

    name = signup.normalize_username(username)
    born = signup.check_date_of_birth(date_of_birth, clock.now().date())
    if _username_taken(session, name):
        raise Conflict(signup.USERNAME_TAKEN)
    if addresses.user_by_email(session, email) is not None:
        raise Conflict(EMAIL_NOW_TAKEN)

    tickets.consume_ticket(session, token=ticket, kind=TicketKind.GOOGLE_SIGNUP, clock=clock)
    now = clock.now()
    user = User(
        email=email,
        username=name,
        password_hash=None,
        first_name=data.get("given_name", "")[:_NAME_LIMIT],
        last_name=data.get("family_name", "")[:_NAME_LIMIT],
        date_of_birth=born,
        email_verified=True,
        created_at=now,
    )
    session.add(user)
    try:
        session.flush()
        session.add(
            ExternalIdentity(user_id=saved_id(user), issuer=issuer, subject=subject, email=email, created_at=now)
        )
        session.commit()
    except IntegrityError:
        session.rollback()
        existing = _identity(session, issuer, subject)
        if existing is not None:
            return existing.user_id
        # The username or email was taken between our check and the insert. The
        # ticket is used up; say so plainly rather than pretend it can be resent.
        raise Conflict(f"{signup.USERNAME_TAKEN} Then sign in with Google again.") from None
    events.emit(events.USER_SIGNED_UP, session, user=user)
    session.commit()
    log.info("created user %s from a google sign-up", user.id)
    return saved_id(user)
