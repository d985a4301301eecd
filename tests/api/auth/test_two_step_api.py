"""/api/v1/me/two-step: status, set-up, confirm, recovery codes and turning off, over HTTP."""

from __future__ import annotations

import pyotp
import pytest

from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.models import User
from spoticlone.services.auth.sessions import create_session
from tests.factories import make_account, make_user

BASE = "/api/v1/me/two-step"
PASSWORD = "correct horse battery"


@pytest.fixture
def signed_in(api, session, settings):
    """A verified account whose session cookie the client carries, posting from our own origin."""
    user = make_account(session, email="ann@example.test", password=PASSWORD)
    api.cookies.set(SESSION_COOKIE, create_session(session, user_id=user.id))
    api.headers["Origin"] = settings.public_origin
    return user


def _enrol(api) -> tuple[str, list[str]]:
    enrolment = api.post(f"{BASE}/enrol").json()
    response = api.post(f"{BASE}/confirm", json={"code": pyotp.TOTP(enrolment["secret"]).now()})
    assert response.status_code == 200, response.text
    return enrolment["secret"], response.json()["recovery_codes"]


def test_anonymous_callers_get_401(api):
    assert api.get(BASE).status_code == 401
    assert api.post(f"{BASE}/enrol").status_code == 401


def test_cross_site_posts_are_refused(api, session, signed_in):
    api.headers["Origin"] = "https://evil.example"
    assert api.post(f"{BASE}/enrol").status_code == 403
    session.expire_all()
    assert session.get(User, signed_in.id).totp_pending_secret is None


def test_set_up_and_status(api, session, signed_in):
    assert api.get(BASE).json() == {"enabled": False, "recovery_codes_left": 0, "has_password": True, "pending": False}
    enrolment = api.post(f"{BASE}/enrol").json()
    assert enrolment["otpauth_uri"].startswith("otpauth://totp/") and enrolment["qr_svg_data_uri"].startswith("data:")
    wrong_code = "000000" if pyotp.TOTP(enrolment["secret"]).now() != "000000" else "111111"
    assert api.post(f"{BASE}/confirm", json={"code": wrong_code}).status_code == 422
    response = api.post(f"{BASE}/confirm", json={"code": pyotp.TOTP(enrolment["secret"]).now()})
    assert response.status_code == 200 and len(response.json()["recovery_codes"]) == 10
    assert api.get(BASE).json()["enabled"] is True
    assert api.post(f"{BASE}/enrol").status_code == 409


def test_regenerate_and_disable_need_the_password(api, session, signed_in):
    _, old = _enrol(api)
    assert api.post(f"{BASE}/recovery-codes", json={"password": "wrong wrong"}).status_code == 422
    new = api.post(f"{BASE}/recovery-codes", json={"password": PASSWORD}).json()["recovery_codes"]
    assert len(new) == 10 and not set(new) & set(old)
    response = api.post(f"{BASE}/disable", json={"password": "wrong wrong"})
    assert response.status_code == 422 and response.json() == {"detail": "Your password is not right.",
                                                               "code": "invalid"}
    session.expire_all()
    assert session.get(User, signed_in.id).totp_enabled
    response = api.post(f"{BASE}/disable", json={"password": PASSWORD})
    assert response.status_code == 200 and response.json()["enabled"] is False
    assert api.post(f"{BASE}/disable", json={"password": PASSWORD}).status_code == 409


def test_google_only_accounts_disable_with_a_code(api, session, settings):
    user = make_user(session, email_verified=True)
    api.cookies.set(SESSION_COOKIE, create_session(session, user_id=user.id))
    api.headers["Origin"] = settings.public_origin
    _, codes = _enrol(api)
    assert api.get(BASE).json()["has_password"] is False
    assert api.post(f"{BASE}/disable", json={"password": "whatever"}).status_code == 422
    assert api.post(f"{BASE}/disable", json={"code": codes[0]}).status_code == 200


def test_malformed_bodies_are_422(api, signed_in):
    assert api.post(f"{BASE}/confirm", json={}).status_code == 422
    assert api.post(f"{BASE}/confirm", json={"code": "1" * 65}).status_code == 422
    assert api.post(f"{BASE}/disable", json={"password": PASSWORD, "admin": True}).status_code == 422


def test_routes_are_documented_under_me(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    for path in (BASE, f"{BASE}/enrol", f"{BASE}/confirm", f"{BASE}/disable", f"{BASE}/recovery-codes"):
        operations = paths[path].values()
        assert all(op["tags"] == ["me"] and op.get("description") for op in operations), path
