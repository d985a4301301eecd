"""AdminBackupsState: admins see the last backup and queue one; everyone else sees nothing."""

from __future__ import annotations

import pytest
from sqlmodel import select

from spoticlone import routes
from spoticlone.config import get_settings
from spoticlone.models import BackupRun, Role
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.admin.backups import AdminBackupsState
from spoticlone.testing.driver import run
from tests.factories import make_user
from tests.state.conftest import make_state


def _state(session, user=None):
    token = create_session(session, user_id=user.id) if user else None
    return make_state(AdminBackupsState, routes.ADMIN_USERS, routes.ADMIN_USERS, None, session_token=token)


@pytest.fixture
def backup_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("SPOTICLONE_BACKUP_DIR", str(tmp_path / "nightly"))
    get_settings.cache_clear()
    yield tmp_path / "nightly"
    get_settings.cache_clear()


def test_listeners_and_strangers_see_nothing_and_queue_nothing(session, backup_dir):
    for actor in (make_user(session), None):
        state = _state(session, actor)
        run(AdminBackupsState.load, state)
        assert state.loaded and not state.allowed and state.last_run == ""
        run(AdminBackupsState.back_up_now, state)
        assert not state.allowed
    assert session.exec(select(BackupRun)).all() == []
    assert not backup_dir.exists()


def test_an_admin_backs_up_and_sees_it_verified(session, backup_dir):
    state = _state(session, make_user(session, role=Role.ADMIN))
    run(AdminBackupsState.load, state)
    assert state.allowed and state.configured and state.last_run == "" and state.last_verified == ""
    assert state.retention == "7 daily, 4 weekly"
    run(AdminBackupsState.back_up_now, state)  # jobs run inline under tests
    assert state.notice.startswith("Backup queued") and state.error == ""
    assert state.last_status == "Verified" and "admin" in state.last_run
    assert "MB" in state.last_verified and "files" in state.last_verified


def test_without_a_backup_folder_the_card_says_so(session):
    state = _state(session, make_user(session, role=Role.ADMIN))
    run(AdminBackupsState.load, state)
    assert state.allowed and not state.configured
    run(AdminBackupsState.back_up_now, state)
    assert "SPOTICLONE_BACKUP_DIR" in state.error
