"""The Help page's answers and the canned answers: public reading, admin-only editing, audit log."""

from __future__ import annotations

import pytest
from sqlmodel import select

from spoticlone.models import AuditEntry, Role
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.support import canned, help_articles
from spoticlone.services.support.help_defaults import DEFAULT_ARTICLES
from tests.factories import make_user


def test_the_defaults_fill_an_empty_help_page_once_grouped_in_order(session):
    assert help_articles.help_page(session) == []
    assert help_articles.seed_defaults(session) == len(DEFAULT_ARTICLES)
    assert help_articles.seed_defaults(session) == 0
    sections = help_articles.help_page(session)
    assert [s.title for s in sections] == list(dict.fromkeys(a[0] for a in DEFAULT_ARTICLES))
    assert sections[0].articles[0].title == DEFAULT_ARTICLES[0][1]
    assert any("Subsonic" in a.title for s in sections for a in s.articles)


@pytest.mark.parametrize("role", [None, Role.LISTENER, Role.ARTIST])
def test_only_admins_edit_help_and_canned_answers(session, role):
    actor = make_user(session, role=role) if role else None
    for call in (
        lambda: help_articles.list_articles(session, actor=actor),
        lambda: help_articles.create_article(session, actor=actor, section="S", title="T", body="B"),
        lambda: canned.list_canned(session, actor=actor),
        lambda: canned.create_canned(session, actor=actor, title="T", body="B"),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_admins_add_edit_move_and_delete_answers_with_an_audit_trail(session):
    admin = make_user(session, role=Role.ADMIN)
    first = help_articles.create_article(session, actor=admin, section="Playback", title="Q1", body="A1")
    second = help_articles.create_article(session, actor=admin, section="Account", title="Q2", body="A2")
    assert second.position > first.position
    help_articles.update_article(session, actor=admin, article_id=second.id, section="Account", title="Q2",
                                 body="A2 *new*", position=0)
    assert [s.title for s in help_articles.help_page(session)] == ["Account", "Playback"]
    help_articles.delete_article(session, actor=admin, article_id=first.id)
    with pytest.raises(NotFound):
        help_articles.delete_article(session, actor=admin, article_id=first.id)
    with pytest.raises(Invalid):
        help_articles.create_article(session, actor=admin, section="", title="Q", body="A")
    with pytest.raises(Invalid):
        help_articles.update_article(session, actor=admin, article_id=second.id, section="S", title="Q",
                                     body="A", position=-1)
    actions = [e.action for e in session.exec(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["help.create", "help.create", "help.update", "help.delete"]


def test_canned_answers_are_managed_by_admins(session):
    admin = make_user(session, role=Role.ADMIN)
    made = canned.create_canned(session, actor=admin, title="Upload limits", body="Files up to 500 MB.")
    canned.update_canned(session, actor=admin, canned_id=made.id, title="Upload limits", body="Up to 1 GB.")
    assert [(c.title, c.body) for c in canned.list_canned(session, actor=admin)] == [("Upload limits", "Up to 1 GB.")]
    canned.delete_canned(session, actor=admin, canned_id=made.id)
    assert canned.list_canned(session, actor=admin) == []
    with pytest.raises(Invalid):
        canned.create_canned(session, actor=admin, title="Too long", body="x" * 5001)
    actions = [e.action for e in session.exec(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["support.canned_create", "support.canned_update", "support.canned_delete"]
