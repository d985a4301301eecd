"""Every error answer carries a stable ``code`` next to its ``detail``, whoever raised it."""

from __future__ import annotations

import pytest

from spoticlone.cookies import SESSION_COOKIE
from spoticlone.services.auth.sessions import create_session
from tests import factories
from tests.api.auth_helpers import register


@pytest.fixture
def listener_cookie(api, session):
    user = factories.make_user(session, username="errlistener", email_verified=True)
    api.cookies.set(SESSION_COOKIE, create_session(session, user_id=user.id))
    yield user
    api.cookies.clear()


def _error(response, status: int) -> tuple[str, str]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body["code"], body["detail"]


def test_framework_errors_have_codes(api):
    code, detail = _error(api.get("/api/v1/tracks", params={"page": 0}), 422)
    assert code == "validation_failed" and detail.startswith("Invalid request: page")
    assert _error(api.get("/api/v1/no-such-endpoint"), 404) == (
        "not_found", "No API endpoint at /api/v1/no-such-endpoint.")
    assert _error(api.delete("/api/v1/genres"), 405) == ("method_not_allowed", "Method Not Allowed")
    assert _error(api.put("/api/v1/tracks/1"), 405)[0] == "method_not_allowed"
    unreadable = api.post("/api/v1/auth/login", content=b"\xff\xfe{", headers={"Content-Type": "application/json"})
    assert _error(unreadable, 400)[0] == "body_unreadable"


def test_route_and_service_errors_have_codes(api, session):
    assert _error(api.get("/api/v1/tracks/999999"), 404) == ("not_found", "That track does not exist.")
    assert _error(api.get("/api/v1/auth/sessions"), 401)[0] == "unauthorized"
    bad_token = api.get("/api/v1/auth/sessions", headers={"Authorization": "Bearer not-a-token"})
    assert _error(bad_token, 401)[0] == "unauthorized"
    factories.make_user(session, username="taken_name", email_verified=True)
    code, detail = _error(register(api, "someone.new@example.com", "taken_name"), 409)
    assert code == "conflict" and detail.startswith("That username is taken")


def test_refusals_have_codes(api, listener_cookie):
    assert _error(api.get("/api/v1/admin/users"), 403)[0] == "permission_denied"
    cross_site = api.post("/api/v1/playlists", json={"name": "x"}, headers={"Origin": "https://evil.example"})
    assert _error(cross_site, 403) == ("permission_denied", "Cross-site request refused.")


def test_rate_limited_has_its_code_and_retry_after(api):
    first = register(api, "errcodes@example.com", "errcodes")
    assert first.status_code == 201, first.text
    early = api.post("/api/v1/auth/verify/resend", json={"request_id": first.json()["request_id"]})
    assert _error(early, 429)[0] == "rate_limited"
    assert early.headers["Retry-After"]


def test_the_documented_error_schema_requires_the_code(api):
    error = api.get("/api/openapi.json").json()["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"detail", "code"}
