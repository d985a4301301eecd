"""Administration of accounts: who is an admin, who is suspended, and the list of users.

Only administrators may call these (``require_admin``), except ``make_admin``, which
is for the command line: whoever can run the CLI owns the server and its database.

Two guards keep the site administrable: an admin cannot suspend themselves, and the
last active admin cannot stop being one. The last-admin check is part of the UPDATE
itself, so two admins demoting each other at the same moment cannot both succeed.

Suspending someone ends every session they have (browser cookies and REST refresh
tokens; access tokens check their session on every request), so it takes effect at
once, not when a token expires.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime
from typing import cast

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, inspect, or_, update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, select

from spoticlone.models import Role, User
from spoticlone.models.common import saved_id
from spoticlone.services.accounts.addresses import user_by_email
from spoticlone.services.admin import audit
from spoticlone.services.auth.sessions import revoke_all_sessions
from spoticlone.services.core.actor import require_admin
from spoticlone.services.core.errors import Conflict, Invalid, NotFound, PermissionDenied

log = logging.getLogger(__name__)

PAGE_SIZE = 20
MAX_QUERY = 100
LAST_ADMIN = "You are the last administrator. Make someone else an administrator first."
NO_SUCH_USER = "That account does not exist."


class AdminUser(BaseModel):
    """One row of the admin users table."""

    model_config = ConfigDict(frozen=True)

    id: int
    username: str
    email: str
    role: Role
    email_verified: bool
    suspended: bool
    two_step: bool
    created_at: datetime


class UserPage(BaseModel):
    """One page of the admin user list for a search ``query``."""

    model_config = ConfigDict(frozen=True)

    items: list[AdminUser]
    total: int
    page: int
    pages: int
    query: str


def _view(user: User) -> AdminUser:
    return AdminUser(
        id=user.id, username=user.username, email=user.email, role=user.role,
        email_verified=user.email_verified, suspended=user.suspended,
        two_step=user.totp_enabled, created_at=user.created_at,
    )


def _parse_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise Invalid(f"Unknown role {str(role)[:40]!r}. Choose one of: {names}.") from None


def _target(session: Session, user_id: int) -> User:
    user = session.get(User, user_id) if isinstance(user_id, int) and user_id > 0 else None
    if user is None:
        raise NotFound(NO_SUCH_USER)
    return user


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_users(session: Session, *, actor: User | None, query: str = "", page: int = 1,
               page_size: int = PAGE_SIZE) -> UserPage:
    """Users whose email or username contains ``query``, newest first, one page at a time."""
    require_admin(actor)
    text = (query or "").strip().lower()[:MAX_QUERY]
    statement = select(User)
    if text:
        pattern = f"%{_escape_like(text)}%"
        statement = statement.where(
            or_(
                func.lower(User.email).like(pattern, escape="\\"),
                func.lower(User.username).like(pattern, escape="\\"),
            )
        )
    total = session.exec(select(func.count()).select_from(statement.subquery())).one()
    pages = max(1, math.ceil(total / page_size))
    page = min(max(1, int(page or 1)), pages)
    rows = session.exec(
        statement.order_by(col(User.created_at).desc(), col(User.id).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return UserPage(items=[_view(u) for u in rows], total=total, page=page, pages=pages, query=text)


def set_role(session: Session, *, actor: User | None, user_id: int, role: Role | str) -> AdminUser:
    """Give ``user_id`` another role; the last active admin cannot be demoted."""
    admin = require_admin(actor)
    new_role = _parse_role(role)
    user = _target(session, user_id)
    if user.role == new_role:
        return _view(user)
    target_id, old_role = saved_id(user), user.role
    statement = update(User).where(col(User.id) == target_id).values(role=new_role)
    if user.role == Role.ADMIN:
        # Demoting an admin: only while another active admin remains, decided atomically.
        statement = statement.where(_another_admin_exists(target_id))
    result = cast(CursorResult, session.execute(statement))
    if result.rowcount != 1:
        session.rollback()
        raise Conflict(LAST_ADMIN)
    audit.record(session, actor=admin, action="user.role", target_type="user", target_id=target_id,
                 before={"role": old_role}, after={"role": new_role},
                 summary=f"Role of user {target_id}: {old_role.value} → {new_role.value}")
    session.commit()
    session.refresh(user)
    log.info("admin %s set the role of user %s to %s", admin.id, user.id, new_role.value)
    return _view(user)


def _another_admin_exists(user_id: int):
    """WHERE clause: at least one active admin other than ``user_id`` exists."""
    other = inspect(User).local_table.alias("other_admin")
    count = (
        select(func.count())
        .select_from(other)
        .where(other.c.role == Role.ADMIN, other.c.suspended.is_(False), other.c.id != user_id)
        .scalar_subquery()
    )
    return count >= 1


def set_suspended(session: Session, *, actor: User | None, user_id: int, suspended: bool) -> AdminUser:
    """Suspend (and sign out everywhere) or reinstate ``user_id``; never yourself."""
    admin = require_admin(actor)
    user = _target(session, user_id)
    if user.id == admin.id:
        raise PermissionDenied("You cannot suspend or reinstate your own account.")
    suspended = bool(suspended)
    target_id = saved_id(user)
    if user.suspended != suspended:
        statement = update(User).where(col(User.id) == target_id).values(suspended=suspended)
        if suspended and user.role == Role.ADMIN:
            statement = statement.where(_another_admin_exists(target_id))
        result = cast(CursorResult, session.execute(statement))
        if result.rowcount != 1:
            session.rollback()
            raise Conflict(LAST_ADMIN)
        audit.record(session, actor=admin, action="user.suspend" if suspended else "user.reinstate",
                     target_type="user", target_id=target_id, before={"suspended": not suspended},
                     after={"suspended": suspended},
                     summary=f"{'Suspended' if suspended else 'Reinstated'} user {target_id}")
        session.commit()
        session.refresh(user)
        log.info("admin %s %s user %s", admin.id, "suspended" if suspended else "reinstated", user.id)
    if suspended:
        revoke_all_sessions(session, user_id=target_id)
    return _view(user)


def update_user(session: Session, *, actor: User | None, user_id: int,
                role: Role | str | None = None, suspended: bool | None = None) -> AdminUser:
    """Apply a role and/or a suspension change, checking both before changing either.

    So a request that would be refused in part (suspending yourself) changes nothing.
    """
    admin = require_admin(actor)
    user = _target(session, user_id)
    new_role = _parse_role(role) if role is not None else None
    if suspended is not None and user.id == admin.id:
        raise PermissionDenied("You cannot suspend or reinstate your own account.")
    row = _view(user)
    target_id = saved_id(user)
    if new_role is not None:
        row = set_role(session, actor=admin, user_id=target_id, role=new_role)
    if suspended is not None:
        row = set_suspended(session, actor=admin, user_id=target_id, suspended=suspended)
    return row


def make_admin(session: Session, email: str) -> tuple[AdminUser, bool]:
    """Make the account with ``email`` an administrator (CLI); ``changed`` is False if it was one."""
    user = user_by_email(session, email or "")
    if user is None:
        raise NotFound(f"No account has the email address {email!r}. Sign up first, then run this again.")
    changed = user.role != Role.ADMIN
    if changed:
        user.role = Role.ADMIN
        session.add(user)
        session.commit()
        session.refresh(user)
        log.info("user %s made an administrator from the command line", user.id)
    return _view(user), changed
