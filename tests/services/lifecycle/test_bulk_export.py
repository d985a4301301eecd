"""The operator's export of everyone: one zip per account, a manifest that verifies, resumable."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest
from sqlmodel import select

from spoticlone.models import AuditEntry, BulkExportRun, Role
from spoticlone.services.core.errors import Conflict, PermissionDenied
from spoticlone.services.lifecycle import archive, bulk_export
from tests.factories import make_playlist, make_user

ORIGIN = "https://music.example.org"


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_account_gets_its_own_zip_and_the_manifest_verifies(session, engine, store, tmp_path):
    ann, bob = make_user(session, username="ann"), make_user(session, username="bob")
    make_playlist(session, owner=ann, name="Ann's road trip")
    session.commit()
    steps = []

    summary = bulk_export.export_everyone(engine, destination=tmp_path / "out", store=store, origin=ORIGIN,
                                          progress=lambda done, total, name: steps.append((done, total)))

    assert (summary.written, summary.skipped, summary.failed, summary.total) == (2, 0, [], 2)
    assert steps[-1] == (2, 2)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert {entry["username"] for entry in manifest["accounts"].values()} == {"ann", "bob"}
    for entry in manifest["accounts"].values():
        path = tmp_path / "out" / entry["file"]
        assert _sha(path) == entry["sha256"] and path.stat().st_size == entry["bytes"]
    with zipfile.ZipFile(tmp_path / "out" / f"{ann.id}-ann.zip") as zipped:
        names = zipped.namelist()
        profile = json.loads(zipped.read("profile.json"))
    assert "README.txt" in names and any("road-trip" in n.lower() or "road trip" in n.lower() for n in names)
    assert "ann" in json.dumps(profile) and "bob" not in json.dumps(profile)
    assert bob.id is not None


def test_a_second_run_resumes_and_keeps_what_was_written(session, engine, store, tmp_path):
    make_user(session, username="ann")
    session.commit()
    first = bulk_export.export_everyone(engine, destination=tmp_path / "out", store=store, origin=ORIGIN)
    written = next((tmp_path / "out").glob("*-ann.zip"))
    before = written.stat().st_mtime_ns
    make_user(session, username="cat")
    session.commit()

    second = bulk_export.export_everyone(engine, destination=tmp_path / "out", store=store, origin=ORIGIN)

    assert (first.written, second.written, second.skipped) == (1, 1, 1)
    assert written.stat().st_mtime_ns == before


def test_only_admins_ask_and_the_job_records_progress_even_while_archived(session, engine, store, settings,
                                                                          monkeypatch):
    admin = make_user(session, role=Role.ADMIN)
    make_user(session)
    session.commit()
    with pytest.raises(PermissionDenied):
        bulk_export.request_bulk_export(session, actor=make_user(session), data_dir=settings.data_dir,
                                        enqueue=lambda run_id: None)
    archive.set_archive(session, actor=admin, enabled=True, message="Closing soon.")
    queued = []

    run = bulk_export.request_bulk_export(session, actor=admin, data_dir=settings.data_dir, enqueue=queued.append)
    with pytest.raises(Conflict):
        bulk_export.request_bulk_export(session, actor=admin, data_dir=settings.data_dir, enqueue=queued.append)
    assert queued == [run.id] and run.status == "queued"
    assert bulk_export.run_bulk_export(run.id, engine=engine, store=store, origin=ORIGIN) == "done"

    latest = bulk_export.latest_run(session, actor=admin)
    assert latest is not None and (latest.status, latest.done, latest.total, latest.failed) == ("done", 3, 3, 0)
    assert len(list((settings.data_dir / "exports" / "everyone" / str(run.id)).glob("*.zip"))) == 3
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "export.everyone")).one().actor_id == admin.id
    assert session.exec(select(BulkExportRun)).one().finished_at is not None
