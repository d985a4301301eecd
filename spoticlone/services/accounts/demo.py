"""Development-only demo accounts: a listener and an artist who manages a demo profile.

A fresh development install should be explorable signed in, without first building
a sign-up flow by hand. The passwords are random per run (printed once by the CLI)
rather than a fixed value in the repository, because a published default password
tends to survive into a deployment. They are hashed with Argon2id via
``argon2-cffi``'s ``PasswordHasher`` defaults; the sign-in service must verify with
the same library (``PasswordHasher().verify(hash, password)``).

Never runs in production: that rule lives here, not in the CLI, so no other caller
can skip it.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from sqlmodel import Session, select

from spoticlone.models import ArtistProfile, Role, User
from spoticlone.services.core.errors import Conflict, NotFound, PermissionDenied

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoAccountSpec:
    """One account the demo seed creates: who it is and which role it has."""

    email: str
    username: str
    first_name: str
    last_name: str
    role: Role


DEMO_LISTENER = DemoAccountSpec("listener@example.com", "demo_listener", "Demo", "Listener", Role.LISTENER)
DEMO_ARTIST = DemoAccountSpec("artist@example.com", "demo_artist", "Demo", "Artist", Role.ARTIST)


def hash_password(password: str) -> str:
    """Argon2id hash in PHC string format (salt and parameters included)."""
    try:
        from argon2 import PasswordHasher
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("argon2-cffi is required to create accounts (pip install argon2-cffi)") from exc
    return PasswordHasher().hash(password)


def new_demo_password() -> str:
    """A random password that is easy to copy from a terminal (URL-safe, ~96 bits)."""
    return secrets.token_urlsafe(12)


def _upsert(session: Session, spec: DemoAccountSpec, password: str) -> User:
    """Create the account, or reset the password of the one a previous run created."""
    user = session.exec(select(User).where(User.email == spec.email)).first()
    if user is None:
        clash = session.exec(select(User).where(User.username == spec.username)).first()
        if clash is not None:
            raise Conflict(f"The username {spec.username!r} already belongs to another account.")
        user = User(email=spec.email, username=spec.username)
    user.first_name, user.last_name = spec.first_name, spec.last_name
    user.role = spec.role
    user.email_verified = True
    user.suspended = False
    user.password_hash = hash_password(password)
    session.add(user)
    session.flush()
    return user


def create_demo_accounts(
    session: Session, *, artist_profile_id: int | None = None, env: str | None = None
) -> list[tuple[str, str, str]]:
    """Create (or refresh) the demo listener and demo artist; return ``(email, username, password)``.

    Each call sets new random passwords, so running it again is also how a developer
    recovers lost demo credentials. ``artist_profile_id`` links the demo artist to
    that profile (``ArtistProfile.user_id``). ``env`` defaults to the configured
    environment; production is refused with ``PermissionDenied``. Commits.
    """
    if env is None:
        from spoticlone.config import get_settings

        env = get_settings().env
    if env == "production":
        raise PermissionDenied("Demo accounts are never created in production.")

    profile = None
    if artist_profile_id is not None:
        profile = session.get(ArtistProfile, artist_profile_id)
        if profile is None:
            raise NotFound("That artist profile does not exist.")

    credentials = []
    try:
        for spec in (DEMO_LISTENER, DEMO_ARTIST):
            password = new_demo_password()
            user = _upsert(session, spec, password)
            credentials.append((spec.email, spec.username, password))
            if spec is DEMO_ARTIST and profile is not None:
                if profile.user_id not in (None, user.id):
                    raise Conflict(f"{profile.stage_name} is already managed by another account.")
                profile.user_id = user.id
                session.add(profile)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    log.info("demo accounts ready: %s", ", ".join(username for _, username, _ in credentials))
    return credentials
