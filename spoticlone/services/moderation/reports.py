"""Filing a report: anyone, signed in or not, about a song, release, playlist or profile.

A signed-in reporter's answer goes to their account's address unless they give another; an
anonymous reporter must give one (we have no other way to answer, and a notice without a
contact is not actionable). Reports are throttled per client address, counted before the
report is stored, so a flood is refused even when every attempt is otherwise valid.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import Session, select

from spoticlone.integrations.mailer import EmailMessageSpec
from spoticlone.models import ModerationReport, Track, TrackStatus
from spoticlone.models.common import saved_id
from spoticlone.services.accounts.addresses import normalize_email
from spoticlone.services.admin import audit
from spoticlone.services.catalog.views import published
from spoticlone.services.core import ratelimit
from spoticlone.services.core.actor import Actor
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.library.playlists import access
from spoticlone.services.moderation import emails
from spoticlone.services.moderation.targets import NOT_FOUND, Target, check_kind, resolve

log = logging.getLogger(__name__)

REASONS = {"copyright": "Copyright infringement", "abuse": "Abuse or harassment", "other": "Something else"}
MAX_STATEMENT = 4000
#: Reports one client address may file per window (generous for a rights holder, not a flood).
REPORT_LIMIT = 10
REPORT_WINDOW = timedelta(hours=1)

Notify = Callable[[EmailMessageSpec], object]


class ReportOut(DTO):
    """A filed report as its reporter (and the API) sees it."""

    id: int
    target_type: str
    target_id: int
    reason: str
    status: str
    created_at: datetime


def report_out(report: ModerationReport) -> ReportOut:
    """The DTO of a stored report."""
    return ReportOut(id=saved_id(report), target_type=report.target_type, target_id=report.target_id,
                     reason=report.reason, status=report.status, created_at=report.created_at)


def _reportable(session: Session, actor: Actor, target: Target) -> None:
    """Only what the reporter can see may be reported (no probing for private items)."""
    if target.kind == "track":
        track = session.get(Track, target.id)
        if track is None or track.status != TrackStatus.PUBLISHED:
            raise NotFound(NOT_FOUND)
    elif target.kind == "album":
        if session.exec(select(Track.id).where(Track.album_id == target.id, published())).first() is None:
            raise NotFound(NOT_FOUND)
    elif target.kind == "playlist":
        access.readable(session, actor=actor, playlist_id=target.id)  # NotFound when private
    elif target.owner is None or target.owner.suspended:
        raise NotFound(NOT_FOUND)


def _clean(reason: str, statement: str, contact_email: str | None, actor: Actor) -> tuple[str, str, str]:
    if reason not in REASONS:
        raise Invalid("Choose why you are reporting this: copyright, abuse or something else.")
    statement = (statement or "").strip()
    if not statement:
        raise Invalid("Tell us what is wrong, so an administrator can check it.")
    if len(statement) > MAX_STATEMENT:
        raise Invalid(f"Keep your statement under {MAX_STATEMENT} characters.")
    contact = (contact_email or "").strip()
    if contact:
        contact = normalize_email(contact)
    elif actor is not None:
        contact = actor.email
    else:
        raise Invalid("Give an email address so we can tell you what we decided.")
    return reason, statement, contact


def file_report(
    session: Session,
    *,
    actor: Actor,
    target_type: str,
    target_id: int,
    reason: str,
    statement: str,
    contact_email: str | None = None,
    client_ip: str | None = None,
    notify: Notify | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ReportOut:
    """Store a report and acknowledge it by email; the audit log records it.

    Raises:
        Invalid: unknown kind or reason, empty or too long statement, bad or missing email.
        NotFound: nothing the reporter can see by that id.
        RateLimited: too many reports from this address in the last hour.
    """
    check_kind(target_type)
    reason, statement, contact = _clean(reason, statement, contact_email, actor)
    target = resolve(session, target_type, target_id)
    _reportable(session, actor, target)
    ratelimit.check_and_count(session, key=ratelimit.address_key("report", client_ip), limit=REPORT_LIMIT,
                              window=REPORT_WINDOW, clock=clock)
    report = ModerationReport(target_type=target.kind, target_id=target.id, reason=reason, statement=statement,
                              contact_email=contact, reporter_id=actor.id if actor is not None else None,
                              created_at=clock.now())
    session.add(report)
    session.flush()
    audit.record(session, actor=actor, action="report.filed", target_type=target.kind, target_id=target.id,
                 after={"report": report.id, "reason": reason},
                 summary=f"{REASONS[reason]} report about {target.noun} \u201c{target.title}\u201d")
    session.commit()
    log.info("report %s filed about %s %s", report.id, target.kind, target.id)
    if notify is not None:
        notify(emails.report_received(contact, target.noun, target.title))
    return report_out(report)
