"""/admin/plugins shows the supervisor's rebuild to administrators, and to nobody else."""

from __future__ import annotations

import pytest

from spoticlone import routes
from spoticlone.models import Role
from spoticlone.plugins import installed, rebuild
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.admin.plugins import AdminPluginsState
from spoticlone.testing.driver import run
from tests.factories import make_user
from tests.state.conftest import make_state


@pytest.fixture(autouse=True)
def catalog():
    """Discovered here, on the test's thread (the built-in plugins import page states)."""
    return installed.catalog()


def _state(session, role):
    token = create_session(session, user_id=make_user(session, role=role).id)
    return make_state(AdminPluginsState, routes.ADMIN_PLUGINS, routes.ADMIN_PLUGINS, session_token=token)


@pytest.fixture
def supervised(monkeypatch, settings):
    monkeypatch.setenv(rebuild.SUPERVISED_ENV, "1")
    return settings.data_dir


def test_admins_follow_a_queued_then_finished_rebuild(session, supervised):
    request_id = rebuild.request("journey_board enabled")
    state = run(AdminPluginsState.load, _state(session, Role.ADMIN))
    assert state.supervised and state.rebuild_state == "queued"
    assert state.rebuild_reason == "journey_board enabled" and "queued" in state.rebuild_steps
    progress = rebuild.Progress(supervised, request_id, "journey_board enabled", "")
    progress.step("building")
    progress.step("failed", "the build failed (exit 1): NameError")
    run(AdminPluginsState.load, state)
    assert state.rebuild_state == "failed" and "NameError" in state.rebuild_message
    assert "previous build" in state.rebuild_label


def test_listeners_see_no_rebuild(session, supervised):
    rebuild.request("journey_board enabled")
    state = run(AdminPluginsState.load, _state(session, Role.LISTENER))
    assert not state.allowed and state.rebuild_state == "" and state.rebuild_reason == ""


def test_without_a_supervisor_nothing_is_shown_as_under_way(session, settings):
    state = run(AdminPluginsState.load, _state(session, Role.ADMIN))
    assert state.allowed and not state.supervised and state.rebuild_state == ""
