"""The Help page: answers to common questions, grouped in sections, edited by administrators.

Reading is public. Bodies are Markdown rendered with raw HTML off (``components/support.py``
uses the same renderer as the legal pages), so a pasted ``<script>`` shows as text. The
first answers come from ``help_defaults`` (the migration writes them; ``seed_defaults``
does the same for an empty database). Every admin change is audit-logged.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone.models import HelpArticle, utcnow
from spoticlone.models.common import saved_id
from spoticlone.services.admin import audit
from spoticlone.services.core.actor import Actor, require_admin
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.support import rules
from spoticlone.services.support.help_defaults import DEFAULT_ARTICLES

MAX_ARTICLES = 200


class ArticleView(DTO):
    """One answer of the Help page."""

    id: int
    section: str
    title: str
    body: str
    position: int
    updated_at: datetime


class HelpSection(DTO):
    """One heading of the Help page and its answers, in order."""

    title: str
    articles: list[ArticleView]


def _view(row: HelpArticle) -> ArticleView:
    return ArticleView(id=saved_id(row), section=row.section, title=row.title, body=row.body,
                       position=row.position, updated_at=row.updated_at)


def _ordered(session: Session) -> list[HelpArticle]:
    return list(session.exec(select(HelpArticle).order_by(col(HelpArticle.position), col(HelpArticle.id))
                             .limit(MAX_ARTICLES)))


def help_page(session: Session) -> list[HelpSection]:
    """Every answer, grouped by section; sections in the order of their first answer."""
    sections: dict[str, list[ArticleView]] = {}
    for row in _ordered(session):
        sections.setdefault(row.section, []).append(_view(row))
    return [HelpSection(title=title, articles=articles) for title, articles in sections.items()]


def list_articles(session: Session, *, actor: Actor) -> list[ArticleView]:
    """Every answer in page order, for the editor (admins only)."""
    require_admin(actor)
    return [_view(r) for r in _ordered(session)]


def _fields(section: str, title: str, body: str) -> dict[str, str]:
    return {"section": rules.text(section, rules.MAX_ARTICLE_SECTION, "section"),
            "title": rules.text(title, rules.MAX_ARTICLE_TITLE, "question"),
            "body": rules.text(body, rules.MAX_ARTICLE_BODY, "answer")}


def _row(session: Session, article_id: int) -> HelpArticle:
    row = session.get(HelpArticle, article_id) if isinstance(article_id, int) else None
    if row is None:
        raise NotFound("There is no such help article.")
    return row


def create_article(session: Session, *, actor: Actor, section: str, title: str, body: str,
                   position: int | None = None) -> ArticleView:
    """Add an answer; without ``position`` it goes last."""
    admin = require_admin(actor)
    fields = _fields(section, title, body)
    if session.exec(select(func.count()).select_from(HelpArticle)).one() >= MAX_ARTICLES:
        raise Invalid(f"The Help page holds at most {MAX_ARTICLES} answers.")
    if position is None:
        position = (session.exec(select(func.max(HelpArticle.position))).one() or 0) + 10
    row = HelpArticle(section=fields["section"], title=fields["title"], body=fields["body"],
                      position=_position(position), updated_at=utcnow())
    session.add(row)
    session.flush()
    audit.record(session, actor=admin, action="help.create", target_type="help_article", target_id=row.id,
                 after={"section": row.section, "title": row.title}, summary=f"Help answer “{row.title}” added")
    session.commit()
    return _view(row)


def _position(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
        raise Invalid("The position must be a number between 0 and 1,000,000.")
    return value


def update_article(session: Session, *, actor: Actor, article_id: int, section: str, title: str, body: str,
                   position: int | None = None) -> ArticleView:
    """Change an answer's section, question, text or place; audit-logged with what changed."""
    admin = require_admin(actor)
    row = _row(session, article_id)
    before = {"section": row.section, "title": row.title, "body": row.body, "position": row.position}
    fields = _fields(section, title, body)
    row.section, row.title, row.body = fields["section"], fields["title"], fields["body"]
    if position is not None:
        row.position = _position(position)
    old, new = audit.changed_fields(before, {"section": row.section, "title": row.title, "body": row.body,
                                             "position": row.position})
    if new:
        row.updated_at = utcnow()
        audit.record(session, actor=admin, action="help.update", target_type="help_article", target_id=row.id,
                     before=old, after=new, summary=f"Help answer “{row.title}” edited")
    session.add(row)
    session.commit()
    return _view(row)


def delete_article(session: Session, *, actor: Actor, article_id: int) -> None:
    """Remove an answer from the Help page; audit-logged."""
    admin = require_admin(actor)
    row = _row(session, article_id)
    audit.record(session, actor=admin, action="help.delete", target_type="help_article", target_id=row.id,
                 before={"section": row.section, "title": row.title}, summary=f"Help answer “{row.title}” deleted")
    session.delete(row)
    session.commit()


def seed_defaults(session: Session) -> int:
    """Write the default answers into an empty Help page; how many were added (0 if not empty)."""
    if session.exec(select(func.count()).select_from(HelpArticle)).one():
        return 0
    now = utcnow()
    for index, (section, title, body) in enumerate(DEFAULT_ARTICLES):
        session.add(HelpArticle(section=section, title=title, body=body, position=(index + 1) * 10, updated_at=now))
    session.commit()
    return len(DEFAULT_ARTICLES)
