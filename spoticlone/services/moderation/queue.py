"""The administrators' review queue: open reports grouped by what they are about, and decisions.

A decision applies to an item, not to one report: hiding a song answers every open report
about it. Each step writes the audit log in the same transaction; the emails (reporters,
owner) are handed to ``notify`` after the commit, so a mail server that is down never undoes
a decision, and nobody is told of a decision that was rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session, col, select

from spoticlone.integrations.mailer import EmailMessageSpec
from spoticlone.models import ModerationHold, ModerationReport, User
from spoticlone.services.admin import audit
from spoticlone.services.core.actor import Actor, require_admin
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Conflict, NotFound
from spoticlone.services.moderation import emails, holds
from spoticlone.services.moderation.reports import REASONS
from spoticlone.services.moderation.targets import Target, check_kind, resolve

log = logging.getLogger(__name__)

Notify = Callable[[EmailMessageSpec], object]
#: Most items the queue shows at once (oldest reports first); the rest wait their turn.
QUEUE_LIMIT = 50


class ReportLine(DTO):
    """One report as an administrator reviews it."""

    id: int
    reason: str
    reason_label: str
    statement: str
    reporter: str
    contact_email: str
    created_at: datetime


class QueueItem(DTO):
    """One reported item with its open reports, its state and any counter-notice."""

    target_type: str
    target_id: int
    title: str
    url: str
    owner: str
    hidden: bool
    counter_notice: str
    reports: list[ReportLine]


def _lines(session: Session, reports: list[ModerationReport]) -> list[ReportLine]:
    ids = {r.reporter_id for r in reports if r.reporter_id is not None}
    names = {u.id: u.username for u in session.exec(select(User).where(col(User.id).in_(ids)))} if ids else {}
    return [ReportLine(id=r.id or 0, reason=r.reason, reason_label=REASONS.get(r.reason, r.reason),
                       statement=r.statement, reporter=names.get(r.reporter_id, "") or "Anonymous",
                       contact_email=r.contact_email, created_at=r.created_at) for r in reports]


def review_queue(session: Session, *, actor: Actor) -> list[QueueItem]:
    """Items with open reports (oldest first), then hidden items whose owner counter-noticed."""
    require_admin(actor)
    open_reports = list(session.exec(select(ModerationReport).where(ModerationReport.status == "open")
                                     .order_by(col(ModerationReport.created_at), col(ModerationReport.id))))
    keys: list[tuple[str, int]] = []
    grouped: dict[tuple[str, int], list[ModerationReport]] = {}
    for report in open_reports:
        key = (report.target_type, report.target_id)
        if key not in grouped:
            keys.append(key)
        grouped.setdefault(key, []).append(report)
    answered = session.exec(select(ModerationHold).where(
        col(ModerationHold.active) == True, ModerationHold.counter_notice != "")  # noqa: E712
        .order_by(col(ModerationHold.counter_notice_at)))
    for answer in answered:
        key = (answer.target_type, answer.target_id)
        if key not in grouped:
            keys.append(key)
            grouped[key] = list(session.exec(select(ModerationReport).where(
                ModerationReport.target_type == answer.target_type, ModerationReport.target_id == answer.target_id,
                ModerationReport.status == "hidden").order_by(col(ModerationReport.created_at))))
    items = []
    for kind, target_id in keys[:QUEUE_LIMIT]:
        try:
            target = resolve(session, kind, target_id)
        except NotFound:
            continue  # deleted since it was reported: nothing left to decide
        hold = holds.hold_for(session, kind, target_id)
        items.append(QueueItem(
            target_type=kind, target_id=target_id, title=target.title, url=target.url,
            owner=target.owner.username if target.owner is not None else "",
            hidden=bool(hold and hold.active), counter_notice=hold.counter_notice if hold and hold.active else "",
            reports=_lines(session, grouped[(kind, target_id)])))
    return items


def _reports_of(session: Session, target: Target, status: str) -> list[ModerationReport]:
    return list(session.exec(select(ModerationReport).where(
        ModerationReport.target_type == target.kind, ModerationReport.target_id == target.id,
        ModerationReport.status == status)))


def _decide(session: Session, reports: list[ModerationReport], status: str, actor: User, now: datetime) -> None:
    for report in reports:
        report.status, report.decided_at, report.decided_by_id = status, now, actor.id
        session.add(report)


def _tell_reporters(reports: list[ModerationReport], target: Target, decision: str, notify: Notify | None) -> None:
    if notify is None:
        return
    for address in sorted({r.contact_email for r in reports if r.contact_email}):
        notify(emails.decision_to_reporter(address, target.noun, target.title, decision))


def hide(session: Session, *, actor: Actor, target_type: str, target_id: int, origin: str = "",
         notify: Notify | None = None, clock: Clock = SYSTEM_CLOCK) -> None:
    """Hide an item everywhere; its open reports are answered and its owner is told how to object.

    Raises:
        PermissionDenied: not an administrator.
        NotFound: no such item.
        Conflict: it is already hidden.
    """
    admin = require_admin(actor)
    target = resolve(session, check_kind(target_type), target_id)
    if holds.is_hidden(session, target.kind, target.id):
        raise Conflict(f"This {target.noun} is already hidden.")
    now = clock.now()
    reports = _reports_of(session, target, "open")
    holds.apply_hold(session, target, by_id=admin.id, now=now)
    _decide(session, reports, "hidden", admin, now)
    audit.record(session, actor=admin, action=f"{target.kind}.hide", target_type=target.kind, target_id=target.id,
                 before={"hidden": False}, after={"hidden": True, "reports": [r.id for r in reports]},
                 summary=f"Hid {target.noun} \u201c{target.title}\u201d after {len(reports)} report(s)")
    session.commit()
    log.info("%s %s hidden by user %s", target.kind, target.id, admin.id)
    _tell_reporters(reports, target, "hidden", notify)
    owner = target.owner
    if notify is not None and owner is not None:
        reason = ", ".join(sorted({REASONS[r.reason].lower() for r in reports if r.reason in REASONS})) or "a report"
        notify(emails.hidden_to_owner(owner.email, owner.username, target.noun, target.title, reason,
                                      origin + target.url))


def dismiss(session: Session, *, actor: Actor, target_type: str, target_id: int,
            notify: Notify | None = None, clock: Clock = SYSTEM_CLOCK) -> None:
    """Close an item's open reports without hiding it; the reporters are told.

    Raises:
        PermissionDenied: not an administrator.
        NotFound: no such item.
        Conflict: it has no open reports.
    """
    admin = require_admin(actor)
    target = resolve(session, check_kind(target_type), target_id)
    reports = _reports_of(session, target, "open")
    if not reports:
        raise Conflict(f"This {target.noun} has no open reports to dismiss.")
    _decide(session, reports, "dismissed", admin, clock.now())
    audit.record(session, actor=admin, action=f"{target.kind}.reports_dismissed", target_type=target.kind,
                 target_id=target.id, after={"reports": [r.id for r in reports]},
                 summary=f"Dismissed {len(reports)} report(s) about {target.noun} \u201c{target.title}\u201d")
    session.commit()
    _tell_reporters(reports, target, "dismissed", notify)


def restore(session: Session, *, actor: Actor, target_type: str, target_id: int,
            notify: Notify | None = None, clock: Clock = SYSTEM_CLOCK) -> None:
    """Bring a hidden item back exactly as it was (usually after a counter-notice).

    Raises:
        PermissionDenied: not an administrator.
        NotFound: no such item.
        Conflict: it is not hidden.
    """
    admin = require_admin(actor)
    target = resolve(session, check_kind(target_type), target_id)
    hold = holds.hold_for(session, target.kind, target.id)
    if hold is None or not hold.active:
        raise Conflict(f"This {target.noun} is not hidden, so there is nothing to restore.")
    now = clock.now()
    given_back = holds.lift_hold(session, hold, now=now)
    reports = _reports_of(session, target, "hidden") + _reports_of(session, target, "open")
    _decide(session, reports, "restored", admin, now)
    audit.record(session, actor=admin, action=f"{target.kind}.restore", target_type=target.kind,
                 target_id=target.id, before={"hidden": True}, after={"hidden": False, "tracks": given_back},
                 summary=f"Restored {target.noun} \u201c{target.title}\u201d"
                         + (" after a counter-notice" if hold.counter_notice else ""))
    session.commit()
    log.info("%s %s restored by user %s", target.kind, target.id, admin.id)
    _tell_reporters(reports, target, "restored", notify)
    if notify is not None and target.owner is not None:
        notify(emails.restored_to_owner(target.owner.email, target.owner.username, target.noun, target.title))

