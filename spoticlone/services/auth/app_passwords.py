"""App passwords: named, revocable keys that Subsonic apps use instead of the account password.

A listener makes one key per device in the security settings; it is shown once. An app
sends it in any of the Subsonic ways: the OpenSubsonic ``apiKey`` parameter alone, or a
username with ``p=`` (plain or ``enc:`` + hex) or with the salted token ``t = md5(key + s)``.
The account password is never accepted there, so a phone app never holds it, and a key
works for accounts with two-step sign-in (the key itself was made while signed in fully).

Why encrypted and not hashed. The token scheme sends ``md5(key + salt)`` with a salt
chosen by the client per request; the only way to check it is to know the key. The key
is therefore stored like the authenticator-app secrets (``services.auth.totp``): Fernet
under a key derived from ``SPOTICLONE_SECRET_KEY`` (HKDF, its own purpose label), so a
leaked database or backup alone reveals nothing. Someone with both the database and the
secret key can read every app password; that is the price of the token scheme, and why
these are random keys limited to the Subsonic API (they cannot sign in to the website,
change the account or make other keys) rather than the account password, which
Navidrome stores reversibly for the same reason. A keyed hash (``lookup_hash``) finds a
key sent whole in one indexed query. Rotating the secret key makes every key unreadable:
listeners then make new ones.

Throttling. Apps authenticate on every request, so success must stay cheap: the limits are
checked (read only) before and a failure is counted after, per account and per address.
Parallel wrong guesses can pass the check together and overshoot a limit by the number in
flight; with ~100 bits per key guessing is hopeless anyway, the limit keeps logs and load sane.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone.models import AppPassword, User
from spoticlone.services.core import ratelimit, sealing
from spoticlone.services.core.actor import acting_as, require_user
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied

log = logging.getLogger(__name__)

#: Lower-case letters and digits without look-alikes, as for recovery codes: 31 symbols,
#: 20 of them carry ~99 bits. Shown in groups of four; either form is accepted.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
KEY_LENGTH = 20
MAX_KEYS = 25
NAME_MAX = 60
#: ``last_used_at`` is written at most this often: apps call on every screen.
TOUCH_EVERY = timedelta(minutes=5)
ACCOUNT_LIMITS = ((20, timedelta(minutes=15)), (100, timedelta(hours=1)))
ADDRESS_LIMITS = ((100, timedelta(minutes=15)),)

#: ``code`` values of the errors below: the Subsonic adapter maps them to its error numbers.
MISSING = "subsonic_missing_credentials"
CONFLICT = "subsonic_conflicting_credentials"
WRONG = "subsonic_wrong_credentials"
BAD_KEY = "subsonic_bad_api_key"

NAME_NEEDED = "Give the app password a name, such as the phone or app it is for."
TOO_MANY = f"You have {MAX_KEYS} app passwords already. Revoke one you no longer use first."
NOT_FOUND = "No such app password."
WRONG_MESSAGE = "Wrong username or app password. Make an app password in Settings, Security."
BAD_KEY_MESSAGE = "This API key is not valid. It may have been revoked."



class AppPasswordOut(DTO):
    """A key as the settings page lists it (never the key itself)."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


class NewAppPassword(AppPasswordOut):
    """A key just made: the only time ``key`` is shown."""

    key: str


def _fernet() -> Fernet:
    return sealing.fernet_for(b"spoticlone/app-password/v1")


def _canonical(typed: str) -> str:
    return typed.strip().replace("-", "").replace(" ", "").lower()[:64]


def _lookup_hash(canonical: str) -> str:
    key = sealing.derive_key(b"spoticlone/app-password-lookup/v1")
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


def _shown(canonical: str) -> str:
    return "-".join(canonical[i:i + 4] for i in range(0, len(canonical), 4))


def _out(row: AppPassword) -> AppPasswordOut:
    return AppPasswordOut(id=row.id or 0, name=row.name, created_at=row.created_at, last_used_at=row.last_used_at)


def list_app_passwords(session: Session, *, actor: User | None) -> list[AppPasswordOut]:
    """The actor's keys, newest first."""
    user = require_user(actor)
    rows = session.exec(
        select(AppPassword).where(AppPassword.user_id == user.id).order_by(col(AppPassword.id).desc())
    ).all()
    return [_out(row) for row in rows]


def create_app_password(session: Session, *, actor: User | None, name: object) -> NewAppPassword:
    """Make a named key for the actor; the answer carries the key, shown this once."""
    user = require_user(actor)
    clean = " ".join(str(name or "").split())[:NAME_MAX]
    if not clean:
        raise Invalid(NAME_NEEDED)
    count = session.exec(select(func.count()).select_from(AppPassword).where(AppPassword.user_id == user.id)).one()
    if count >= MAX_KEYS:
        raise Invalid(TOO_MANY)
    canonical = "".join(secrets.choice(ALPHABET) for _ in range(KEY_LENGTH))
    row = AppPassword(
        user_id=user.id or 0,
        name=clean,
        key_encrypted=_fernet().encrypt(canonical.encode()).decode(),
        lookup_hash=_lookup_hash(canonical),
    )
    session.add(row)
    session.flush()
    log.info("app password %s made for user %s", row.id, user.id)
    return NewAppPassword(**_out(row).model_dump(), key=_shown(canonical))


def revoke_app_password(session: Session, *, actor: User | None, app_password_id: int) -> None:
    """Delete one of the actor's keys; another listener's key is "not found" (no probing)."""
    user = require_user(actor)
    row = session.get(AppPassword, app_password_id)
    if row is None or row.user_id != user.id:
        raise NotFound(NOT_FOUND)
    session.delete(row)
    session.flush()


def _decrypt(row: AppPassword) -> str | None:
    try:
        return _fernet().decrypt(row.key_encrypted.encode()).decode()
    except InvalidToken:
        log.warning("an app password could not be decrypted (was SPOTICLONE_SECRET_KEY changed?)")
        return None


def _password_from(raw: str) -> str:
    """``p=`` as sent: plain, or ``enc:`` followed by the hex of the UTF-8 bytes."""
    if raw.startswith("enc:"):
        try:
            return bytes.fromhex(raw[4:]).decode("utf-8", "replace")
        except (ValueError, binascii.Error):
            return ""
    return raw


def _token_matches(canonical: str, token: str, salt: str) -> bool:
    """``t == md5(key + s)`` for the key as stored or as shown (with dashes)."""
    found = False
    for form in (canonical, _shown(canonical)):
        digest = hashlib.md5((form + salt).encode(), usedforsecurity=False).hexdigest()
        found |= hmac.compare_digest(digest.encode(), token.lower().encode())
    return found


def _touch(session: Session, row: AppPassword, clock: Clock) -> None:
    now = clock.now()
    last = row.last_used_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=now.tzinfo)
    if last is None or now - last >= TOUCH_EVERY:
        row.last_used_at = now
        session.add(row)
        session.flush()


def _active(session: Session, user_id: int) -> User | None:
    user = session.get(User, user_id)
    return None if user is None or user.suspended else user


def _by_username(session: Session, username: str) -> User | None:
    # Usernames are stored lower-cased (sign-up normalises them): an indexed lookup.
    return session.exec(select(User).where(User.username == username.strip().lower()[:64])).first()


def _match_user_key(session: Session, user: User, password: str | None, token: str | None,
                    salt: str | None) -> AppPassword | None:
    if password is not None:
        row = session.exec(select(AppPassword).where(
            AppPassword.lookup_hash == _lookup_hash(_canonical(_password_from(password))))).first()
        return row if row is not None and row.user_id == user.id else None
    rows = session.exec(select(AppPassword).where(AppPassword.user_id == user.id)).all()
    for row in rows:
        canonical = _decrypt(row)
        if canonical and _token_matches(canonical, token or "", salt or ""):
            return row
    return None


def subsonic_sign_in(
    session: Session,
    *,
    username: str | None = None,
    password: str | None = None,
    token: str | None = None,
    salt: str | None = None,
    api_key: str | None = None,
    client_ip: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> User:
    """The active account a Subsonic request's credentials name, or a refusal.

    Raises ``Invalid`` (``MISSING``, ``CONFLICT``), ``PermissionDenied`` (``WRONG``,
    ``BAD_KEY``) or ``RateLimited``. Wrong answers never say whether the username exists.
    """
    if api_key is not None:
        if username or password is not None or token is not None:
            raise Invalid("Send either apiKey or a username with a password or token, not both.", code=CONFLICT)
        keys = [(ratelimit.address_key("subsonic", client_ip), lim) for lim in ADDRESS_LIMITS]
    else:
        if not username or (password is None and (token is None or salt is None)):
            raise Invalid("Required parameter is missing: u with p, or u with t and s, or apiKey.", code=MISSING)
        keys = [(ratelimit.address_key("subsonic", client_ip), lim) for lim in ADDRESS_LIMITS]
        keys += [(ratelimit.account_key("subsonic", username), lim) for lim in ACCOUNT_LIMITS]
    for key, (limit, window) in keys:
        ratelimit.ensure_allowed(session, key=key, limit=limit, window=window, clock=clock)
    row: AppPassword | None = None
    user: User | None = None
    if api_key is not None:
        row = session.exec(select(AppPassword).where(
            AppPassword.lookup_hash == _lookup_hash(_canonical(api_key)))).first()
        user = _active(session, row.user_id) if row is not None else None
    else:
        found = _by_username(session, username or "")
        if found is not None and not found.suspended:
            row = _match_user_key(session, found, password, token, salt)
            user = found if row is not None else None
    if row is None or user is None:
        ratelimit.count_all(session, keys, clock)
        if api_key is not None:
            raise PermissionDenied(BAD_KEY_MESSAGE, code=BAD_KEY)
        raise PermissionDenied(WRONG_MESSAGE, code=WRONG)
    _touch(session, row, clock)
    return acting_as(session, user)  # the call's writes are this account's (the terms gate)
