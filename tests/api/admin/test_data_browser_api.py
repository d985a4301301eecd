"""/api/v1/admin/data and /api/v1/admin/audit: admins only, bounded input, edits audited."""

from __future__ import annotations

import pytest
from sqlmodel import select

from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.models import AuditEntry, Role, User
from spoticlone.services.auth.sessions import create_session
from tests.factories import make_account, make_user

DATA = "/api/v1/admin/data"
AUDIT = "/api/v1/admin/audit"


def _sign_in(api, session, settings, user):
    api.cookies.set(SESSION_COOKIE, create_session(session, user_id=user.id))
    api.headers["Origin"] = settings.public_origin
    return user


@pytest.fixture
def admin(api, session, settings):
    return _sign_in(api, session, settings, make_user(session, username="boss", role=Role.ADMIN))


def test_anonymous_is_401(api):
    for path in (f"{DATA}/tables", f"{DATA}/tables/user", f"{DATA}/tables/user/rows/1", AUDIT):
        assert api.get(path).status_code == 401


@pytest.mark.parametrize("role", [Role.LISTENER, Role.ARTIST])
def test_non_admins_are_403_everywhere(api, session, settings, role):
    me = _sign_in(api, session, settings, make_user(session, role=role))
    for path in (f"{DATA}/tables", f"{DATA}/tables/user", f"{DATA}/tables/user/rows/{me.id}", AUDIT):
        assert api.get(path).status_code == 403
    response = api.patch(f"{DATA}/tables/user/rows/{me.id}", json={"column": "role", "value": "admin"})
    assert response.status_code == 403
    session.expire_all()
    assert session.get(User, me.id).role == role


def test_tables_rows_and_one_row(api, session, admin):
    make_account(session, username="zoe", first_name="Zoe")
    groups = api.get(f"{DATA}/tables").json()
    users = next(t for g in groups for t in g["tables"] if t["name"] == "user")
    assert users["rows"] == 2 and users["domain"] == "accounts"
    page = api.get(f"{DATA}/tables/user", params={"q": "zoe", "sort": "username", "order": "asc"}).json()
    assert page["total"] == 1 and page["rows"][0]["password_hash"] == "(hidden)"
    filtered = api.get(f"{DATA}/tables/user", params={"filter": "role:admin"}).json()
    assert [r["username"] for r in filtered["rows"]] == ["boss"]
    detail = api.get(f"{DATA}/tables/user/rows/{page['rows'][0]['_key']}").json()
    assert {f["name"]: f["value"] for f in detail["fields"]}["first_name"] == "Zoe"


@pytest.mark.parametrize("path, params, status", [
    ("/tables/nope", {}, 404),
    ("/tables/USER", {}, 422),
    ("/tables/user", {"page_size": 1000}, 422),
    ("/tables/user", {"page": 2**40}, 422),
    ("/tables/user", {"sort": "password_hash"}, 422),
    ("/tables/user", {"filter": "role:emperor"}, 422),
    ("/tables/user", {"q": "x" * 500}, 422),
    ("/tables/user/rows/abc", {}, 404),
    ("/tables/user/rows/99999999999999999999999999", {}, 404),
])
def test_bad_input_is_a_clear_json_error(api, admin, path, params, status):
    response = api.get(DATA + path, params=params)
    assert response.status_code == status
    assert response.json()["detail"]


def test_an_edit_is_audited_once_and_shows_in_the_log(api, session, admin):
    target = make_user(session, username="sam")
    response = api.patch(f"{DATA}/tables/user/rows/{target.id}", json={"column": "role", "value": "artist"})
    assert response.status_code == 200
    assert {f["name"]: f["value"] for f in response.json()["fields"]}["role"] == "artist"
    assert len(session.exec(select(AuditEntry)).all()) == 1
    log = api.get(AUDIT, params={"target_type": "user"}).json()
    assert log["total"] == 1
    (entry,) = log["items"]
    assert entry["action"] == "user.role" and entry["actor_name"] == "boss"
    assert entry["changes"] == [{"field": "role", "before": "listener", "after": "artist"}]


def test_service_rules_and_read_only_tables_refuse(api, session, admin):
    last_admin = api.patch(f"{DATA}/tables/user/rows/{admin.id}", json={"column": "role", "value": "listener"})
    assert last_admin.status_code == 409 and "last administrator" in last_admin.json()["detail"]
    read_only = api.patch(f"{DATA}/tables/playevent/rows/1", json={"column": "ms_played", "value": "1"})
    assert read_only.status_code == 422 and "history" in read_only.json()["detail"]
    assert session.exec(select(AuditEntry)).all() == []


def test_audit_filters_are_bounded(api, admin):
    assert api.get(AUDIT, params={"since": "not-a-date"}).status_code == 422
    assert api.get(AUDIT, params={"action": "x" * 200}).status_code == 422
    assert api.get(AUDIT, params={"since": "2026-03-03", "until": "2026-03-01"}).status_code == 422
    assert api.get(AUDIT, params={"page_size": 0}).status_code == 422


def test_the_routes_are_in_the_openapi_document(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    assert {f"{DATA}/tables", f"{DATA}/tables/{{table}}", f"{DATA}/tables/{{table}}/rows/{{key}}", AUDIT} <= set(paths)
    assert "patch" in paths[f"{DATA}/tables/{{table}}/rows/{{key}}"]
