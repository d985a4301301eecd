"""Sign-in bookkeeping: emailed one-time codes, server-side sessions and throttle counters.

Secrets never sit in these tables in the clear: a code or a session token is stored
only as a hash, so a leaked database (or backup) does not let anyone verify an email,
reset a password or ride a session.
"""

import secrets
from datetime import datetime
from enum import Enum

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


def _user_fk() -> Column:
    # Deleting an account must take its codes and sessions with it.
    return Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)


class CodePurpose(str, Enum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"
    CHANGE_EMAIL = "change_email"
    #: The second check after the right password when an account is over its ceiling of
    #: failed sign-ins (``services.auth.login``).
    SIGN_IN = "sign_in"
    #: A stand-in for a sign-up with an address that already has an account: no code is
    #: mailed and none matches, but the flow (tries, cooldown, resend) looks like a real
    #: one, so it does not tell a stranger that the address is taken.
    SIGN_UP_TAKEN = "sign_up_taken"


class EmailCode(SQLModel, table=True):
    """A 6-digit code mailed to a listener, bound to the request that asked for it.

    ``request_id`` is a random handle given to the browser (or API client) that asked
    for the code; the code is only accepted together with it, so a code read from one
    mailbox cannot complete some other flow. ``attempts`` counts guesses and is
    incremented with a conditional UPDATE before the comparison, so parallel wrong
    guesses are all counted.
    """

    __table_args__ = (Index("ix_emailcode_user_purpose_created", "user_id", "purpose", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_user_fk())
    purpose: CodePurpose
    code_hash: str = Field(max_length=128)
    new_email: str | None = Field(default=None, max_length=320)
    request_id: str = Field(unique=True, index=True, max_length=64)
    expires_at: datetime
    attempts: int = 0
    used_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


def new_session_handle() -> str:
    """A random public name for a session (192 bits): what API access tokens carry in ``sid``.

    Not the integer primary key: ids are small and sequential, so a token naming one
    would point at a live session after a few guesses. The handle is not a secret
    (every access token shows it) but it cannot be guessed.
    """
    return secrets.token_urlsafe(24)


class AuthSession(SQLModel, table=True):
    """A signed-in browser or device; the cookie holds the raw token, we keep its SHA-256."""

    # The admin dashboard counts sign-ins per browser over a period from this index alone, in
    # its order (no sort), whatever the period's length.
    __table_args__ = (Index("ix_authsession_agent_created", "user_agent", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_user_fk())
    token_hash: str = Field(unique=True, index=True, max_length=64)
    handle: str = Field(default_factory=new_session_handle, unique=True, index=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    user_agent: str = Field(default="", max_length=400)
    ip: str = Field(default="", max_length=64)
    #: "browser" (the HttpOnly cookie) or "api" (a REST refresh token; access JWTs name it in ``sid``).
    kind: str = Field(default="browser", max_length=16)


class RetiredRefreshToken(SQLModel, table=True):
    """A refresh token that was rotated away, kept (hashed) to recognise its reuse.

    Only the client that last refreshed holds the current token, so an old one coming
    back means it was copied: the session it belonged to is ended for everyone
    (RFC 9700 section 4.14.2). Rows go with their session (cascade).
    """

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(
        sa_column=Column(Integer, ForeignKey("authsession.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    token_hash: str = Field(unique=True, index=True, max_length=64)
    retired_at: datetime = Field(default_factory=utcnow)


class RateLimitCounter(SQLModel, table=True):
    """How many attempts ``key`` made in the fixed window starting at ``window_start``.

    One row per key and window (not one per attempt) keeps the table small under a
    brute-force attack; old windows are pruned by the limiter.
    """

    __table_args__ = (UniqueConstraint("key", "window_start", name="uq_ratelimit_key_window"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200)
    window_start: datetime = Field(index=True)
    count: int = 0


class TicketKind(str, Enum):
    MFA = "mfa"  # password accepted, waiting for the authenticator code
    HANDOFF = "handoff"  # a state handler signed someone in; an /api route sets the cookie
    GOOGLE_SIGNUP = "google_signup"  # a first-time Google user still has to pick a username


class AuthTicket(SQLModel, table=True):
    """A short-lived, single-use step between "credentials accepted" and "session started".

    The raw token goes to the browser (or API client); we keep its SHA-256. ``payload``
    holds JSON the step needs (for a Google sign-up: issuer, subject, email, names).
    ``attempts`` counts wrong codes on MFA tickets, incremented before comparing.
    """

    id: int | None = Field(default=None, primary_key=True)
    kind: TicketKind
    token_hash: str = Field(unique=True, index=True, max_length=64)
    user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=True, index=True),
    )
    payload: str = Field(default="{}", max_length=4000)
    expires_at: datetime
    attempts: int = 0
    used_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class RecoveryCode(SQLModel, table=True):
    """A one-time code that replaces the authenticator app when the phone is lost (hashed)."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_user_fk())
    code_hash: str = Field(max_length=128)
    used_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class ExternalIdentity(SQLModel, table=True):
    """An account at an identity provider (Google) linked to a user, by issuer + subject.

    Never by email alone: an email can change hands, ``sub`` is stable per issuer.
    """

    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_identity_issuer_subject"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_user_fk())
    issuer: str = Field(max_length=255)
    subject: str = Field(max_length=255)
    email: str = Field(default="", max_length=320)
    created_at: datetime = Field(default_factory=utcnow)
