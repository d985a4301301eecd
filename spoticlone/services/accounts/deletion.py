"""Deleting an account: asked for with the password (and two-step code), erased after a grace period.

``request_deletion`` re-checks who is at the keyboard, records when the account is due
(``SPOTICLONE_DELETION_GRACE_DAYS``, 14 by default) and ends every session at once, this
one included: the listener is signed out. Signing in again before the due date cancels
the deletion (``cancel_on_sign_in``, called by ``auth.sessions.create_session`` for every
kind of sign-in) and leaves a one-time notice for the banner. ``cancel_deletion`` cancels
explicitly. An administrator may delete an account under the same rules
(``admin_request_deletion``), optionally without the grace period, and every such
decision is logged as the audit trail. The erasure itself is ``deletion_erase``.

The owner gets an email when a deletion is asked for (by them or an administrator) and
when a sign-in cancels it (``deletion_emails``), after the commit. Deleting an account is
a way out that no site-wide write guard may block: these services write under
``core.write_guards.exempt(session, ERASURE)``, so they work in archive mode and before
accepting new terms, and nothing else does.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from spoticlone.config import get_settings
from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import AccountDeletion, ArtistProfile, DeletionStatus, Role, User
from spoticlone.models.common import saved_id
from spoticlone.services.accounts import deletion_emails
from spoticlone.services.admin.audit import record as audit_record
from spoticlone.services.auth import passwords, totp
from spoticlone.services.auth.sessions import revoke_all_sessions
from spoticlone.services.core import ratelimit
from spoticlone.services.core.actor import Actor, require_admin, require_user
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Conflict, Invalid, NotFound
from spoticlone.services.core.write_guards import ERASURE, exempting

log = logging.getLogger(__name__)
audit = logging.getLogger("spoticlone.audit")

CANCELLED_NOTICE = "Your account deletion was cancelled. Welcome back!"
WRONG_PASSWORD = "That password is not right."
NEED_CODE = "Enter the 6-digit code from your authenticator app (or a recovery code)."
WRONG_CODE = "That code is not right. Check your authenticator app and try again."
ALREADY_PENDING = "Your account is already set to be deleted."
NOT_PENDING = "There is no account deletion to cancel."
LAST_ADMIN = "You are the last administrator. Make someone else an administrator before deleting your account."
#: Re-checks of the password for a deletion, per account: a borrowed unlocked browser
#: must not be a way to guess the password.
CONFIRM_LIMITS = ((5, timedelta(minutes=15)), (20, timedelta(hours=1)))


class DeletionState(DTO):
    """Where an account stands: what the settings page, the API and the banner show."""

    pending: bool
    due_at: datetime | None = None
    keep_releases: bool = True
    requested_by_admin: bool = False
    #: The account is an artist's: they choose whether their releases stay.
    is_artist: bool = False
    needs_password: bool = True
    needs_code: bool = False
    grace_days: int = 14
    #: "Your account deletion was cancelled" once after a sign-in cancelled it, else "".
    notice: str = ""


def grace_period() -> timedelta:
    """How long a deletion waits (``SPOTICLONE_DELETION_GRACE_DAYS``), read at each request."""
    return timedelta(days=get_settings().deletion_grace_days)


def _pending(session: Session, user_id: int) -> AccountDeletion | None:
    return session.exec(
        select(AccountDeletion)
        .where(AccountDeletion.user_id == user_id, AccountDeletion.status == DeletionStatus.PENDING.value)
        .order_by(col(AccountDeletion.id).desc())
    ).first()


def _latest(session: Session, user_id: int) -> AccountDeletion | None:
    return session.exec(
        select(AccountDeletion).where(AccountDeletion.user_id == user_id).order_by(col(AccountDeletion.id).desc())
    ).first()


def _another_admin(session: Session, user_id: int) -> bool:
    """Whether an active administrator other than ``user_id`` exists (the server keeps one)."""
    return session.exec(select(User.id).where(
        User.role == Role.ADMIN, col(User.suspended).is_(False), User.id != user_id).limit(1)).first() is not None


def _is_artist(session: Session, user_id: int) -> bool:
    return _stage_name(session, user_id) is not None


def _stage_name(session: Session, user_id: int) -> str | None:
    """The artist name of ``user_id``'s artist profile, or None for a listener."""
    return session.exec(select(ArtistProfile.stage_name).where(ArtistProfile.user_id == user_id)).first()


def _mail_requested(session: Session, user: User, row: AccountDeletion, *, by_admin: bool) -> None:
    deletion_emails.send_deletion_email(deletion_emails.deletion_requested_email(
        to=user.email, username=user.username, due_at=row.due_at, by_admin=by_admin,
        stage_name=_stage_name(session, saved_id(user)), keep_releases=row.keep_releases))


def _state(session: Session, user: User) -> DeletionState:
    user_id = saved_id(user)
    row = _latest(session, user_id)
    pending = row is not None and row.status == DeletionStatus.PENDING.value
    return DeletionState(
        pending=pending,
        due_at=row.due_at if pending and row else None,
        keep_releases=row.keep_releases if pending and row else True,
        requested_by_admin=bool(pending and row and row.requested_by_id is not None),
        is_artist=_is_artist(session, user_id),
        needs_password=user.password_hash is not None,
        needs_code=user.totp_enabled,
        grace_days=get_settings().deletion_grace_days,
        notice=CANCELLED_NOTICE if row is not None and row.notice_pending else "",
    )


def deletion_status(session: Session, *, actor: Actor) -> DeletionState:
    """The signed-in account's deletion state (and the one-time notice, without using it up)."""
    return _state(session, require_user(actor))


def _confirm_identity(session: Session, user: User, *, password: str, code: str, clock: Clock) -> None:
    """The password (if the account has one) and the two-step code (if it is on), throttled."""
    keys = [(ratelimit.account_key("delete_account", str(user.id)), lim) for lim in CONFIRM_LIMITS]
    counted = ratelimit.count_all(session, keys, clock)
    if user.password_hash is not None and not passwords.verify_password(user.password_hash, password or ""):
        raise Invalid(WRONG_PASSWORD)
    if user.totp_enabled:
        if not totp.normalize_code(code):
            raise Invalid(NEED_CODE)
        if not totp.verify_for_login(session, user=user, code=code, clock=clock):
            raise Invalid(WRONG_CODE)
    ratelimit.refund(session, counted, clock)


def _schedule(
    session: Session, *, user: User, keep_releases: bool, due_at: datetime, clock: Clock,
    requested_by: User | None = None,
) -> AccountDeletion:
    user_id = saved_id(user)
    if _pending(session, user_id) is not None:
        raise Conflict(ALREADY_PENDING)
    for old in session.exec(select(AccountDeletion).where(
            AccountDeletion.user_id == user_id, col(AccountDeletion.notice_pending).is_(True))):
        old.notice_pending = False
        session.add(old)
    row = AccountDeletion(
        user_id=user_id, requested_by_id=requested_by.id if requested_by else None,
        keep_releases=bool(keep_releases), requested_at=clock.now(), due_at=due_at,
    )
    session.add(row)
    if requested_by is not None:
        # Usernames stay out of the entry: it outlives the account it names.
        audit_record(session, actor=requested_by, action="user.delete", target_type="user", target_id=user_id,
                     after={"due_at": due_at, "keep_releases": bool(keep_releases)},
                     summary=f"Asked to delete user {user_id}")
    session.commit()
    revoke_all_sessions(session, user_id=user_id, clock=clock)
    return row


@exempting(ERASURE)
def request_deletion(
    session: Session,
    *,
    actor: Actor,
    password: str = "",
    code: str = "",
    keep_releases: bool = True,
    clock: Clock = SYSTEM_CLOCK,
) -> DeletionState:
    """Set the signed-in account to be erased after the grace period; signs it out everywhere.

    ``keep_releases`` only matters for an artist: True keeps their published releases,
    credited to the stage name; False removes them with their files.

    Raises:
        PermissionDenied: anonymous.
        Invalid: wrong password, missing or wrong two-step code.
        RateLimited: too many wrong passwords.
        Conflict: a deletion is already pending.
    """
    user = require_user(actor)
    if _pending(session, saved_id(user)) is not None:
        raise Conflict(ALREADY_PENDING)
    if user.role == Role.ADMIN and not _another_admin(session, saved_id(user)):
        raise Conflict(LAST_ADMIN)
    _confirm_identity(session, user, password=password, code=code, clock=clock)
    row = _schedule(session, user=user, keep_releases=keep_releases, due_at=clock.now() + grace_period(),
                    clock=clock)
    _mail_requested(session, user, row, by_admin=False)
    log.info("user %s asked for their account to be deleted on %s", user.id, row.due_at.isoformat())
    return _state(session, user)


def _cancel(session: Session, row: AccountDeletion, *, reason: str, now: datetime, notice: bool) -> None:
    row.status = DeletionStatus.CANCELLED.value
    row.cancelled_at = now
    row.cancel_reason = reason
    row.notice_pending = notice
    session.add(row)
    session.commit()


@exempting(ERASURE)
def cancel_deletion(session: Session, *, actor: Actor, clock: Clock = SYSTEM_CLOCK) -> DeletionState:
    """Cancel the signed-in account's pending deletion.

    Raises:
        PermissionDenied: anonymous.
        Conflict: nothing is pending.
    """
    user = require_user(actor)
    row = _pending(session, saved_id(user))
    if row is None:
        raise Conflict(NOT_PENDING)
    _cancel(session, row, reason="listener", now=clock.now(), notice=False)
    log.info("user %s cancelled their account deletion", user.id)
    return _state(session, user)


@exempting(ERASURE)
def cancel_on_sign_in(session: Session, *, user_id: int, clock: Clock = SYSTEM_CLOCK) -> bool:
    """A sign-in during the grace period cancels the deletion; True if one was cancelled.

    The owner gets an email saying so: if it was not them, someone knows their password.
    """
    row = _pending(session, user_id)
    if row is None:
        return False
    now = clock.now()
    _cancel(session, row, reason="sign_in", now=now, notice=True)
    log.info("user %s signed in: account deletion cancelled", user_id)
    user = session.get(User, user_id)
    if user is not None:
        deletion_emails.send_deletion_email(deletion_emails.deletion_cancelled_email(
            to=user.email, username=user.username, signed_in_at=now))
    return True


@exempting(ERASURE)
def take_notice(session: Session, *, actor: Actor) -> str:
    """The "deletion cancelled" notice once (for the banner), then ""; "" when anonymous."""
    if actor is None or actor.id is None:
        return ""
    rows = list(session.exec(select(AccountDeletion).where(
        AccountDeletion.user_id == actor.id, col(AccountDeletion.notice_pending).is_(True))))
    if not rows:
        return ""
    for row in rows:
        row.notice_pending = False
        session.add(row)
    session.commit()
    return CANCELLED_NOTICE


def _target(session: Session, admin: User, user_id: int) -> User:
    target = session.get(User, user_id) if isinstance(user_id, int) and not isinstance(user_id, bool) else None
    if target is None:
        raise NotFound("That account does not exist.")
    if target.id == admin.id:
        raise Invalid("Delete your own account from Settings → Delete account.")
    if target.role == Role.ADMIN:
        raise Conflict("Remove their administrator role before deleting an administrator's account.")
    return target


@exempting(ERASURE)
def admin_request_deletion(
    session: Session,
    *,
    actor: Actor,
    user_id: int,
    confirm_username: str,
    keep_releases: bool = True,
    immediate: bool = False,
    store: MediaStore | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> DeletionState:
    """An administrator deletes someone's account: after the grace period, or now.

    ``confirm_username`` must repeat the account's username, so a mistyped id cannot
    delete the wrong person. ``immediate`` skips the grace period and erases at once.

    Raises:
        PermissionDenied: not an administrator.
        NotFound: no such account.
        Invalid: the username does not match, or it is the administrator's own account.
        Conflict: an administrator's account, or a deletion already pending (unless immediate).
    """
    admin = require_admin(actor)
    target = _target(session, admin, user_id)
    if (confirm_username or "").strip().casefold() != target.username.casefold():
        raise Invalid(f"Type the username ({target.username}) to confirm the deletion.")
    now = clock.now()
    pending = _pending(session, saved_id(target))
    if pending is not None and not immediate:
        raise Conflict("That account is already set to be deleted.")
    if pending is not None and immediate:
        audit_record(session, actor=admin, action="user.delete", target_type="user", target_id=pending.user_id,
                     after={"due_at": now, "keep_releases": pending.keep_releases},
                     summary=f"Deleting user {pending.user_id} now")
        session.commit()
    if pending is None:
        pending = _schedule(session, user=target, keep_releases=keep_releases,
                            due_at=now if immediate else now + grace_period(), clock=clock, requested_by=admin)
    audit.warning("admin %s asked to delete user %s (keep_releases=%s, immediate=%s)",
                  admin.id, target.id, keep_releases, immediate)
    if not immediate:
        _mail_requested(session, target, pending, by_admin=True)
        return _state(session, target)
    from spoticlone.services.accounts.deletion_erase import erase_request

    # Written before the erasure: afterwards nothing says where to send it.
    farewell = deletion_emails.account_erased_email(
        to=target.email, username=target.username, stage_name=_stage_name(session, saved_id(target)),
        keep_releases=pending.keep_releases)
    if erase_request(session, deletion_id=saved_id(pending), store=store, clock=clock) is not None:
        deletion_emails.send_deletion_email(farewell)
    return DeletionState(pending=False, grace_days=get_settings().deletion_grace_days)


@exempting(ERASURE)
def admin_cancel_deletion(session: Session, *, actor: Actor, user_id: int, clock: Clock = SYSTEM_CLOCK) -> None:
    """An administrator cancels a pending deletion of someone's account.

    Raises:
        PermissionDenied: not an administrator.
        NotFound: no such account.
        Conflict: nothing is pending.
    """
    admin = require_admin(actor)
    target = session.get(User, user_id) if isinstance(user_id, int) and not isinstance(user_id, bool) else None
    if target is None:
        raise NotFound("That account does not exist.")
    row = _pending(session, saved_id(target))
    if row is None:
        raise Conflict("That account is not set to be deleted.")
    audit_record(session, actor=admin, action="user.delete_cancel", target_type="user", target_id=row.user_id,
                 before={"due_at": row.due_at}, summary=f"Cancelled the deletion of user {row.user_id}")
    _cancel(session, row, reason="admin", now=clock.now(), notice=False)
    audit.warning("admin %s cancelled the deletion of user %s", admin.id, target.id)
