"""JWT access tokens for the REST API (PyJWT), tied to server-side sessions.

An access token is short-lived (``SPOTICLONE_ACCESS_TOKEN_MINUTES``) and names the
API session it belongs to in ``sid`` by the session's random ``handle`` (never its
sequential id, which a forger could guess); the long-lived refresh token *is* that
session's token (an ``AuthSession`` row of kind ``api``). Verifying checks, in order: the one
allowed algorithm (HS256, so ``alg: none`` or an RS/HS confusion cannot be smuggled
in), the signature, ``exp``, ``aud`` and ``iss``, and finally that the session is
still alive and the account not suspended, so logout, "sign out everywhere", a
password change or a suspension end API access at once rather than at expiry.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

import jwt
from sqlmodel import Session, select

from spoticlone.config import get_settings
from spoticlone.models import AuthSession, User
from spoticlone.services.auth.sessions import touch
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock

ALGORITHM = "HS256"
AUDIENCE = "spoticlone-api"
API_SESSION_KIND = "api"


@dataclass(frozen=True)
class AccessClaims:
    """What a verified token says: the user, and the handle of their API session."""

    user_id: int
    session_handle: str


@dataclass(frozen=True)
class BearerCaller:
    """A bearer token that passed every check: its user and the id of its live API session."""

    user_id: int
    session_id: int


def _signing_key() -> bytes:
    # A key of its own, derived from the app secret, so a token signed for one purpose
    # (email codes, OAuth state) can never verify as another.
    secret = get_settings().secret.encode()
    return hmac.new(secret, b"spoticlone/jwt-access/v1", hashlib.sha256).digest()


def issuer() -> str:
    """The ``iss`` of every token: the app's public origin."""
    return get_settings().public_origin


def issue_access_token(*, user_id: int, session_handle: str, clock: Clock = SYSTEM_CLOCK) -> tuple[str, int]:
    """A signed access token for the API session named ``session_handle``, and its lifetime in seconds."""
    now = clock.now()
    lifetime = timedelta(minutes=get_settings().access_token_minutes)
    claims = {
        "iss": issuer(),
        "aud": AUDIENCE,
        "sub": str(user_id),
        "sid": session_handle,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "jti": secrets.token_urlsafe(8),
    }
    return jwt.encode(claims, _signing_key(), algorithm=ALGORITHM), int(lifetime.total_seconds())


def decode_access_token(token: str, *, clock: Clock = SYSTEM_CLOCK) -> AccessClaims | None:
    """The claims of a valid token, or None; never raises for bad input."""
    if not token or len(token) > 4096:
        return None
    try:
        data = jwt.decode(
            token,
            _signing_key(),
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=issuer(),
            options={"require": ["exp", "iat", "iss", "aud", "sub", "sid"], "verify_exp": False},
        )
        # Expiry is checked against the injectable clock (PyJWT would use the wall clock).
        if int(data["exp"]) <= int(clock.now().timestamp()):
            return None
        handle = data["sid"]
        if not isinstance(handle, str) or not handle or len(handle) > 64:
            return None  # e.g. an integer id from a token minted before handles existed
        return AccessClaims(user_id=int(data["sub"]), session_handle=handle)
    except (jwt.PyJWTError, ValueError, TypeError, KeyError):
        return None


def caller_for_access_token(session: Session, token: str, *, clock: Clock = SYSTEM_CLOCK) -> BearerCaller | None:
    """The user and session behind a bearer token whose API session is still alive, or None."""
    claims = decode_access_token(token, clock=clock)
    if claims is None:
        return None
    row = session.exec(select(AuthSession).where(AuthSession.handle == claims.session_handle)).first()
    now = clock.now()
    if (
        row is None
        or row.user_id != claims.user_id
        or row.kind != API_SESSION_KIND
        or row.revoked_at is not None
        or now >= row.expires_at
    ):
        return None
    user = session.get(User, claims.user_id)
    if user is None or user.suspended:
        return None
    touch(session, row, now)  # "last active" in the sessions list covers API apps too
    assert row.id is not None  # loaded from the database
    return BearerCaller(user_id=claims.user_id, session_id=row.id)


def user_for_access_token(session: Session, token: str, *, clock: Clock = SYSTEM_CLOCK) -> int | None:
    """The user id behind a bearer token whose API session is still alive, or None."""
    caller = caller_for_access_token(session, token, clock=clock)
    return caller.user_id if caller else None
