"""Reading the audit log: administrators filter it by action, admin, target and dates.

Newest first, one bounded page at a time. Each entry's before/after JSON is turned into
one readable line per changed field, so a page never has to parse JSON itself. The log
is written only by ``audit.record``; nothing here changes it.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone.models import AuditEntry
from spoticlone.services.core.actor import Actor, require_admin
from spoticlone.services.core.dto import DTO, MAX_PAGE_SIZE
from spoticlone.services.core.errors import Invalid

PAGE_SIZE = 25
MAX_TEXT = 80
MAX_PAGE = 2**31 - 1


class AuditChange(DTO):
    """One changed field, both values as text ("(empty)" for none)."""

    field: str
    before: str
    after: str


class AuditRow(DTO):
    """One entry of the log, its changes one per field."""

    id: int
    at: datetime
    actor_id: int | None
    actor_name: str
    action: str
    target_type: str
    target_id: str
    summary: str
    changes: list[AuditChange]


class AuditPage(DTO):
    """One page of entries for the filters asked."""

    items: list[AuditRow]
    total: int
    page: int
    pages: int
    #: Every action and every target type in the log, for the filter pickers.
    actions: list[str]
    target_types: list[str]


def _shown(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value == "":
        return '""'
    return str(value)


def _load(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def changes_of(entry: AuditEntry) -> list[AuditChange]:
    """One line per field named in either side, before -> after, in field order."""
    before, after = _load(entry.before_json), _load(entry.after_json)
    return [AuditChange(field=name, before=_shown(before.get(name)), after=_shown(after.get(name)))
            for name in sorted(set(before) | set(after))]


def _row(entry: AuditEntry) -> AuditRow:
    return AuditRow(
        id=entry.id or 0, at=entry.at, actor_id=entry.actor_id, actor_name=entry.actor_name,
        action=entry.action, target_type=entry.target_type, target_id=entry.target_id,
        summary=entry.summary, changes=changes_of(entry),
    )


def _text(value: str | None, what: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise Invalid(f"The {what} filter can be at most {MAX_TEXT} characters long.")
    return text


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def list_entries(
    session: Session,
    *,
    actor: Actor,
    action: str = "",
    admin: str = "",
    target_type: str = "",
    target_id: str = "",
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> AuditPage:
    """A page of the log, newest first.

    ``action`` matches the start of the action (``user`` finds ``user.role`` and
    ``user.suspend``); ``admin`` is an admin's username (part of it) or id; ``since`` and
    ``until`` are whole days, both included.
    """
    require_admin(actor)
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise Invalid(f"Show between 1 and {MAX_PAGE_SIZE} entries per page.")
    if since and until and since > until:
        raise Invalid("The start date is after the end date.")
    statement = select(AuditEntry)
    if text := _text(action, "action"):
        statement = statement.where(col(AuditEntry.action).startswith(text, autoescape=True))
    if text := _text(admin, "admin"):
        if text.isdigit() and len(text) < 19:
            statement = statement.where(AuditEntry.actor_id == int(text))
        else:
            statement = statement.where(func.lower(AuditEntry.actor_name).contains(text.lower(), autoescape=True))
    if text := _text(target_type, "target"):
        statement = statement.where(AuditEntry.target_type == text)
    if text := _text(target_id, "target id"):
        statement = statement.where(AuditEntry.target_id == text)
    if since:
        statement = statement.where(col(AuditEntry.at) >= _day_start(since))
    if until:
        statement = statement.where(col(AuditEntry.at) < _day_start(until + timedelta(days=1)))
    total = int(session.scalar(select(func.count()).select_from(statement.subquery())) or 0)
    pages = max(1, math.ceil(total / page_size))
    page = min(max(1, page if isinstance(page, int) else 1), pages, MAX_PAGE)
    entries = session.exec(
        statement.order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
        .offset((page - 1) * page_size).limit(page_size)
    ).all()
    actions = session.exec(select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all()
    targets = session.exec(select(AuditEntry.target_type).distinct().order_by(AuditEntry.target_type)).all()
    return AuditPage(items=[_row(e) for e in entries], total=total, page=page, pages=pages,
                     actions=list(actions), target_types=list(targets))
