"""Backup runs: take one, verify it, keep the record, apply retention; what admins see and ask for.

Every backup (scheduled, asked for by an admin, or taken on the command line) leaves a
``BackupRun`` row: queued → running → verified or failed, with its folder, size and the
reason when it failed. A backup counts as good only after it was read back against its
manifest. The work itself runs outside any transaction (a backup of a large library
takes minutes); the row is updated in short transactions of its own.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from spoticlone.config import Settings
from spoticlone.models import BackupRun
from spoticlone.models.common import saved_id, utcnow
from spoticlone.services.admin import audit
from spoticlone.services.core.actor import Actor, require_admin
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Conflict, DomainError, Invalid
from spoticlone.services.core.job_handoff import hand_to_queue
from spoticlone.services.lifecycle import backup, manifest, retention
from spoticlone.services.lifecycle.manifest import Progress
from spoticlone.services.lifecycle.sweep_status import StrayMedia, last_sweep

log = logging.getLogger(__name__)

#: A run still "running" after this long was cut off (server stopped, worker killed).
INTERRUPTED_AFTER = timedelta(hours=12)
RECENT_RUNS = 20
NOT_CONFIGURED = ("Scheduled backups are off: set SPOTICLONE_BACKUP_DIR to a folder (on another disk) "
                  "and restart the server and the worker.")


class BackupRunOut(DTO):
    """One backup run as the admin page and the API show it."""

    id: int
    trigger: str
    status: str
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    path: str
    size_bytes: int
    file_count: int
    verified: bool
    error: str


class BackupOverview(DTO):
    """The backup status of the server: settings, the last good backup and recent runs."""

    configured: bool
    backup_dir: str | None
    keep_daily: int
    keep_weekly: int
    last_verified: BackupRunOut | None
    runs: list[BackupRunOut]
    stray_media: StrayMedia | None = None  # the last media sweep's findings (``sweep_status``)


@dataclass(frozen=True)
class RunOutcome:
    """What ``backup_now`` did (``error`` is empty when the backup was written and verified)."""

    run_id: int | None
    path: str
    size_bytes: int
    file_count: int
    missing_media: tuple[str, ...]
    error: str


def _out(run: BackupRun, now: datetime) -> BackupRunOut:
    status = run.status
    started = run.started_at or run.queued_at
    if status in ("queued", "running") and now - _aware(started) > INTERRUPTED_AFTER:
        status = "interrupted"
    return BackupRunOut(id=saved_id(run), trigger=run.trigger, status=status, queued_at=run.queued_at,
                        started_at=run.started_at, finished_at=run.finished_at, path=run.path,
                        size_bytes=run.size_bytes, file_count=run.file_count, verified=run.verified,
                        error=run.error)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def list_backups(session: Session, *, actor: Actor, settings: Settings) -> BackupOverview:
    """Recent runs, newest first, the newest verified one and the last media sweep's findings
    (administrators only).
    """
    require_admin(actor)
    now = utcnow()
    runs = session.exec(select(BackupRun).order_by(col(BackupRun.id).desc()).limit(RECENT_RUNS)).all()
    good = session.exec(select(BackupRun).where(col(BackupRun.verified).is_(True))
                        .order_by(col(BackupRun.id).desc()).limit(1)).first()
    return BackupOverview(
        configured=settings.backup_dir is not None,
        backup_dir=str(settings.backup_dir) if settings.backup_dir else None,
        keep_daily=settings.backup_keep_daily, keep_weekly=settings.backup_keep_weekly,
        last_verified=_out(good, now) if good else None, runs=[_out(run, now) for run in runs],
        stray_media=last_sweep(settings.data_dir),
    )


def request_backup(session: Session, *, actor: Actor, settings: Settings,
                   enqueue: Callable[[int], object]) -> BackupRunOut:
    """Queue a backup into ``SPOTICLONE_BACKUP_DIR`` now (administrators only).

    Raises:
        Invalid: backups are not configured.
        Conflict: a backup is already queued or running.
    """
    admin = require_admin(actor)
    if settings.backup_dir is None:
        raise Invalid(NOT_CONFIGURED)
    since = utcnow() - INTERRUPTED_AFTER
    busy = session.exec(select(BackupRun.id).where(col(BackupRun.status).in_(("queued", "running")),
                                                   col(BackupRun.queued_at) >= since)).first()
    if busy is not None:
        raise Conflict("A backup is already queued or running; wait for it to finish.")
    run = BackupRun(trigger="admin", status="queued", requested_by_id=admin.id)
    session.add(run)
    session.flush()
    audit.record(session, actor=admin, action="backup.request", target_type="backuprun", target_id=run.id,
                 after={"status": "queued"}, summary="Asked for a backup now")
    session.commit()
    hand_to_queue(session, run, enqueue, refused="The job queue did not take the backup; check the worker's queue.")
    return _out(run, utcnow())


def _update(engine: Engine, run_id: int | None, **fields) -> int | None:
    """Write ``fields`` to the run (creating it when ``run_id`` is None); never fails a backup."""
    try:
        with Session(engine, expire_on_commit=False) as session:
            run = session.get(BackupRun, run_id) if run_id is not None else None
            if run is None:
                run = BackupRun(trigger=fields.pop("trigger", "scheduled"))
            fields.pop("trigger", None)
            for name, value in fields.items():
                setattr(run, name, value)
            session.add(run)
            session.commit()
            return saved_id(run)
    except SQLAlchemyError:
        log.exception("could not record backup run %s", run_id)
        return run_id


def backup_now(*, settings: Settings, destination: Path, trigger: str, engine: Engine,
               run_id: int | None = None, progress: Progress | None = None) -> RunOutcome:
    """Write a backup into ``destination``, read it back against its manifest, record the run.

    A backup that does not verify is deleted (it cannot be trusted) and the run says why.
    Domain errors (another backup running, no database) are recorded and raised again.
    """
    run_id = _update(engine, run_id, trigger=trigger, status="running", started_at=utcnow(),
                     path=str(destination))
    try:
        result = backup.create_backup(settings=settings, destination=destination, progress=progress)
    except DomainError as exc:
        _update(engine, run_id, status="failed", finished_at=utcnow(), error=exc.message[:2000])
        raise
    except Exception as exc:
        _update(engine, run_id, status="failed", finished_at=utcnow(), error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    report = manifest.verify_backup(result.path, progress=progress)
    error = "" if report.ok else "The backup did not verify and was deleted: " + "; ".join(report.problems[:5])
    if error:
        shutil.rmtree(result.path, ignore_errors=True)
    _update(engine, run_id, status="verified" if report.ok else "failed", finished_at=utcnow(),
            path=str(result.path), size_bytes=result.size_bytes, file_count=result.file_count,
            verified=report.ok, error=error[:2000])
    return RunOutcome(run_id, str(result.path), result.size_bytes, result.file_count, result.missing_media, error)


def scheduled_backup(*, settings: Settings, engine: Engine, run_id: int | None = None,
                     trigger: str = "scheduled") -> RunOutcome | None:
    """One backup into ``SPOTICLONE_BACKUP_DIR`` followed by retention; None when backups are off."""
    if settings.backup_dir is None:
        if run_id is not None:
            _update(engine, run_id, status="failed", finished_at=utcnow(), error=NOT_CONFIGURED)
        return None
    outcome = backup_now(settings=settings, destination=settings.backup_dir, trigger=trigger, engine=engine,
                         run_id=run_id)
    if not outcome.error:
        removed = retention.prune(settings.backup_dir, daily=settings.backup_keep_daily,
                                  weekly=settings.backup_keep_weekly)
        log.info("backup %s verified; retention removed %d old backups", outcome.path, len(removed))
    return outcome
