"""Who is asking: the one convention every service uses for authorization.

A service that acts for someone is ``fn(session, *, actor: Actor, ...)``; ``Actor`` is
the active ``User`` or ``None`` (anonymous), and the service decides itself what the
actor may do. ``load_actor`` is the one way to build an actor from a user id, whoever
authenticated it: the API's ``CurrentActor``/``OptionalActor`` dependencies (bearer
token or cookie), the state helper ``state.acting.as_actor`` (the websocket's session
cookie), and a CLI command, background job or plugin that already knows the account
(``load_actor(session, user_id)`` in its own session). A suspended or deleted account
loads as ``None``, so it can do nothing a stranger could not.

``load_actor`` also notes on the session whom it acts for (``acting_for``), so the rules
enforced where every write ends up, at the flush, know whose write it is: the terms gate
(``accounts/terms_gate.py``) refuses the writes of someone who must accept new terms,
whichever front end sent them.
"""

from __future__ import annotations

from sqlmodel import Session

from spoticlone.models import Role, User
from spoticlone.services.core.errors import ErrorCode, PermissionDenied

SIGN_IN_REQUIRED = "Sign in to do that."

#: The account a service acts for; None is anonymous (also a deleted or suspended one).
Actor = User | None


#: ``session.info`` key: the id of the account the session's work is done for.
_ACTING_FOR = "spoticlone.acting_for"


def load_actor(session: Session, user_id: int | None) -> Actor:
    """The active user behind ``user_id``, or None (anonymous, deleted or suspended).

    The session then acts for that account (``acting_for``); the last one loaded wins.
    """
    user = session.get(User, user_id) if user_id else None
    if user is None or user.suspended:
        session.info.pop(_ACTING_FOR, None)
        return None
    return acting_as(session, user)


def acting_as(session: Session, user: User) -> User:
    """Note that ``session`` now works for ``user``; returns ``user``.

    ``load_actor`` calls it, and so does a sign-in that vouches for an account another way
    (a Subsonic app password).
    """
    session.info[_ACTING_FOR] = user.id
    return user


def acting_for(session: Session) -> int | None:
    """The id of the account ``session`` works for, or None (a visitor, a job, the CLI)."""
    return session.info.get(_ACTING_FOR)


def require_user(actor: User | None) -> User:
    """The actor, or ``PermissionDenied`` for an anonymous one."""
    if actor is None or actor.id is None:
        raise PermissionDenied(SIGN_IN_REQUIRED, code=ErrorCode.SIGN_IN_REQUIRED)
    return actor


def is_admin(actor: User | None) -> bool:
    """Whether the actor may use administration (suspended admins may not)."""
    return actor is not None and actor.role == Role.ADMIN and not actor.suspended


def require_admin(actor: User | None) -> User:
    """The actor if an administrator; ``PermissionDenied`` otherwise."""
    user = require_user(actor)
    if not is_admin(user):
        raise PermissionDenied("Only administrators can do that.")
    return user
