"""AdminUsersState: admins see and change users; listeners get a message and no data."""

from __future__ import annotations

from spoticlone import routes
from spoticlone.models import Role, User
from spoticlone.services.auth.sessions import create_session, user_for_token
from spoticlone.state.admin.users import AdminUsersState
from spoticlone.testing.driver import run
from tests.factories import make_user
from tests.state.conftest import make_state


def _state(session, user=None, query=None):
    token = create_session(session, user_id=user.id) if user else None
    path = routes.ADMIN_USERS + (f"?q={query}" if query else "")
    return make_state(AdminUsersState, routes.ADMIN_USERS, path, {"q": query} if query else None,
                      session_token=token)


def test_listeners_and_strangers_get_no_data(session):
    target = make_user(session, username="victim")
    for actor in (make_user(session), None):
        state = _state(session, actor)
        run(AdminUsersState.load, state)
        assert not state.allowed and state.users == [] and state.total == 0
        assert state.error in ("Only administrators can do that.", "Sign in to do that.")
        run(AdminUsersState.change_role, state, target.id, "admin")
        run(AdminUsersState.ask_suspend, state, target.id, "victim", True)
        run(AdminUsersState.confirm_suspend_action, state)
        assert state.users == []
    session.expire_all()
    stored = session.get(User, target.id)
    assert stored.role == Role.LISTENER and not stored.suspended


def test_admin_searches_changes_roles_and_suspends(session):
    admin = make_user(session, username="boss", role=Role.ADMIN)
    target = make_user(session, username="dj_zed", email="zed@example.test")
    victim_token = create_session(session, user_id=target.id)
    state = _state(session, admin, query="zed")
    run(AdminUsersState.load, state)
    assert state.allowed and state.query == "zed" and [u["username"] for u in state.users] == ["dj_zed"]
    row = state.users[0]
    assert row["role"] == "listener" and row["verified"] == "No" and row["suspended"] is False

    run(AdminUsersState.change_role, state, target.id, "artist")
    assert state.notice == "dj_zed is now an artist." and state.users[0]["role"] == "artist"

    run(AdminUsersState.ask_suspend, state, target.id, "dj_zed", True)
    assert state.confirm_id == target.id
    run(AdminUsersState.cancel_suspend, state)
    assert state.confirm_id == 0 and user_for_token(session, token=victim_token) == target.id
    run(AdminUsersState.ask_suspend, state, target.id, "dj_zed", True)
    run(AdminUsersState.confirm_suspend_action, state)
    assert state.users[0]["suspended"] is True and "signed out everywhere" in state.notice
    assert user_for_token(session, token=victim_token) is None


def test_admin_sees_the_guard_messages(session):
    admin = make_user(session, username="boss", role=Role.ADMIN)
    state = _state(session, admin)
    run(AdminUsersState.load, state)
    run(AdminUsersState.change_role, state, admin.id, "listener")
    assert "last administrator" in state.error and state.allowed
    run(AdminUsersState.ask_suspend, state, admin.id, "boss", True)
    run(AdminUsersState.confirm_suspend_action, state)
    assert "your own account" in state.error


def test_paging(session):
    admin = make_user(session, role=Role.ADMIN)
    for n in range(22):
        make_user(session, username=f"p{n:02d}")
    state = _state(session, admin)
    run(AdminUsersState.load, state)
    assert state.pages == 2 and len(state.users) == 20
    run(AdminUsersState.go_to_page, state, 2)
    assert state.page == 2 and len(state.users) == 3
    run(AdminUsersState.search, state, {"q": "p0"})
    assert state.page == 1 and state.total == 10
