"""/api/v1/admin/plugins: administrators only; a switch mounts or removes routes at once."""

from __future__ import annotations

import pytest

from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.models import Role
from spoticlone.plugins import activation
from spoticlone.services.auth.sessions import create_session
from tests.factories import make_user
from tests.plugin_helpers import BROKEN, GOOD, fake_plugins, forget_plugins

PLUGINS = "/api/v1/admin/plugins"


@pytest.fixture
def catalog(monkeypatch, tmp_path):
    found = fake_plugins(monkeypatch, tmp_path, {"good_plugin": GOOD, "broken_plugin": BROKEN},
                         {"good": "good_plugin:plugin", "broken": "broken_plugin:plugin"})
    activation.load_subscribers()
    yield found
    forget_plugins()


def _sign_in(api, session, settings, role):
    user = make_user(session, role=role)
    api.cookies.set(SESSION_COOKIE, create_session(session, user_id=user.id))
    api.headers["Origin"] = settings.public_origin
    return user


def _paths(api) -> set[str]:
    return set(api.get("/api/openapi.json").json()["paths"])


def test_anonymous_and_listeners_are_refused(catalog, api, session, settings):
    assert api.get(PLUGINS).status_code == 401
    _sign_in(api, session, settings, Role.LISTENER)
    assert api.get(PLUGINS).status_code == 403
    assert api.put(f"{PLUGINS}/good/enabled", json={"enabled": True}).status_code == 403
    assert api.get("/api/plugins/good/ping").status_code == 404


def test_enabling_mounts_the_routes_live_and_disabling_removes_them(catalog, api, session, settings):
    _sign_in(api, session, settings, Role.ADMIN)
    listed = {row["name"]: row for row in api.get(PLUGINS).json()}
    assert listed["good"]["enabled"] is False and listed["broken"]["usable"] is False
    assert "failed to import" in listed["broken"]["problems"][0]
    assert "/api/plugins/good/ping" not in _paths(api)
    assert api.get("/api/plugins/good/ping").status_code == 404

    answer = api.put(f"{PLUGINS}/good/enabled", json={"enabled": True})
    assert answer.status_code == 200 and answer.json()["enabled"] is True
    assert api.get("/api/plugins/good/ping").json() == {"pong": True}
    assert "/api/plugins/good/ping" in _paths(api)
    # The catch-all for unknown /api paths still answers after the new routes.
    assert api.get("/api/plugins/good/nope").status_code == 404

    api.put(f"{PLUGINS}/good/enabled", json={"enabled": False})
    assert api.get("/api/plugins/good/ping").status_code == 404
    assert "/api/plugins/good/ping" not in _paths(api)


def test_bad_input_is_refused_and_changes_nothing(catalog, api, session, settings):
    _sign_in(api, session, settings, Role.ADMIN)
    assert api.put(f"{PLUGINS}/broken/enabled", json={"enabled": True}).status_code == 422
    assert api.put(f"{PLUGINS}/charts/enabled", json={"enabled": False}).status_code == 422
    assert api.put(f"{PLUGINS}/{'x' * 500}/enabled", json={"enabled": True}).status_code == 422
    assert api.put(f"{PLUGINS}/nope/enabled", json={"enabled": True}).status_code == 404
    assert api.put(f"{PLUGINS}/good/enabled", json={"enabled": "maybe"}).status_code == 422
    bad = api.put(f"{PLUGINS}/good/settings", json={"values": {"limit": 99}})
    assert bad.status_code == 422 and "limit" in bad.json()["detail"]
    ok = api.put(f"{PLUGINS}/good/settings", json={"values": {"limit": 3}})
    assert ok.status_code == 200
    assert {f["name"]: f["value"] for f in ok.json()["settings"]}["limit"] == "3"
    assert {row["name"]: row for row in api.get(PLUGINS).json()}["good"]["enabled"] is False


def test_the_builtin_charts_plugin_serves_the_charts_api(api):
    assert api.get("/api/v1/charts").status_code == 200
