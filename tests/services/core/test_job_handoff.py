"""Handing a queued row to the job queue: when the queue refuses, the row says so and the error goes on."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from spoticlone.models import BackupRun, BulkExportRun, DataExport, Role
from spoticlone.services.accounts import data_export
from spoticlone.services.core.job_handoff import hand_to_queue
from spoticlone.services.lifecycle import bulk_export, schedule
from tests.factories import make_user


class QueueDown(RuntimeError):
    """What huey raises when Redis or its SQLite file cannot take a job."""


def _refuse(_job_id: int) -> None:
    raise QueueDown("connection refused")


def _stored(engine, model, row_id):
    """The row as another session reads it: only what was committed counts."""
    with Session(engine) as other:
        return other.get(model, row_id)


def test_a_refused_job_leaves_its_row_failed_with_the_message_and_the_error_goes_on(session, engine):
    run = BackupRun(trigger="admin", status="queued")
    session.add(run)
    session.commit()

    with pytest.raises(QueueDown):
        hand_to_queue(session, run, _refuse, refused="The queue is down; ask again later.")

    stored = _stored(engine, BackupRun, run.id)
    assert (stored.status, stored.error) == ("failed", "The queue is down; ask again later.")


def test_a_taken_job_gets_the_row_id_and_leaves_the_row_queued(session, engine):
    run = BackupRun(trigger="admin", status="queued")
    session.add(run)
    session.commit()
    taken = []

    hand_to_queue(session, run, taken.append, refused="unused")

    assert taken == [run.id]
    assert (_stored(engine, BackupRun, run.id).status, run.error) == ("queued", "")


def _ask_for_a_backup(session, settings, tmp_path, enqueue):
    with_backups = settings.model_copy(update={"backup_dir": tmp_path / "backups"})
    schedule.request_backup(session, actor=make_user(session, role=Role.ADMIN), settings=with_backups,
                            enqueue=enqueue)


def _ask_for_everyone(session, settings, tmp_path, enqueue):
    bulk_export.request_bulk_export(session, actor=make_user(session, role=Role.ADMIN), data_dir=settings.data_dir,
                                    enqueue=enqueue)


def _ask_for_my_data(session, settings, tmp_path, enqueue):
    data_export.request_export(session, actor=make_user(session, email_verified=True), enqueue=enqueue)


@pytest.mark.parametrize(("ask", "model"), [(_ask_for_a_backup, BackupRun), (_ask_for_everyone, BulkExportRun),
                                            (_ask_for_my_data, DataExport)])
def test_each_request_for_slow_work_records_a_refusal_on_its_row(session, engine, settings, tmp_path, ask, model):
    with pytest.raises(QueueDown):
        ask(session, settings, tmp_path, _refuse)
    (row,) = session.exec(select(model)).all()
    stored = _stored(engine, model, row.id)
    assert stored.status == "failed" and "job queue did not take" in stored.error
