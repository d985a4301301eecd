"""A listener's side of the support desk: file a request, list mine, read one, reply.

Every function here acts for the listener who owns the request: another person's request
id answers ``NotFound``, exactly like an id that never existed, so ids reveal nothing.
Administrators work on requests through ``inbox.py``.

Context (the page the listener came from, the track playing, the browser) is recorded only
when the listener left "attach context" ticked on the form.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone.models import SupportMessage, SupportRequest, SupportScreenshot, User, utcnow
from spoticlone.models.common import saved_id
from spoticlone.services.core import ratelimit
from spoticlone.services.core.actor import Actor, require_user
from spoticlone.services.core.dto import DTO, Page, check_page
from spoticlone.services.core.errors import NotFound, RateLimited
from spoticlone.services.support import rules, screenshots

NOT_FOUND = "There is no such support request."


class MessageView(DTO):
    """One message of a conversation; ``author_name`` is "Support" for any administrator's reply."""

    id: int
    body: str
    from_staff: bool
    author_name: str
    created_at: datetime


class RequestSummary(DTO):
    """A request in a list (no conversation)."""

    id: int
    category: str
    category_label: str
    subject: str
    status: str
    status_label: str
    created_at: datetime
    updated_at: datetime
    messages: int
    #: Who filed it and who handles it (the listener's own lists show their own name).
    user_id: int
    username: str
    assigned_to_id: int | None
    assigned_to_name: str


class RequestDetail(RequestSummary):
    """A request with its context and its whole conversation, oldest message first."""

    context_page: str
    context_track: str
    context_user_agent: str
    has_screenshot: bool
    screenshot_url: str
    thread: list[MessageView]


def screenshot_url(request_id: int, *, staff: bool = False) -> str:
    """Where the browser fetches a request's screenshot (an authorised API route)."""
    return f"/api/v1/{'admin/' if staff else ''}support/requests/{request_id}/screenshot"


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(User.id, User.username).where(col(User.id).in_(ids))).all()
    return {uid: name for uid, name in rows if uid is not None}


def summaries(session: Session, rows: list[SupportRequest], *, staff: bool = False) -> list[RequestSummary]:
    """``rows`` as summaries, with one query for message counts and one for names."""
    ids = [saved_id(r) for r in rows]
    counts: dict[int, int] = {}
    if ids:
        counts = dict(session.exec(
            select(SupportMessage.request_id, func.count()).where(col(SupportMessage.request_id).in_(ids))
            .group_by(col(SupportMessage.request_id))
        ).all())
    names = _names(session, {r.user_id for r in rows} | {r.assigned_to_id for r in rows if r.assigned_to_id})
    labels = rules.STAFF_STATUSES if staff else rules.STATUSES
    return [RequestSummary(
        id=saved_id(r), category=r.category, category_label=rules.CATEGORIES.get(r.category, r.category),
        subject=r.subject, status=r.status, status_label=labels.get(r.status, r.status),
        created_at=r.created_at, updated_at=r.updated_at, messages=counts.get(saved_id(r), 0),
        user_id=r.user_id, username=names.get(r.user_id, "(deleted account)"), assigned_to_id=r.assigned_to_id,
        assigned_to_name=names.get(r.assigned_to_id, "") if r.assigned_to_id else "",
    ) for r in rows]


def detail(session: Session, request: SupportRequest, *, staff: bool = False) -> RequestDetail:
    """The whole request as its reader sees it (``staff``: the admin's view names each admin)."""
    messages = list(session.exec(
        select(SupportMessage).where(SupportMessage.request_id == request.id)
        .order_by(col(SupportMessage.id).desc()).limit(rules.MAX_THREAD)
    ))[::-1]
    authors = _names(session, {m.author_id for m in messages if m.author_id})
    thread = [MessageView(
        id=saved_id(m), body=m.body, from_staff=m.from_staff, created_at=m.created_at,
        author_name=(f"{authors.get(m.author_id or 0, 'Support')} (Support)" if staff else "Support")
        if m.from_staff else authors.get(m.author_id or 0, "(deleted account)"),
    ) for m in messages]
    summary = summaries(session, [request], staff=staff)[0]
    return RequestDetail(
        **summary.model_dump(), context_page=request.context_page, context_track=request.context_track,
        context_user_agent=request.context_user_agent, has_screenshot=request.has_screenshot,
        screenshot_url=screenshot_url(saved_id(request), staff=staff) if request.has_screenshot else "",
        thread=thread,
    )


def _own(session: Session, user: User, request_id: int) -> SupportRequest:
    request = session.get(SupportRequest, request_id) if isinstance(request_id, int) else None
    if request is None or request.user_id != user.id:
        raise NotFound(NOT_FOUND)
    return request


def _throttle(session: Session, user_id: int, action: str, limits: list[tuple[int, timedelta]]) -> None:
    """Count one attempt per window (the limiter keeps one counter per key and window)."""
    keys = [(ratelimit.account_key(action, f"user:{user_id}"), limit) for limit in limits]
    try:
        ratelimit.count_all(session, keys)
    except RateLimited as exc:
        minutes = max(1, -(-exc.retry_after // 60))
        raise RateLimited(
            f"You have sent a lot of support messages. Please try again in {minutes} "
            f"minute{'s' if minutes != 1 else ''}.", retry_after=exc.retry_after,
        ) from None


def create_request(
    session: Session,
    *,
    actor: Actor,
    category: str,
    subject: str,
    message: str,
    attach_context: bool = True,
    context_page: str = "",
    context_track: str = "",
    user_agent: str = "",
    screenshot: bytes | None = None,
    client_ip: str | None = None,
) -> RequestDetail:
    """File a new request (signed-in listeners); nothing is saved if any part is refused.

    The text is checked first, then the screenshot (a hostile or oversized one is refused
    with the picture pipeline's message), then the throttle; only then are rows written.
    """
    user = require_user(actor)
    user_id = saved_id(user)
    chosen, title, body = rules.category(category), rules.subject(subject), rules.message(message)
    jpeg = screenshots.clean(session, actor=user, data=screenshot, client_ip=client_ip) if screenshot else None
    _throttle(session, user_id, "support_new", [rules.NEW_PER_ACCOUNT, rules.NEW_PER_DAY])
    now = utcnow()
    request = SupportRequest(
        user_id=user_id, category=chosen, subject=title, status=rules.OPEN, created_at=now, updated_at=now,
        context_page=rules.clip(context_page, rules.MAX_CONTEXT_PAGE) if attach_context else "",
        context_track=rules.clip(context_track, rules.MAX_CONTEXT_TRACK) if attach_context else "",
        context_user_agent=rules.clip(user_agent, rules.MAX_USER_AGENT) if attach_context else "",
    )
    session.add(request)
    session.flush()
    session.add(SupportMessage(request_id=saved_id(request), author_id=user_id, body=body, created_at=now))
    if jpeg is not None:
        screenshots.attach(session, request=request, jpeg=jpeg)
    session.commit()
    return detail(session, request)


def my_requests(session: Session, *, actor: Actor, page: int = 1, page_size: int = 20) -> Page[RequestSummary]:
    """The actor's own requests, most recently active first."""
    user = require_user(actor)
    offset = check_page(page, page_size)
    where = SupportRequest.user_id == user.id
    total = session.exec(select(func.count()).select_from(SupportRequest).where(where)).one()
    rows = list(session.exec(select(SupportRequest).where(where)
                             .order_by(col(SupportRequest.updated_at).desc(), col(SupportRequest.id).desc())
                             .offset(offset).limit(page_size)))
    return Page(items=summaries(session, rows), total=total, page=page, page_size=page_size)


def my_request(session: Session, *, actor: Actor, request_id: int) -> RequestDetail:
    """One of the actor's own requests with its conversation; anyone else's is ``NotFound``."""
    return detail(session, _own(session, require_user(actor), request_id))


def reply(session: Session, *, actor: Actor, request_id: int, body: str) -> RequestDetail:
    """Add the listener's message; the request goes back to "open" (support's turn), even if closed."""
    user = require_user(actor)
    request = _own(session, user, request_id)
    text = rules.message(body)
    _throttle(session, saved_id(user), "support_reply", [rules.REPLIES_PER_ACCOUNT])
    now = utcnow()
    session.add(SupportMessage(request_id=saved_id(request), author_id=user.id, body=text, created_at=now))
    request.status, request.updated_at = rules.OPEN, now
    session.add(request)
    session.commit()
    return detail(session, request)


def export_rows(session: Session, user: User) -> Iterator[dict[str, Any]]:
    """The account's own requests for its data export: context, conversation and screenshot (base64 JPEG)."""
    rows = session.exec(select(SupportRequest).where(SupportRequest.user_id == user.id)
                        .order_by(col(SupportRequest.id)))
    for request in rows:
        messages = session.exec(select(SupportMessage).where(SupportMessage.request_id == request.id)
                                .order_by(col(SupportMessage.id)))
        shot = session.get(SupportScreenshot, request.id) if request.has_screenshot else None
        yield {
            "request_id": request.id, "category": request.category, "subject": request.subject,
            "status": request.status, "created_at": request.created_at.isoformat(),
            "context": {"page": request.context_page, "track": request.context_track,
                        "browser": request.context_user_agent},
            "messages": [{"from": "support" if m.from_staff else "you", "body": m.body,
                          "at": m.created_at.isoformat()} for m in messages],
            "screenshot_jpeg_base64": base64.b64encode(shot.data).decode("ascii") if shot else None,
        }
