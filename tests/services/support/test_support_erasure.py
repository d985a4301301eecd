"""What erasing an account does to the support desk (``deletion_plan``: supportrequest, supportmessage)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from spoticlone.models import Role, SupportMessage, SupportRequest, SupportScreenshot
from spoticlone.services.accounts import deletion, deletion_erase
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.support import inbox, requests
from tests.deletion_support import PASSWORD
from tests.factories import make_account, make_user
from tests.images import png


def _erase(session, store, user) -> None:
    clock = FakeClock(datetime.now(UTC))
    deletion.request_deletion(session, actor=user, password=PASSWORD, clock=clock)
    clock.advance(timedelta(days=14, minutes=1))
    assert deletion_erase.erase_due(session, store=store, clock=clock) == 1


def test_an_erased_listener_takes_their_requests_and_screenshots_along(session, store):
    listener, other = make_account(session, password=PASSWORD), make_user(session)
    admin = make_user(session, role=Role.ADMIN)
    made = requests.create_request(session, actor=listener, category="bug", subject="Mine", message="Help",
                                   screenshot=png())
    inbox.staff_reply(session, actor=admin, request_id=made.id, body="On it.")
    kept = requests.create_request(session, actor=other, category="bug", subject="Theirs", message="Hi")
    _erase(session, store, listener)
    session.expire_all()
    assert [r.id for r in session.exec(select(SupportRequest))] == [kept.id]
    assert session.exec(select(SupportScreenshot)).all() == []
    assert {m.request_id for m in session.exec(select(SupportMessage))} == {kept.id}


def test_an_erased_admin_leaves_their_answers_signed_support(session, store):
    admin = make_account(session, password=PASSWORD, role=Role.ADMIN)
    make_user(session, role=Role.ADMIN)  # the last admin may not leave; another one stays
    listener = make_user(session)
    made = requests.create_request(session, actor=listener, category="bug", subject="Q", message="Help")
    inbox.staff_reply(session, actor=admin, request_id=made.id, body="Answered.")
    _erase(session, store, admin)
    session.expire_all()
    row = session.get(SupportRequest, made.id)
    assert row is not None and row.assigned_to_id is None
    seen = requests.my_request(session, actor=listener, request_id=made.id)
    assert [(m.body, m.author_name) for m in seen.thread] == [("Help", listener.username), ("Answered.", "Support")]
