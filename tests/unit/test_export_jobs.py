"""The data export jobs, run inline as under every test: build one zip, sweep expired ones."""

from __future__ import annotations

from datetime import timedelta

from spoticlone.jobs.export_tasks import build_data_export, sweep_data_exports
from spoticlone.models import DataExport, utcnow
from spoticlone.services.accounts import data_export
from tests.factories import make_account


def test_the_build_job_writes_the_zip_and_the_sweep_deletes_it_when_expired(session, settings):
    ada = make_account(session, username="ada", email="ada@example.com")
    made = data_export.request_export(session, actor=ada, enqueue=build_data_export)
    zips = list(data_export.exports_folder(settings.data_dir).glob("*.zip"))
    assert data_export.export_status(session, actor=ada, export_id=made.id).status == "ready" and len(zips) == 1
    assert sweep_data_exports.call_local() == 0 and zips[0].exists()
    row = session.get(DataExport, made.id)
    row.expires_at = utcnow() - timedelta(minutes=1)
    session.add(row)
    session.commit()
    assert sweep_data_exports.call_local() == 1 and not zips[0].exists()
    assert build_data_export.call_local(made.id) == "expired"
