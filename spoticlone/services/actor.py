"""Who is asking: the one convention every service uses for authorization.

Services take ``actor: User | None`` (``None`` = anonymous) and decide themselves
whether the actor may do something; adapters (API routes, state handlers) only turn
a cookie or a bearer token into a user id and call ``load_actor``. A suspended or
deleted account loads as ``None``, so it can do nothing a stranger could not.
"""

from __future__ import annotations

from sqlmodel import Session

from spoticlone.models import Role, User
from spoticlone.services.errors import PermissionDenied

SIGN_IN_REQUIRED = "Sign in to do that."


def load_actor(session: Session, user_id: int | None) -> User | None:
    """The active user behind ``user_id``, or None (anonymous, deleted or suspended)."""
    if not user_id:
        return None
    user = session.get(User, user_id)
    if user is None or user.suspended:
        return None
    return user


def require_user(actor: User | None) -> User:
    """The actor, or ``PermissionDenied`` for an anonymous one."""
    if actor is None or actor.id is None:
        raise PermissionDenied(SIGN_IN_REQUIRED)
    return actor


def is_admin(actor: User | None) -> bool:
    return actor is not None and actor.role == Role.ADMIN and not actor.suspended


def require_admin(actor: User | None) -> User:
    """The actor if an administrator; ``PermissionDenied`` otherwise."""
    user = require_user(actor)
    if not is_admin(user):
        raise PermissionDenied("Only administrators can do that.")
    return user
