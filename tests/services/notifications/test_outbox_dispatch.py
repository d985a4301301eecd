"""Mails go to the send queue only once their rows are committed, each once, and never after a rollback.

Two kinds of rows feed the same hand-off: ORM rows from ``outbox.queue_email`` (the digest) and
rows ``inbox.deliver`` writes as bulk statements. Both must be handed over by the outbox's one
after-commit listener, so a mail is neither lost nor sent about a row that was rolled back.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from spoticlone.models import NotificationEmail
from spoticlone.services.core import events
from spoticlone.services.notifications import emails, outbox, preferences


@pytest.fixture
def handed(monkeypatch) -> list[int]:
    """The mail ids the outbox hands to its dispatchers, in order."""
    ids: list[int] = []
    monkeypatch.setattr(outbox, "dispatchers", [ids.append])
    return ids


def _mail_ids(session) -> list[int]:
    return [int(i or 0) for i in session.exec(select(NotificationEmail.id).order_by(NotificationEmail.id))]


def test_delivered_mails_are_handed_over_only_after_the_commit(session, world, handed):
    events.emit(events.SUPPORT_REPLIED, session, request_id=7, user_id=world.ann.id, message_id=31)
    session.flush()
    assert handed == [] and len(_mail_ids(session)) == 1  # written, but not yet durable

    session.commit()
    assert handed == _mail_ids(session)
    session.commit()
    assert len(handed) == 1  # a second commit does not send it again


def test_a_rollback_drops_the_delivered_mails_for_good(session, world, handed):
    events.emit(events.SUPPORT_REPLIED, session, request_id=7, user_id=world.ann.id, message_id=31)
    session.rollback()
    events.emit(events.SUPPORT_REPLIED, session, request_id=8, user_id=world.bob.id, message_id=32)
    session.commit()
    assert handed == _mail_ids(session) and len(handed) == 1  # only bob's: ann's row never existed


def test_statement_and_orm_rows_of_one_commit_are_each_handed_over_once(session, world, handed):
    rendered = emails.Rendered(subject="Your week", text="t", html="<p>t</p>")
    outbox.queue_email(session, world.bob, kind=preferences.DIGEST, rendered=rendered, dedupe_key="digest:w1")
    events.emit(events.SUPPORT_REPLIED, session, request_id=7, user_id=world.ann.id, message_id=31)
    session.commit()
    assert sorted(handed) == _mail_ids(session) and len(handed) == 2


def test_ids_given_directly_wait_for_the_commit_and_a_failing_queue_loses_none(session, monkeypatch):
    handed: list[int] = []

    def down(email_id: int) -> None:
        raise ConnectionError("queue down")

    monkeypatch.setattr(outbox, "dispatchers", [down, handed.append])
    outbox.dispatch_after_commit(session, [41, 42])
    assert handed == []
    session.commit()  # the first dispatcher fails: the commit still succeeds, the second still gets both
    assert handed == [41, 42]
