"""/api/v1/admin/backups: admins see the runs and the last verified backup, and can queue one."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.config import get_settings
from spoticlone.models import BackupRun, Role
from spoticlone.services.auth.sessions import create_session
from tests.factories import make_user

BACKUPS = "/api/v1/admin/backups"


def _sign_in(api, session, settings, user):
    api.cookies.set(SESSION_COOKIE, create_session(session, user_id=user.id))
    api.headers["Origin"] = settings.public_origin
    return user


@pytest.fixture
def backup_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("SPOTICLONE_BACKUP_DIR", str(tmp_path / "nightly"))
    get_settings.cache_clear()
    yield tmp_path / "nightly"
    get_settings.cache_clear()


def test_anonymous_is_401(api):
    assert api.get(BACKUPS).status_code == 401
    assert api.post(BACKUPS).status_code == 401


@pytest.mark.parametrize("role", [Role.LISTENER, Role.ARTIST])
def test_non_admins_are_403_and_queue_nothing(api, session, settings, backup_dir, role):
    _sign_in(api, session, settings, make_user(session, role=role))
    assert api.get(BACKUPS).status_code == 403
    response = api.post(BACKUPS)
    assert response.status_code == 403 and "administrators" in response.json()["detail"]
    assert session.exec(select(BackupRun)).all() == []
    assert not backup_dir.exists()


def test_without_a_backup_folder_the_admin_is_told_how_to_turn_backups_on(api, session, settings):
    _sign_in(api, session, settings, make_user(session, role=Role.ADMIN))
    overview = api.get(BACKUPS).json()
    assert overview["configured"] is False and overview["runs"] == [] and overview["last_verified"] is None
    response = api.post(BACKUPS)
    assert response.status_code == 422 and "SPOTICLONE_BACKUP_DIR" in response.json()["detail"]
    assert session.exec(select(BackupRun)).all() == []


def test_an_admin_queues_a_backup_that_is_written_and_verified(api, session, settings, backup_dir):
    admin = _sign_in(api, session, settings, make_user(session, role=Role.ADMIN))
    response = api.post(BACKUPS)
    assert response.status_code == 202
    run_id = response.json()["id"]
    overview = api.get(BACKUPS).json()  # jobs run inline under tests: the backup is done
    assert overview["configured"] is True and overview["keep_daily"] == 7 and overview["keep_weekly"] == 4
    (run,) = overview["runs"]
    assert run["id"] == run_id and run["status"] == "verified" and run["verified"] is True
    assert run["trigger"] == "admin" and run["size_bytes"] > 0 and run["error"] == ""
    assert overview["last_verified"]["id"] == run_id
    assert Path(run["path"]).parent == backup_dir and (Path(run["path"]) / "manifest.json").is_file()
    assert session.get(BackupRun, run_id).requested_by_id == admin.id


def test_a_second_request_while_one_is_queued_is_refused(api, session, settings, backup_dir):
    _sign_in(api, session, settings, make_user(session, role=Role.ADMIN))
    session.add(BackupRun(trigger="scheduled", status="running"))
    session.commit()
    response = api.post(BACKUPS)
    assert response.status_code == 409 and "already" in response.json()["detail"]
    assert len(session.exec(select(BackupRun)).all()) == 1


def test_the_overview_carries_the_last_media_sweep(api, session, settings):
    from spoticlone.services.lifecycle.media_sweep import StrayFile, SweepReport
    from spoticlone.services.lifecycle.sweep_status import record_sweep

    _sign_in(api, session, settings, make_user(session, role=Role.ADMIN))
    assert api.get(BACKUPS).json()["stray_media"] is None
    report = SweepReport(files=[StrayFile("audio/ab/" + "a" * 32 + ".mp3", 700), StrayFile(".incoming-x", 5, True)])
    record_sweep(settings.data_dir, report, older_than_hours=24)
    found = api.get(BACKUPS).json()["stray_media"]
    assert (found["files"], found["size_bytes"], found["temporary"]) == (2, 705, 1)
