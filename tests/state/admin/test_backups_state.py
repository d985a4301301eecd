"""AdminBackupsState: admins see the last backup and queue one; everyone else sees nothing."""

from __future__ import annotations

import os
import time

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


def test_the_card_says_what_the_last_media_sweep_found(session, store):
    from spoticlone.jobs.lifecycle_tasks import weekly_media_check
    from spoticlone.services.lifecycle.sweep_status import FILE_NAME

    admin = make_user(session, role=Role.ADMIN)
    state = _state(session, admin)
    run(AdminBackupsState.load, state)
    assert state.stray_media.startswith("Not checked yet") and state.stray_files == 0
    stray = store.put_bytes("audio", "mp3", b"x" * 1_500_000)
    when = time.time() - 3 * 24 * 3600
    os.utime(store.path(stray), (when, when))
    assert weekly_media_check.call_local() == 1  # the job worker's weekly dry run
    assert store.exists(stray)  # found, never deleted by the job
    run(AdminBackupsState.load, state)
    assert state.stray_media.startswith("1 stray file, 1.5 MB · checked ") and state.stray_files == 1
    (get_settings().data_dir / FILE_NAME).write_text("{not json")  # a damaged record reads as none
    run(AdminBackupsState.load, state)
    assert state.stray_media.startswith("Not checked yet")
