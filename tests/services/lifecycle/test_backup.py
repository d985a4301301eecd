"""Backups: what goes in (and what never does), verification, restore refusals, retention, run records."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from spoticlone import cli
from spoticlone.config import Settings, get_settings
from spoticlone.models import BackupRun
from spoticlone.services.core.errors import Conflict, Invalid
from spoticlone.services.lifecycle import backup, database_copy, manifest, restore, retention, schedule
from tests import factories


@pytest.fixture
def filled(settings, engine, session, store):
    """A small library on disk, plus the files a backup must leave out."""
    track = factories.make_track(session, audio_key=store.put_bytes("audio", "mp3", b"ID3 song bytes" * 100))
    store.put_bytes("covers", "jpg", b"cover")
    (settings.data_dir / "outbox").mkdir(parents=True, exist_ok=True)
    (settings.data_dir / "outbox" / "code.eml").write_text("Your code is 123456")
    (settings.data_dir / "jobs.db").write_bytes(b"queue")
    (settings.media_dir / "audio" / ".incoming-tmp").write_bytes(b"half a file")
    return track


def _take(settings, engine, tmp_path) -> Path:
    outcome = schedule.backup_now(settings=settings, destination=tmp_path / "backups", trigger="command line",
                                  engine=engine)
    assert outcome.error == ""
    return Path(outcome.path)


def test_a_backup_holds_the_database_media_and_public_settings_only(filled, settings, engine, tmp_path, monkeypatch):
    monkeypatch.setenv("SPOTICLONE_SMTP_PASSWORD", "smtp-hunter2")
    monkeypatch.setenv("SPOTICLONE_SMTP_HOST", "mail.example.test")
    monkeypatch.setenv("SPOTICLONE_SMTP_USER", "mailer")
    monkeypatch.setenv("SPOTICLONE_REDIS_URL", "redis://:redis-hunter2@127.0.0.1:6379/0")
    monkeypatch.setenv("SPOTICLONE_SECRET_KEY", "k3y-" + "x1y2z3w4v5u6t7s8r9q0" * 3)
    secret_settings = Settings()
    folder = _take(secret_settings, engine, tmp_path)
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert files == sorted(["manifest.json", "config/settings.json", "database/spoticlone.db",
                            f"media/{filled.audio_key}", *[f for f in files if f.startswith("media/covers/")]])
    raw = b"".join((folder / f).read_bytes() for f in files)
    for secret in (b"smtp-hunter2", b"redis-hunter2", b"x1y2z3w4v5u6t7s8r9q0", b"123456"):
        assert secret not in raw
    shown = json.loads((folder / "config/settings.json").read_text())
    assert shown["smtp_host"] == "mail.example.test" and "secret_key" not in shown and "smtp_password" not in shown
    listing = json.loads((folder / "manifest.json").read_text())
    assert {e["path"] for e in listing["files"]} == set(files) - {"manifest.json"}
    assert listing["database"]["tables"]["track"]["rows"] == 1
    assert listing["app_version"] and listing["created_at"] <= listing["finished_at"]
    assert manifest.verify_backup(folder).ok


def test_verify_lists_missing_extra_and_changed_files(filled, settings, engine, tmp_path):
    folder = _take(settings, engine, tmp_path)
    (folder / "media" / filled.audio_key).unlink()
    (folder / "stray.txt").write_text("?")
    (folder / "config/settings.json").write_text("{}")
    report = manifest.verify_backup(folder)
    assert not report.ok
    assert f"missing: media/{filled.audio_key}" in report.problems
    assert "not in the manifest: stray.txt" in report.problems
    assert any(p.startswith("changed: config/settings.json") for p in report.problems)
    assert cli.main(["verify-backup", str(folder)]) == 1


def test_verify_checks_the_database_rows_not_only_the_file_digest(filled, settings, engine, tmp_path):
    folder = _take(settings, engine, tmp_path)
    db = folder / database_copy.SQLITE_FILE
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE track SET title = 'tampered'")
    listing = json.loads((folder / "manifest.json").read_text())
    size, digest = manifest.file_digest(db)
    for entry in listing["files"]:
        if entry["path"] == database_copy.SQLITE_FILE:
            entry.update(size=size, sha256=digest)  # someone "fixed" the digest by hand
    (folder / "manifest.json").write_text(json.dumps(listing))
    problems = manifest.verify_backup(folder).problems
    assert "database table track differs from the manifest" in problems
    assert not any(p.startswith("changed:") for p in problems)


def test_verify_refuses_what_is_not_a_backup(tmp_path):
    assert not manifest.verify_backup(tmp_path / "nothing").ok
    (tmp_path / "half").mkdir()
    assert "not a finished backup" in manifest.verify_backup(tmp_path / "half").problems[0]
    (tmp_path / "half" / "manifest.json").write_text("{not json")
    assert "cannot be read" in manifest.verify_backup(tmp_path / "half").problems[0]


def test_a_failed_backup_leaves_nothing_that_looks_like_one(filled, settings, engine, tmp_path, monkeypatch, session):
    def broken(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(manifest, "copy_file", broken)
    with pytest.raises(OSError):
        schedule.backup_now(settings=settings, destination=tmp_path / "backups", trigger="scheduled", engine=engine)
    assert list((tmp_path / "backups").iterdir()) == []
    assert not (settings.media_dir / ".backup-hold").exists()
    run = session.exec(select(BackupRun)).one()
    assert (run.status, run.verified) == ("failed", False) and "disk full" in run.error


def test_two_backups_of_one_server_do_not_run_at_once(filled, settings, tmp_path):
    import fcntl

    with open(settings.data_dir / ".backup.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(Conflict):
            backup.create_backup(settings=settings, destination=tmp_path / "b")
    assert list((tmp_path / "b").iterdir()) == []


def test_a_run_is_recorded_as_verified_with_its_size(filled, settings, engine, tmp_path, session):
    folder = _take(settings, engine, tmp_path)
    run = session.exec(select(BackupRun)).one()
    assert (run.status, run.verified, run.path, run.trigger) == ("verified", True, str(folder), "command line")
    assert run.size_bytes == sum(e["size"] for e in json.loads((folder / "manifest.json").read_text())["files"])
    assert run.started_at <= run.finished_at


def test_restore_refuses_a_folder_with_data_and_force_moves_it_aside(filled, settings, engine, tmp_path):
    folder = _take(settings, engine, tmp_path)
    target = tmp_path / "target"
    target.mkdir()
    (target / "secret_key").write_text("put back first")
    (target / "spoticlone.db").write_bytes(b"old database")
    with pytest.raises(Conflict):
        restore.restore_backup(source=folder, data_dir=target, settings=settings)
    assert (target / "spoticlone.db").read_bytes() == b"old database"
    assert cli.main(["restore", str(folder), "--data-dir", str(target)]) == 1
    result = restore.restore_backup(source=folder, data_dir=target, settings=settings, force=True)
    assert result.replaced is not None and (result.replaced / "spoticlone.db").read_bytes() == b"old database"
    assert (target / "secret_key").read_text() == "put back first"
    assert manifest.file_digest(target / "spoticlone.db") == manifest.file_digest(folder / database_copy.SQLITE_FILE)
    assert (target / "media" / filled.audio_key).read_bytes() == (settings.media_dir / filled.audio_key).read_bytes()


def test_restore_into_a_folder_holding_only_the_secret_key_is_allowed(filled, settings, engine, tmp_path):
    folder = _take(settings, engine, tmp_path)
    target = tmp_path / "target"
    target.mkdir()
    (target / "secret_key").write_text("saved key")
    assert restore.restore_backup(source=folder, data_dir=target, settings=settings).replaced is None


def test_restore_never_starts_from_a_damaged_backup(filled, settings, engine, tmp_path):
    folder = _take(settings, engine, tmp_path)
    with open(folder / "media" / filled.audio_key, "r+b") as handle:
        handle.write(b"X")
    with pytest.raises(Invalid, match="changed: media/"):
        restore.restore_backup(source=folder, data_dir=tmp_path / "target", settings=settings)
    assert not (tmp_path / "target").exists() or not any((tmp_path / "target").iterdir())


def test_restore_refuses_a_sqlite_backup_on_a_postgresql_server(filled, settings, engine, tmp_path):
    folder = _take(settings, engine, tmp_path)
    on_postgres = Settings(data_dir=settings.data_dir, database_url="postgresql+psycopg://u@127.0.0.1:1/x")
    with pytest.raises(Invalid, match="sqlite database"):
        restore.restore_backup(source=folder, data_dir=tmp_path / "target", settings=on_postgres)


def test_the_command_line_backs_up_verifies_and_restores(filled, settings, tmp_path, capsys):
    assert cli.main(["backup", "--to", str(tmp_path / "cli")]) == 0
    out = capsys.readouterr().out
    assert "written and verified" in out and "secret key is not in the backup" in out
    (folder,) = (tmp_path / "cli").iterdir()
    assert cli.main(["verify-backup", str(folder)]) == 0
    assert cli.main(["restore", str(folder), "--data-dir", str(tmp_path / "r")]) == 0
    assert (tmp_path / "r" / "spoticlone.db").is_file()


def _fake_backups(folder: Path, times: list[datetime]) -> None:
    for when in times:
        path = folder / f"{backup.PREFIX}{when.strftime(backup.STAMP)}"
        path.mkdir(parents=True)
        (path / manifest.MANIFEST).write_text("{}")


def test_retention_keeps_the_newest_of_each_day_and_week():
    newest = datetime(2026, 12, 4, 3, 23, tzinfo=UTC)  # a Friday
    times = sorted((newest - timedelta(days=d, hours=h) for d in range(40) for h in (0, 1)), reverse=True)
    backups = [(t, Path(f"b{i}")) for i, t in enumerate(times)]
    kept = {t for t, p in backups if p in retention.backups_to_keep(backups, daily=7, weekly=4)}
    days = [newest - timedelta(days=d) for d in range(7)]  # each day's 03:23 beats its 02:23
    fridays_back = {newest - timedelta(days=d) for d in (7, 14, 21)}
    # The newest backup of a past ISO week (Monday to Sunday) is its Sunday's.
    sundays = {datetime(2026, 11, 29, 3, 23, tzinfo=UTC), datetime(2026, 11, 22, 3, 23, tzinfo=UTC),
               datetime(2026, 11, 15, 3, 23, tzinfo=UTC)}
    assert kept == set(days) | sundays
    assert not kept & fridays_back
    assert retention.backups_to_keep(backups[:1], daily=1, weekly=0) == {backups[0][1]}


def test_prune_deletes_old_backups_and_old_partials_only(tmp_path):
    now = datetime.now(UTC)
    _fake_backups(tmp_path, [now - timedelta(days=d) for d in range(10)])
    (tmp_path / "notes").mkdir()
    old_partial, new_partial = tmp_path / ".partial-old", tmp_path / ".partial-new"
    old_partial.mkdir()
    new_partial.mkdir()
    os.utime(old_partial, (0, 0))
    removed = retention.prune(tmp_path, daily=3, weekly=0)
    assert len(retention.finished_backups(tmp_path)) == 3
    assert old_partial in removed and new_partial.exists() and (tmp_path / "notes").exists()


def test_scheduled_backup_is_off_without_a_folder_and_prunes_with_one(filled, settings, engine, tmp_path,
                                                                        monkeypatch):
    assert schedule.scheduled_backup(settings=settings, engine=engine) is None
    monkeypatch.setenv("SPOTICLONE_BACKUP_DIR", str(tmp_path / "nightly"))
    monkeypatch.setenv("SPOTICLONE_BACKUP_KEEP_DAILY", "1")
    monkeypatch.setenv("SPOTICLONE_BACKUP_KEEP_WEEKLY", "0")
    get_settings.cache_clear()
    nightly = get_settings()
    _fake_backups(tmp_path / "nightly", [datetime.now(UTC) - timedelta(days=3)])
    outcome = schedule.scheduled_backup(settings=nightly, engine=engine)
    assert outcome is not None and outcome.error == ""
    assert [p for _, p in retention.finished_backups(tmp_path / "nightly")] == [Path(outcome.path)]
