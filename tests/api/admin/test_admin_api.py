"""/api/v1/admin/users: admins list, search, change roles and suspend; everyone else is refused."""

from __future__ import annotations

import pytest

from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.models import Role, User
from spoticlone.services.auth.sessions import create_session
from tests.factories import make_user

USERS = "/api/v1/admin/users"


def _sign_in(api, session, settings, user):
    api.cookies.set(SESSION_COOKIE, create_session(session, user_id=user.id))
    api.headers["Origin"] = settings.public_origin
    return user


@pytest.fixture
def admin(api, session, settings):
    return _sign_in(api, session, settings, make_user(session, username="boss", role=Role.ADMIN))


def test_anonymous_is_401(api):
    assert api.get(USERS).status_code == 401


@pytest.mark.parametrize("role", [Role.LISTENER, Role.ARTIST])
def test_non_admins_are_403_and_change_nothing(api, session, settings, role):
    _sign_in(api, session, settings, make_user(session, role=role))
    target = make_user(session)
    assert api.get(USERS).status_code == 403
    response = api.patch(f"{USERS}/{target.id}", json={"role": "admin", "suspended": True})
    assert response.status_code == 403 and "administrators" in response.json()["detail"]
    session.refresh(target)
    assert target.role == Role.LISTENER and not target.suspended


def test_list_and_search(api, session, admin):
    make_user(session, username="zed", email="zed@example.test")
    make_user(session, username="amy", email="amy@example.test")
    body = api.get(USERS, params={"q": "ZED"}).json()
    assert body["total"] == 1 and body["items"][0]["username"] == "zed"
    assert set(body["items"][0]) == {
        "id", "username", "email", "role", "email_verified", "suspended", "two_step", "created_at"
    }
    assert api.get(USERS).json()["total"] == 3
    assert api.get(USERS, params={"page": 0}).status_code == 422


def test_change_role_and_suspend(api, session, admin):
    target = make_user(session)
    token = create_session(session, user_id=target.id)
    response = api.patch(f"{USERS}/{target.id}", json={"role": "artist"})
    assert response.status_code == 200 and response.json()["role"] == "artist"
    response = api.patch(f"{USERS}/{target.id}", json={"suspended": True})
    assert response.status_code == 200 and response.json()["suspended"] is True
    api.cookies.set(SESSION_COOKIE, token)  # the suspended user's own browser
    assert api.get("/api/v1/me/two-step").status_code == 401


def test_guards(api, session, admin):
    assert api.patch(f"{USERS}/{admin.id}", json={"role": "listener"}).status_code == 409
    response = api.patch(f"{USERS}/{admin.id}", json={"role": "admin", "suspended": True})
    assert response.status_code == 403
    assert api.patch(f"{USERS}/999999", json={"role": "listener"}).status_code == 404
    assert api.patch(f"{USERS}/{admin.id}", json={}).status_code == 422
    assert api.patch(f"{USERS}/{admin.id}", json={"role": "king"}).status_code == 422
    session.refresh(admin)
    assert admin.role == Role.ADMIN and not admin.suspended


def test_partial_refusals_change_nothing(api, session, admin):
    other_admin = make_user(session, role=Role.ADMIN)
    # Demoting yourself would be fine (another admin exists), suspending yourself is not:
    assert api.patch(f"{USERS}/{admin.id}", json={"role": "listener", "suspended": True}).status_code == 403
    session.expire_all()
    assert session.get(User, admin.id).role == Role.ADMIN and session.get(User, other_admin.id).role == Role.ADMIN
