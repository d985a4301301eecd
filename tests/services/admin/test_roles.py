"""Roles and suspensions: admins only, the last admin is protected, suspension ends sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from spoticlone.models import AuthSession, Role, User
from spoticlone.services.admin import roles
from spoticlone.services.auth import tokens
from spoticlone.services.auth.sessions import create_session, user_for_token
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Conflict, Invalid, NotFound, PermissionDenied
from tests.factories import make_user


@pytest.fixture
def admin(session):
    return make_user(session, username="boss", email="boss@example.test", role=Role.ADMIN)


@pytest.mark.parametrize("role", [Role.LISTENER, Role.ARTIST])
def test_non_admins_are_refused_everything(session, role):
    actor = make_user(session, role=role)
    target = make_user(session)
    for call in (
        lambda a: roles.list_users(session, actor=a),
        lambda a: roles.set_role(session, actor=a, user_id=target.id, role=Role.ADMIN),
        lambda a: roles.set_suspended(session, actor=a, user_id=target.id, suspended=True),
    ):
        with pytest.raises(PermissionDenied):
            call(actor)
        with pytest.raises(PermissionDenied):
            call(None)
    stored = session.get(User, target.id)
    assert stored.role == Role.LISTENER and not stored.suspended


def test_a_suspended_admin_is_refused(session, admin):
    other = make_user(session, role=Role.ADMIN, suspended=True)
    with pytest.raises(PermissionDenied):
        roles.list_users(session, actor=other)


def test_admin_changes_roles(session, admin):
    target = make_user(session)
    row = roles.set_role(session, actor=admin, user_id=target.id, role="artist")
    assert row.role == Role.ARTIST and session.get(User, target.id).role == Role.ARTIST
    roles.set_role(session, actor=admin, user_id=target.id, role=Role.ADMIN)
    assert session.get(User, target.id).role == Role.ADMIN
    with pytest.raises(Invalid, match="Unknown role"):
        roles.set_role(session, actor=admin, user_id=target.id, role="superuser")
    with pytest.raises(NotFound):
        roles.set_role(session, actor=admin, user_id=999_999, role=Role.LISTENER)


def test_the_last_admin_cannot_demote_themselves(session, admin):
    with pytest.raises(Conflict, match="last administrator"):
        roles.set_role(session, actor=admin, user_id=admin.id, role=Role.LISTENER)
    assert session.get(User, admin.id).role == Role.ADMIN


def test_an_admin_can_step_down_when_another_remains(session, admin):
    second = make_user(session, role=Role.ADMIN)
    roles.set_role(session, actor=admin, user_id=admin.id, role=Role.LISTENER)
    session.refresh(admin)
    assert admin.role == Role.LISTENER
    with pytest.raises(Conflict):
        roles.set_role(session, actor=second, user_id=second.id, role=Role.LISTENER)


def test_a_suspended_admin_does_not_count_as_the_other_admin(session, admin):
    make_user(session, role=Role.ADMIN, suspended=True)
    with pytest.raises(Conflict):
        roles.set_role(session, actor=admin, user_id=admin.id, role=Role.ARTIST)


def test_admins_cannot_suspend_themselves(session, admin):
    with pytest.raises(PermissionDenied):
        roles.set_suspended(session, actor=admin, user_id=admin.id, suspended=True)
    assert not session.get(User, admin.id).suspended


def test_suspension_ends_browser_sessions_and_api_tokens(session, admin):
    target = make_user(session)
    browser = create_session(session, user_id=target.id)
    api_refresh = create_session(session, user_id=target.id)
    api_row = session.exec(select(AuthSession).where(AuthSession.user_id == target.id)).all()[-1]
    api_row.kind = tokens.API_SESSION_KIND  # a REST sign-in's session, as the auth API creates it
    session.add(api_row)
    session.commit()
    access, _ = tokens.issue_access_token(user_id=target.id, session_handle=api_row.handle)
    assert user_for_token(session, token=browser) == target.id
    assert tokens.user_for_access_token(session, access) == target.id

    row = roles.set_suspended(session, actor=admin, user_id=target.id, suspended=True)
    assert row.suspended
    assert user_for_token(session, token=browser) is None
    assert user_for_token(session, token=api_refresh) is None
    assert tokens.user_for_access_token(session, access) is None

    roles.set_suspended(session, actor=admin, user_id=target.id, suspended=False)
    assert not session.get(User, target.id).suspended
    assert user_for_token(session, token=browser) is None  # reinstating does not revive sessions


def test_list_users_searches_and_pages(session, admin):
    clock = FakeClock()
    for n in range(25):
        make_user(session, username=f"fan{n:02d}", email=f"fan{n:02d}@example.test",
                  created_at=clock.now() + timedelta(minutes=n))
    make_user(session, username="odd_one", email="100%real@example.test")
    page1 = roles.list_users(session, actor=admin, query="fan", page=1)
    assert page1.total == 25 and page1.pages == 2 and len(page1.items) == 20
    assert page1.items[0].username == "fan24"  # newest first
    page2 = roles.list_users(session, actor=admin, query="FAN", page=2)
    assert [u.username for u in page2.items] == [f"fan{n:02d}" for n in range(4, -1, -1)]
    assert roles.list_users(session, actor=admin, query="fan", page=99).page == 2  # clamped to the last page
    assert [u.username for u in roles.list_users(session, actor=admin, query="100%").items] == ["odd_one"]
    assert [u.username for u in roles.list_users(session, actor=admin, query="_one").items] == ["odd_one"]
    assert roles.list_users(session, actor=admin, query="no such person").total == 0
    assert roles.list_users(session, actor=admin).total == 27


def test_make_admin_for_the_cli(session):
    user = make_user(session, email="owner@example.test")
    row, changed = roles.make_admin(session, " Owner@Example.test ")
    assert changed and row.role == Role.ADMIN and session.get(User, user.id).role == Role.ADMIN
    assert roles.make_admin(session, "owner@example.test")[1] is False
    with pytest.raises(NotFound, match=r"nobody@example\.test"):
        roles.make_admin(session, "nobody@example.test")
