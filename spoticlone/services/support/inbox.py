"""The administrators' support inbox: filter, assign, reply, change status.

Administrators only (``require_admin``). Status follows the conversation: an admin's reply
sets "waiting" (for the listener), a listener's reply sets "open" again (``requests.reply``);
an admin may also set any status by hand, e.g. close a request. Every status change and
assignment is written to the audit log in the same transaction. A reply emits
``events.SUPPORT_REPLIED`` once the message has an id; the notifications feature turns it
into a bell entry and an email (this module sends nothing itself).
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone.models import Role, SupportMessage, SupportRequest, User, utcnow
from spoticlone.models.common import saved_id
from spoticlone.services.admin import audit
from spoticlone.services.core import events
from spoticlone.services.core.actor import Actor, require_admin
from spoticlone.services.core.dto import DTO, Page, check_page
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.support import rules
from spoticlone.services.support.requests import NOT_FOUND, RequestDetail, RequestSummary, detail, summaries

Assigned = Literal["me", "nobody", "anyone"]


class AdminRef(DTO):
    """An administrator requests can be assigned to."""

    id: int
    username: str


class InboxCounts(DTO):
    """How many requests are in each status (the filter's badges)."""

    open: int
    waiting: int
    closed: int


def _request(session: Session, request_id: int) -> SupportRequest:
    request = session.get(SupportRequest, request_id) if isinstance(request_id, int) else None
    if request is None:
        raise NotFound(NOT_FOUND)
    return request


def list_inbox(
    session: Session, *, actor: Actor, status: str | None = rules.OPEN, assigned: Assigned = "anyone",
    page: int = 1, page_size: int = 20,
) -> Page[RequestSummary]:
    """Requests filtered by status (None: all) and assignee, most recently active first."""
    admin = require_admin(actor)
    offset = check_page(page, page_size)
    filters = []
    if status is not None:
        filters.append(col(SupportRequest.status) == rules.status(status))
    if assigned == "me":
        filters.append(col(SupportRequest.assigned_to_id) == admin.id)
    elif assigned == "nobody":
        filters.append(col(SupportRequest.assigned_to_id).is_(None))
    elif assigned != "anyone":
        raise Invalid("Choose me, nobody or anyone.")
    total = session.exec(select(func.count()).select_from(SupportRequest).where(*filters)).one()
    rows = list(session.exec(select(SupportRequest).where(*filters)
                             .order_by(col(SupportRequest.updated_at).desc(), col(SupportRequest.id).desc())
                             .offset(offset).limit(page_size)))
    return Page(items=summaries(session, rows, staff=True), total=total, page=page, page_size=page_size)


def counts(session: Session, *, actor: Actor) -> InboxCounts:
    """Requests per status, for every administrator."""
    require_admin(actor)
    found = dict(session.exec(
        select(SupportRequest.status, func.count()).group_by(col(SupportRequest.status))).all())
    return InboxCounts(open=found.get(rules.OPEN, 0), waiting=found.get(rules.WAITING, 0),
                       closed=found.get(rules.CLOSED, 0))


def staff_request(session: Session, *, actor: Actor, request_id: int) -> RequestDetail:
    """Any request with its context, screenshot link and conversation (admins only)."""
    require_admin(actor)
    return detail(session, _request(session, request_id), staff=True)


def admins(session: Session, *, actor: Actor) -> list[AdminRef]:
    """Active administrators, by name (who a request can be assigned to)."""
    require_admin(actor)
    rows = session.exec(select(User.id, User.username).where(User.role == Role.ADMIN, col(User.suspended).is_(False))
                        .order_by(col(User.username)).limit(200)).all()
    return [AdminRef(id=uid, username=name) for uid, name in rows if uid is not None]


def _assign(session: Session, admin: User, request: SupportRequest, assignee_id: int | None) -> None:
    if request.assigned_to_id == assignee_id:
        return
    names = {u.id: u.username for u in (session.get(User, i) for i in (request.assigned_to_id, assignee_id) if i)
             if u is not None}
    before = {"assigned_to": names.get(request.assigned_to_id) if request.assigned_to_id else None}
    after = {"assigned_to": names.get(assignee_id) if assignee_id else None}
    request.assigned_to_id = assignee_id
    session.add(request)
    audit.record(session, actor=admin, action="support.assign", target_type="support_request",
                 target_id=request.id, before=before, after=after,
                 summary=f"Request #{request.id} assigned to {after['assigned_to'] or 'nobody'}")


def _set_status(session: Session, admin: User, request: SupportRequest, new: str, why: str) -> None:
    if request.status == new:
        return
    audit.record(session, actor=admin, action="support.status", target_type="support_request",
                 target_id=request.id, before={"status": request.status}, after={"status": new},
                 summary=f"Request #{request.id} {why}: {request.status} → {new}")
    request.status = new
    session.add(request)


def assign(session: Session, *, actor: Actor, request_id: int, assignee_id: int | None) -> RequestDetail:
    """Hand a request to an administrator (``None``: to nobody); audit-logged."""
    admin = require_admin(actor)
    request = _request(session, request_id)
    if assignee_id is not None:
        assignee = session.get(User, assignee_id) if isinstance(assignee_id, int) else None
        if assignee is None or assignee.role != Role.ADMIN or assignee.suspended:
            raise Invalid("Requests can only be assigned to an active administrator.")
    _assign(session, admin, request, assignee_id)
    session.commit()
    return detail(session, request, staff=True)


def set_status(session: Session, *, actor: Actor, request_id: int, status: str) -> RequestDetail:
    """Set open, waiting or closed by hand; audit-logged."""
    admin = require_admin(actor)
    request = _request(session, request_id)
    _set_status(session, admin, request, rules.status(status), "changed by hand")
    session.commit()
    return detail(session, request, staff=True)


def staff_reply(session: Session, *, actor: Actor, request_id: int, body: str, close: bool = False) -> RequestDetail:
    """Answer the listener: the request becomes "waiting" (or "closed" with ``close``).

    An unassigned request is assigned to the admin who answers. ``SUPPORT_REPLIED`` is
    emitted in the same transaction, so a failing subscriber undoes the reply too.
    """
    admin = require_admin(actor)
    request = _request(session, request_id)
    text = rules.message(body)
    now = utcnow()
    message = SupportMessage(request_id=saved_id(request), author_id=admin.id, from_staff=True, body=text,
                             created_at=now)
    session.add(message)
    if request.assigned_to_id is None:
        _assign(session, admin, request, admin.id)
    _set_status(session, admin, request, rules.CLOSED if close else rules.WAITING, "answered")
    request.updated_at = now
    session.add(request)
    session.flush()
    events.emit(events.SUPPORT_REPLIED, session, request_id=saved_id(request), user_id=request.user_id,
                message_id=saved_id(message))
    session.commit()
    return detail(session, request, staff=True)
