"""What listeners see instead of hidden content, and the owner's counter-notice.

A hidden item is never a silent gap: its page says it is unavailable following a report.
Its owner (the account recorded on the hold) sees, on the same notice, a form to object;
the counter-notice is stored on the hold, logged, and announced to the administrators, who
decide whether to restore.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.integrations.mailer import EmailMessageSpec
from spoticlone.models import ModerationHold, Role, User
from spoticlone.services.admin import audit
from spoticlone.services.core.actor import Actor, require_user
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Conflict, Invalid, NotFound, PermissionDenied
from spoticlone.services.moderation import emails, holds
from spoticlone.services.moderation.targets import NOUNS, check_kind, profile_id, resolve

log = logging.getLogger(__name__)

Notify = Callable[[EmailMessageSpec], object]
MIN_STATEMENT = 20
MAX_STATEMENT = 4000


class HiddenNotice(DTO):
    """The notice shown in place of a hidden item, and what its viewer may do about it."""

    target_type: str
    target_id: int
    message: str
    #: The viewer owns the item: they may send a counter-notice.
    is_owner: bool
    counter_notice_sent: bool
    counter_notice_at: datetime | None = None


class OwnHold(DTO):
    """One of the owner's hidden items (for their studio)."""

    target_type: str
    target_id: int
    title: str
    url: str
    hidden_at: datetime
    counter_notice_sent: bool


def notice_message(kind: str) -> str:
    """The sentence shown instead of a hidden item of ``kind``."""
    return f"This {NOUNS[kind]} is unavailable following a report."


def notice_for(session: Session, *, actor: Actor, target_type: str, target_id: int) -> HiddenNotice | None:
    """The notice for a hidden item, or None when it is not hidden (show the item itself)."""
    kind = check_kind(target_type)
    if not holds.is_hidden(session, kind, target_id):
        return None
    hold = holds.hold_for(session, kind, target_id)
    if hold is None or not hold.active:
        return None
    mine = actor is not None and hold.owner_id is not None and hold.owner_id == actor.id
    return HiddenNotice(target_type=target_type, target_id=target_id, message=notice_message(target_type),
                        is_owner=mine, counter_notice_sent=mine and bool(hold.counter_notice),
                        counter_notice_at=hold.counter_notice_at if mine else None)


def profile_notice(session: Session, *, actor: Actor, username: str) -> HiddenNotice | None:
    """``notice_for`` a profile named by its URL's username (None: not hidden, or no such person)."""
    try:
        user_id = profile_id(session, username=username)
    except NotFound:
        return None
    return notice_for(session, actor=actor, target_type="profile", target_id=user_id)


def my_hidden(session: Session, *, actor: Actor) -> list[OwnHold]:
    """The actor's items that are hidden now, newest first."""
    user = require_user(actor)
    out = []
    for hold in session.exec(select(ModerationHold).where(
            ModerationHold.owner_id == user.id, col(ModerationHold.active) == True)  # noqa: E712
            .order_by(col(ModerationHold.hidden_at).desc())):
        try:
            target = resolve(session, hold.target_type, hold.target_id)
        except NotFound:
            continue
        out.append(OwnHold(target_type=hold.target_type, target_id=hold.target_id, title=target.title,
                           url=target.url, hidden_at=hold.hidden_at, counter_notice_sent=bool(hold.counter_notice)))
    return out


def _admin_addresses(session: Session) -> list[str]:
    return sorted(session.exec(select(User.email).where(
        User.role == Role.ADMIN, col(User.suspended) == False)))  # noqa: E712


def file_counter_notice(
    session: Session,
    *,
    actor: Actor,
    target_type: str,
    target_id: int,
    statement: str,
    origin: str = "",
    notify: Notify | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> HiddenNotice:
    """The owner objects to a takedown; the administrators are told and decide.

    Raises:
        PermissionDenied: anonymous, or not the item's owner.
        NotFound: the item is not hidden.
        Invalid: statement too short or too long.
        Conflict: a counter-notice was already sent for this takedown.
    """
    user = require_user(actor)
    hold = holds.hold_for(session, check_kind(target_type), target_id)
    if hold is None or not hold.active:
        raise NotFound("This is not hidden, so there is nothing to object to.")
    if hold.owner_id != user.id:
        raise PermissionDenied("Only the owner of hidden content can send a counter-notice about it.")
    if hold.counter_notice:
        raise Conflict("You already sent a counter-notice. An administrator will review it.")
    statement = (statement or "").strip()
    if len(statement) < MIN_STATEMENT:
        raise Invalid(f"Explain in at least {MIN_STATEMENT} characters why this should be restored.")
    if len(statement) > MAX_STATEMENT:
        raise Invalid(f"Keep your counter-notice under {MAX_STATEMENT} characters.")
    target = resolve(session, target_type, target_id)
    hold.counter_notice, hold.counter_notice_at = statement, clock.now()
    session.add(hold)
    audit.record(session, actor=user, action=f"{target.kind}.counter_notice", target_type=target.kind,
                 target_id=target.id, after={"counter_notice": statement},
                 summary=f"{user.username} sent a counter-notice about {target.noun} \u201c{target.title}\u201d")
    session.commit()
    log.info("counter-notice for %s %s by user %s", target.kind, target.id, user.id)
    if notify is not None:
        for address in _admin_addresses(session):
            notify(emails.counter_notice_to_admin(address, target.noun, target.title, user.username, statement,
                                                  origin + routes.ADMIN_REPORTS))
    notice = notice_for(session, actor=user, target_type=target_type, target_id=target_id)
    assert notice is not None
    return notice
