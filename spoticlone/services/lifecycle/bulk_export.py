"""Every account's data, one zip each: the operator's last duty before a service closes.

Archive mode keeps each listener's own "Download my data" working, but many people never
come back for it. Before the server goes away, the operator exports everyone: one zip per
account (the same archive a listener downloads, ``accounts/data_export_archive.py``), plus a
``manifest.json`` with each file's size and SHA-256, in ``<data_dir>/exports/everyone/<run>``.

It runs as a job (an admin presses a button on /admin/archive) or from the command line
(``cli export-all``). Progress is stored after every account, so the admin page shows it from
any worker, and a run that dies part-way is resumed by the next one into the same folder:
zips already listed in the manifest are kept, not rewritten. One account that cannot be
written is counted as failed and named in the manifest; the others still go out.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import BulkExportRun, User
from spoticlone.models.common import saved_id
from spoticlone.services.accounts.data_export_archive import write_archive
from spoticlone.services.admin import audit
from spoticlone.services.core.actor import Actor, require_admin
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Conflict
from spoticlone.services.core.job_handoff import hand_to_queue

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
BUSY = ("queued", "running")

Progress = Callable[[int, int, str], None]


class BulkExportOut(DTO):
    """What the admin page shows of the newest run."""

    id: int
    status: str
    folder: str
    total: int
    done: int
    failed: int
    error: str
    requested_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True)
class BulkExportSummary:
    """What one pass wrote: for the command line's last line and the run's record."""

    folder: Path
    written: int
    skipped: int
    failed: list[str]
    total: int


def everyone_folder(data_dir: Path, run_id: int) -> Path:
    """Where run ``run_id`` writes: inside the data directory, which is private to the server."""
    return data_dir / "exports" / "everyone" / str(run_id)


def _out(row: BulkExportRun) -> BulkExportOut:
    return BulkExportOut(id=saved_id(row), status=row.status, folder=row.folder, total=row.total, done=row.done,
                         failed=row.failed, error=row.error, requested_at=row.requested_at,
                         finished_at=row.finished_at)


def latest_run(session: Session, *, actor: Actor) -> BulkExportOut | None:
    """The newest run, for /admin/archive (admins only)."""
    require_admin(actor)
    row = session.exec(select(BulkExportRun).order_by(col(BulkExportRun.id).desc())).first()
    return _out(row) if row else None


def request_bulk_export(session: Session, *, actor: Actor, data_dir: Path, enqueue: Callable[[int], object],
                        clock: Clock = SYSTEM_CLOCK) -> BulkExportOut:
    """Queue an export of every account (admins only; allowed in archive mode, its main use).

    Raises:
        Conflict: a run is already queued or running.
    """
    admin = require_admin(actor)
    busy = session.exec(select(BulkExportRun).where(col(BulkExportRun.status).in_(BUSY))).first()
    if busy is not None:
        raise Conflict("An export of everyone's data is already under way; this page shows its progress.")
    row = BulkExportRun(requested_by_id=saved_id(admin), requested_at=clock.now())
    session.add(row)
    session.flush()
    row.folder = str(everyone_folder(data_dir, saved_id(row)))
    audit.record(session, actor=admin, action="export.everyone", target_type="bulkexportrun",
                 target_id=saved_id(row), after={"folder": row.folder}, summary="Export of every account's data")
    session.commit()
    hand_to_queue(session, row, enqueue)
    return _out(row)


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def _read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return {"accounts": {}, "failed": {}}


def _write_manifest(folder: Path, manifest: dict) -> None:
    partial = folder / (MANIFEST + ".part")
    partial.write_text(json.dumps(manifest, indent=2, sort_keys=True))
    os.replace(partial, folder / MANIFEST)


def export_everyone(engine: Engine, *, destination: Path, store: MediaStore, origin: str,
                    progress: Progress | None = None) -> BulkExportSummary:
    """Write one zip per account into ``destination`` and the manifest; resumes a partial folder."""
    notify = progress or (lambda done, total, name: None)
    destination.mkdir(parents=True, exist_ok=True)
    os.chmod(destination, 0o700)
    with Session(engine) as session:
        accounts = [(saved_id(u), u.username) for u in session.exec(select(User).order_by(col(User.id)))]
    manifest = _read_manifest(destination)
    manifest["failed"] = {}
    written = skipped = 0
    for done, (user_id, username) in enumerate(accounts):
        name = f"{user_id}-{username}.zip"
        notify(done, len(accounts), username)
        entry = manifest["accounts"].get(str(user_id))
        if entry and (destination / entry["file"]).is_file():
            skipped += 1
            continue
        try:
            with Session(engine, expire_on_commit=False) as session:
                user = session.get(User, user_id)
                if user is None:
                    continue  # erased since the list was read
                summary = write_archive(session, user=user, destination=destination / name, store=store,
                                        origin=origin)
        except Exception as exc:
            log.exception("could not export the data of account %s", user_id)
            manifest["failed"][str(user_id)] = f"{username}: {type(exc).__name__}"
            continue
        manifest["accounts"][str(user_id)] = {"username": username, "file": name, "bytes": summary.size_bytes,
                                              "sha256": _digest(summary.path)}
        _write_manifest(destination, manifest)
        written += 1
    _write_manifest(destination, manifest)
    notify(len(accounts), len(accounts), "")
    return BulkExportSummary(destination, written, skipped, sorted(manifest["failed"].values()), len(accounts))


def _update(engine: Engine, run_id: int, **fields) -> None:
    with Session(engine) as session:
        row = session.get(BulkExportRun, run_id)
        if row is not None:
            for name, value in fields.items():
                setattr(row, name, value)
            session.add(row)
            session.commit()


def run_bulk_export(run_id: int, *, engine: Engine, store: MediaStore, origin: str,
                    clock: Clock = SYSTEM_CLOCK) -> str:
    """The job's body: export everyone into the run's folder, keeping its progress. Returns the status."""
    with Session(engine) as session:
        row = session.get(BulkExportRun, run_id)
        if row is None or row.status not in BUSY:
            return row.status if row else "missing"
        folder = Path(row.folder)
    _update(engine, run_id, status="running", started_at=clock.now())
    last = [-1]

    def progress(done: int, total: int, _name: str) -> None:
        if done != last[0]:
            last[0] = done
            _update(engine, run_id, done=done, total=total)

    try:
        summary = export_everyone(engine, destination=folder, store=store, origin=origin, progress=progress)
    except Exception:
        log.exception("export of everyone's data (run %s) failed", run_id)
        _update(engine, run_id, status="failed", finished_at=clock.now(),
                error="The export stopped; see the server log. Starting it again resumes where it stopped.")
        return "failed"
    _update(engine, run_id, status="done", done=summary.total, total=summary.total, failed=len(summary.failed),
            finished_at=clock.now())
    return "done"
