"""The /admin/plugins state: admins see and switch plugins; others get nothing."""

from __future__ import annotations

import pytest

from spoticlone import routes
from spoticlone.models import Role
from spoticlone.plugins import activation
from spoticlone.services.admin import plugins
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.admin.plugins import PLUGIN_FIELD, AdminPluginsState
from spoticlone.testing.driver import run
from tests.factories import make_user
from tests.plugin_helpers import BROKEN, GOOD, fake_plugins, forget_plugins
from tests.state.conftest import make_state


@pytest.fixture
def catalog(monkeypatch, tmp_path):
    found = fake_plugins(monkeypatch, tmp_path, {"good_plugin": GOOD, "broken_plugin": BROKEN},
                         {"good": "good_plugin:plugin", "broken": "broken_plugin:plugin"})
    activation.load_subscribers()
    yield found
    forget_plugins()


def _state(session, role=None):
    token = create_session(session, user_id=make_user(session, role=role).id) if role else None
    return make_state(AdminPluginsState, routes.ADMIN_PLUGINS, routes.ADMIN_PLUGINS, session_token=token)


def test_admins_see_every_plugin_and_its_problems(session, catalog):
    state = run(AdminPluginsState.load, _state(session, Role.ADMIN))
    rows = {row["name"]: row for row in state.plugins}
    assert state.allowed and rows["charts"]["status"] == "Built in"
    assert rows["good"]["status"] == "Disabled" and rows["broken"]["status"] == "Not usable"
    assert "failed to import" in rows["broken"]["problems"]
    assert {f["name"] for f in state.fields if f["plugin"] == "good"} == {"greeting", "limit", "api_token"}


def test_listeners_get_nothing_even_calling_handlers_directly(session, catalog):
    state = run(AdminPluginsState.load, _state(session, Role.LISTENER))
    assert not state.allowed and state.plugins == [] and state.error
    run(AdminPluginsState.switch, state, "good", True)
    assert not plugins.is_enabled(session, name="good") and state.plugins == []


def test_switch_and_settings(session, catalog):
    state = run(AdminPluginsState.load, _state(session, Role.ADMIN))
    run(AdminPluginsState.switch, state, "good", True)
    assert "good is enabled" in state.notice
    assert {row["name"]: row for row in state.plugins}["good"]["status"] == "Enabled"
    run(AdminPluginsState.save_settings, state, {PLUGIN_FIELD: "good", "greeting": "", "limit": "4"})
    assert "greeting" in state.error
    run(AdminPluginsState.save_settings, state, {PLUGIN_FIELD: "good", "greeting": "hey", "limit": "4"})
    assert state.error == "" and "saved" in state.notice
    assert {f["name"]: f["value"] for f in state.fields if f["plugin"] == "good"}["greeting"] == "hey"
    run(AdminPluginsState.switch, state, "broken", True)
    assert "cannot be enabled" in state.error
