"""Canned answers: short replies administrators reuse (inserting one only fills the reply box).

Administrators only, to read and to change; every change is audit-logged. The list is
kept short on purpose (``MAX_CANNED``): a long list is one nobody reads.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone.models import CannedAnswer, utcnow
from spoticlone.models.common import saved_id
from spoticlone.services.admin import audit
from spoticlone.services.core.actor import Actor, require_admin
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.support import rules

MAX_CANNED = 50


class CannedView(DTO):
    """A canned answer as the inbox shows it."""

    id: int
    title: str
    body: str
    updated_at: datetime


def _view(row: CannedAnswer) -> CannedView:
    return CannedView(id=saved_id(row), title=row.title, body=row.body, updated_at=row.updated_at)


def _row(session: Session, canned_id: int) -> CannedAnswer:
    row = session.get(CannedAnswer, canned_id) if isinstance(canned_id, int) else None
    if row is None:
        raise NotFound("There is no such canned answer.")
    return row


def list_canned(session: Session, *, actor: Actor) -> list[CannedView]:
    """Every canned answer, by title."""
    require_admin(actor)
    rows = session.exec(select(CannedAnswer).order_by(col(CannedAnswer.title), col(CannedAnswer.id))
                        .limit(MAX_CANNED))
    return [_view(r) for r in rows]


def create_canned(session: Session, *, actor: Actor, title: str, body: str) -> CannedView:
    """Add a canned answer (admins only; at most ``MAX_CANNED``); audit-logged."""
    admin = require_admin(actor)
    name = rules.text(title, rules.MAX_CANNED_TITLE, "title")
    text = rules.message(body)
    if session.exec(select(func.count()).select_from(CannedAnswer)).one() >= MAX_CANNED:
        raise Invalid(f"There are already {MAX_CANNED} canned answers. Delete one you no longer use first.")
    row = CannedAnswer(title=name, body=text, updated_at=utcnow())
    session.add(row)
    session.flush()
    audit.record(session, actor=admin, action="support.canned_create", target_type="canned_answer",
                 target_id=row.id, after={"title": name}, summary=f"Canned answer “{name}” added")
    session.commit()
    return _view(row)


def update_canned(session: Session, *, actor: Actor, canned_id: int, title: str, body: str) -> CannedView:
    """Change a canned answer's title or text; audit-logged with what changed."""
    admin = require_admin(actor)
    row = _row(session, canned_id)
    before = {"title": row.title, "body": row.body}
    row.title, row.body = rules.text(title, rules.MAX_CANNED_TITLE, "title"), rules.message(body)
    row.updated_at = utcnow()
    old, new = audit.changed_fields(before, {"title": row.title, "body": row.body})
    if new:
        audit.record(session, actor=admin, action="support.canned_update", target_type="canned_answer",
                     target_id=row.id, before=old, after=new, summary=f"Canned answer “{row.title}” edited")
    session.add(row)
    session.commit()
    return _view(row)


def delete_canned(session: Session, *, actor: Actor, canned_id: int) -> None:
    """Remove a canned answer (replies already sent keep their text); audit-logged."""
    admin = require_admin(actor)
    row = _row(session, canned_id)
    audit.record(session, actor=admin, action="support.canned_delete", target_type="canned_answer",
                 target_id=row.id, before={"title": row.title}, summary=f"Canned answer “{row.title}” deleted")
    session.delete(row)
    session.commit()
