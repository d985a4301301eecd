"""The admins' inbox: admin-only, filters, assignment, replies, status transitions, event and audit log."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from spoticlone.models import AuditEntry, Role, SupportMessage
from spoticlone.services.core import events
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.support import inbox, requests
from tests.factories import make_user


@pytest.fixture
def replied():
    """Every SUPPORT_REPLIED payload emitted during the test (the subscriber is removed afterwards)."""
    seen: list[dict] = []
    events.subscribe(events.SUPPORT_REPLIED, "test.support", lambda _session, **payload: seen.append(payload))
    yield seen
    events.unsubscribe(events.SUPPORT_REPLIED, "test.support")


def _file(session, actor, subject="Cannot upload"):
    return requests.create_request(session, actor=actor, category="upload", subject=subject,
                                   message="The upload stops at 50%.")


def _audit(session, action: str) -> list[AuditEntry]:
    return list(session.exec(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


@pytest.mark.parametrize("role", [None, Role.LISTENER, Role.ARTIST])
def test_only_admins_reach_the_inbox(session, role):
    listener = make_user(session)
    made = _file(session, listener)
    actor = make_user(session, role=role) if role else None
    calls = [
        lambda: inbox.list_inbox(session, actor=actor),
        lambda: inbox.counts(session, actor=actor),
        lambda: inbox.staff_request(session, actor=actor, request_id=made.id),
        lambda: inbox.assign(session, actor=actor, request_id=made.id, assignee_id=None),
        lambda: inbox.set_status(session, actor=actor, request_id=made.id, status="closed"),
        lambda: inbox.staff_reply(session, actor=actor, request_id=made.id, body="Hi"),
        lambda: inbox.admins(session, actor=actor),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert len(session.exec(select(SupportMessage)).all()) == 1


def test_the_inbox_filters_by_status_and_assignee(session):
    admin, other_admin = make_user(session, role=Role.ADMIN), make_user(session, role=Role.ADMIN)
    listener = make_user(session)
    first, second, third = (_file(session, listener, f"Problem {n}") for n in range(3))
    inbox.assign(session, actor=admin, request_id=first.id, assignee_id=admin.id)
    inbox.assign(session, actor=admin, request_id=second.id, assignee_id=other_admin.id)
    inbox.set_status(session, actor=admin, request_id=third.id, status="closed")

    def ids(**kw):
        return {r.id for r in inbox.list_inbox(session, actor=admin, **kw).items}

    assert ids(status="open") == {first.id, second.id}
    assert ids(status="open", assigned="me") == {first.id}
    assert ids(status=None, assigned="nobody") == {third.id}
    assert ids(status=None, assigned="anyone") == {first.id, second.id, third.id}
    assert ids(status="closed") == {third.id}
    assert inbox.counts(session, actor=admin).model_dump() == {"open": 2, "waiting": 0, "closed": 1}
    with pytest.raises(Invalid):
        inbox.list_inbox(session, actor=admin, status="lost")
    with pytest.raises(Invalid):
        inbox.list_inbox(session, actor=admin, assigned="them")  # type: ignore[arg-type]


def test_a_reply_sets_waiting_emits_the_event_and_a_listener_reply_reopens(session, replied):
    admin, listener = make_user(session, role=Role.ADMIN), make_user(session)
    made = _file(session, listener)
    answered = inbox.staff_reply(session, actor=admin, request_id=made.id, body="Try a smaller file.")
    assert answered.status == "waiting" and answered.assigned_to_id == admin.id
    message_id = answered.thread[-1].id
    assert replied == [{"request_id": made.id, "user_id": listener.id, "message_id": message_id}]
    seen = requests.my_request(session, actor=listener, request_id=made.id)
    assert seen.thread[-1].author_name == "Support" and seen.thread[-1].from_staff
    assert seen.status_label == "Waiting for you"
    assert requests.reply(session, actor=listener, request_id=made.id, body="Still broken.").status == "open"
    closed = inbox.staff_reply(session, actor=admin, request_id=made.id, body="Fixed now.", close=True)
    assert closed.status == "closed" and len(replied) == 2


def test_a_failing_subscriber_undoes_the_reply(session):
    admin, listener = make_user(session, role=Role.ADMIN), make_user(session)
    made = _file(session, listener)

    def broken(_session, **_payload):
        raise RuntimeError("mail queue down")

    events.subscribe(events.SUPPORT_REPLIED, "test.broken", broken)
    try:
        with pytest.raises(RuntimeError):
            inbox.staff_reply(session, actor=admin, request_id=made.id, body="Hello")
    finally:
        events.unsubscribe(events.SUPPORT_REPLIED, "test.broken")
    session.rollback()
    assert len(session.exec(select(SupportMessage)).all()) == 1


def test_status_changes_and_assignments_are_audit_logged(session):
    admin, other_admin, listener = (make_user(session, role=Role.ADMIN), make_user(session, role=Role.ADMIN),
                                    make_user(session))
    made = _file(session, listener)
    inbox.assign(session, actor=admin, request_id=made.id, assignee_id=other_admin.id)
    inbox.assign(session, actor=admin, request_id=made.id, assignee_id=other_admin.id)  # no change, no entry
    inbox.set_status(session, actor=admin, request_id=made.id, status="closed")
    inbox.staff_reply(session, actor=admin, request_id=made.id, body="Reopened by answering.")
    assigned = _audit(session, "support.assign")
    assert len(assigned) == 1 and json.loads(assigned[0].after_json) == {"assigned_to": other_admin.username}
    assert assigned[0].actor_id == admin.id and assigned[0].target_id == str(made.id)
    statuses = [(json.loads(e.before_json)["status"], json.loads(e.after_json)["status"])
                for e in _audit(session, "support.status")]
    assert statuses == [("open", "closed"), ("closed", "waiting")]


def test_requests_go_only_to_active_admins(session):
    admin, listener = make_user(session, role=Role.ADMIN), make_user(session)
    made = _file(session, listener)
    suspended = make_user(session, role=Role.ADMIN, suspended=True)
    for assignee in (listener.id, suspended.id, 999_999):
        with pytest.raises(Invalid):
            inbox.assign(session, actor=admin, request_id=made.id, assignee_id=assignee)
    assert [a.id for a in inbox.admins(session, actor=admin)] == [admin.id]
    with pytest.raises(NotFound):
        inbox.staff_request(session, actor=admin, request_id=999_999)
    detail = inbox.staff_request(session, actor=admin, request_id=made.id)
    assert detail.username == listener.username and detail.status_label == "Open"
