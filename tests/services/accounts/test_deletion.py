"""Asking to delete an account: the checks, the grace period, signing in cancels it, admins."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlmodel import select

from spoticlone.models import AccountDeletion, AuthSession, DeletionStatus, Role, TicketKind, User
from spoticlone.services.accounts import deletion
from spoticlone.services.auth import browser_sessions, tickets, totp
from spoticlone.services.auth.sessions import create_session, user_for_token
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Conflict, Invalid, NotFound, PermissionDenied, RateLimited
from tests import factories

PASSWORD = "correct horse battery"


@pytest.fixture
def clock():
    return FakeClock(datetime.now(UTC))


def test_a_request_with_the_password_sets_a_date_fourteen_days_out_and_signs_out_everywhere(session, clock):
    user = factories.make_account(session)
    tokens = [create_session(session, user_id=user.id, clock=clock) for _ in range(2)]

    state = deletion.request_deletion(session, actor=user, password=PASSWORD, clock=clock)

    assert state.pending and state.due_at == clock.now() + timedelta(days=14)
    assert all(user_for_token(session, token=t, clock=clock) is None for t in tokens)
    live = session.exec(select(AuthSession).where(AuthSession.user_id == user.id,
                                                  AuthSession.revoked_at.is_(None))).all()  # type: ignore[union-attr]
    assert live == []


def test_the_grace_period_is_a_setting(session, clock, monkeypatch):
    from spoticlone.config import get_settings

    monkeypatch.setenv("SPOTICLONE_DELETION_GRACE_DAYS", "3")
    get_settings.cache_clear()
    user = factories.make_account(session)
    state = deletion.request_deletion(session, actor=user, password=PASSWORD, clock=clock)
    assert state.due_at == clock.now() + timedelta(days=3) and state.grace_days == 3


def test_a_wrong_password_changes_nothing(session, clock):
    user = factories.make_account(session)
    with pytest.raises(Invalid, match="password is not right"):
        deletion.request_deletion(session, actor=user, password="nope nope nope", clock=clock)
    assert session.exec(select(AccountDeletion)).all() == []


def test_wrong_passwords_are_throttled(session, clock):
    user = factories.make_account(session)
    for _ in range(5):
        with pytest.raises(Invalid):
            deletion.request_deletion(session, actor=user, password="wrong password", clock=clock)
    with pytest.raises(RateLimited):
        deletion.request_deletion(session, actor=user, password=PASSWORD, clock=clock)


def test_anonymous_may_not_ask(session, clock):
    with pytest.raises(PermissionDenied):
        deletion.request_deletion(session, actor=None, password=PASSWORD, clock=clock)


def test_with_two_step_on_the_code_is_needed_too(session, clock):
    user = factories.make_account(session)
    enrolment = totp.begin_enrolment(session, actor=user)
    totp.confirm_enrolment(session, actor=user, code=pyotp.TOTP(enrolment.secret_base32).at(clock.now()), clock=clock)
    clock.advance(seconds=30)
    user = session.get(User, user.id)

    with pytest.raises(Invalid, match="6-digit code"):
        deletion.request_deletion(session, actor=user, password=PASSWORD, code="", clock=clock)
    with pytest.raises(Invalid, match="code is not right"):
        deletion.request_deletion(session, actor=user, password=PASSWORD, code="000000", clock=clock)
    code = pyotp.TOTP(enrolment.secret_base32).at(clock.now())
    assert deletion.request_deletion(session, actor=user, password=PASSWORD, code=code, clock=clock).pending


def test_asking_twice_is_a_conflict(session, clock):
    user = factories.make_account(session)
    deletion.request_deletion(session, actor=user, password=PASSWORD, clock=clock)
    with pytest.raises(Conflict):
        deletion.request_deletion(session, actor=user, password=PASSWORD, clock=clock)


def test_signing_in_during_the_grace_period_cancels_it_and_leaves_a_notice_once(session, clock):
    user = factories.make_account(session)
    deletion.request_deletion(session, actor=user, password=PASSWORD, clock=clock)
    clock.advance(timedelta(days=5))

    ticket = tickets.issue_ticket(session, kind=TicketKind.HANDOFF, user_id=user.id, clock=clock)
    browser_sessions.complete_handoff(session, ticket=ticket, clock=clock)

    state = deletion.deletion_status(session, actor=user)
    assert not state.pending and state.notice == deletion.CANCELLED_NOTICE
    assert deletion.take_notice(session, actor=user) == deletion.CANCELLED_NOTICE
    assert deletion.take_notice(session, actor=user) == ""
    row = session.exec(select(AccountDeletion)).one()
    assert (row.status, row.cancel_reason) == (DeletionStatus.CANCELLED.value, "sign_in")


def test_an_explicit_cancel_and_nothing_to_cancel(session, clock):
    user = factories.make_account(session)
    with pytest.raises(Conflict):
        deletion.cancel_deletion(session, actor=user, clock=clock)
    deletion.request_deletion(session, actor=user, password=PASSWORD, clock=clock)
    assert not deletion.cancel_deletion(session, actor=user, clock=clock).pending
    assert deletion.deletion_status(session, actor=user).notice == ""


def test_an_artist_sees_the_choice_and_a_listener_does_not(session):
    artist = factories.make_account(session, role=Role.ARTIST)
    factories.make_artist(session, user_id=artist.id)
    listener = factories.make_account(session)
    assert deletion.deletion_status(session, actor=artist).is_artist
    assert not deletion.deletion_status(session, actor=listener).is_artist


def test_an_admin_deletes_an_account_after_the_grace_period_and_it_is_audited(session, clock, caplog):
    admin = factories.make_account(session, role=Role.ADMIN)
    user = factories.make_account(session, username="target")
    with caplog.at_level(logging.WARNING, logger="spoticlone.audit"):
        state = deletion.admin_request_deletion(session, actor=admin, user_id=user.id, confirm_username="target",
                                                clock=clock)
    assert state.pending and state.requested_by_admin
    assert f"admin {admin.id} asked to delete user {user.id}" in caplog.text


def test_an_admin_may_delete_now(session, clock, store):
    admin = factories.make_account(session, role=Role.ADMIN)
    user = factories.make_account(session, username="spammer")
    deletion.admin_request_deletion(session, actor=admin, user_id=user.id, confirm_username="SPAMMER",
                                    immediate=True, store=store, clock=clock)
    session.expunge_all()
    assert session.get(User, user.id) is None


def test_admin_deletion_refusals(session, clock):
    admin = factories.make_account(session, role=Role.ADMIN)
    other_admin = factories.make_account(session, role=Role.ADMIN)
    user = factories.make_account(session, username="someone")
    listener = factories.make_account(session)
    with pytest.raises(PermissionDenied):
        deletion.admin_request_deletion(session, actor=listener, user_id=user.id, confirm_username="someone")
    with pytest.raises(Invalid, match="Type the username"):
        deletion.admin_request_deletion(session, actor=admin, user_id=user.id, confirm_username="someone-else")
    with pytest.raises(Invalid):
        deletion.admin_request_deletion(session, actor=admin, user_id=admin.id, confirm_username=admin.username)
    with pytest.raises(Conflict):
        deletion.admin_request_deletion(session, actor=admin, user_id=other_admin.id,
                                        confirm_username=other_admin.username)
    with pytest.raises(NotFound):
        deletion.admin_request_deletion(session, actor=admin, user_id=10**9, confirm_username="x")
    assert session.exec(select(AccountDeletion)).all() == []


def test_an_admin_cancels_a_pending_deletion(session, clock):
    admin = factories.make_account(session, role=Role.ADMIN)
    user = factories.make_account(session)
    deletion.request_deletion(session, actor=user, password=PASSWORD, clock=clock)
    deletion.admin_cancel_deletion(session, actor=admin, user_id=user.id, clock=clock)
    assert not deletion.deletion_status(session, actor=user).pending
    with pytest.raises(Conflict):
        deletion.admin_cancel_deletion(session, actor=admin, user_id=user.id, clock=clock)


def test_the_last_administrator_cannot_delete_their_account(session, clock):
    admin = factories.make_account(session, role=Role.ADMIN)
    with pytest.raises(Conflict, match="last administrator"):
        deletion.request_deletion(session, actor=admin, password=PASSWORD, clock=clock)
    factories.make_account(session, role=Role.ADMIN)
    assert deletion.request_deletion(session, actor=admin, password=PASSWORD, clock=clock).pending
