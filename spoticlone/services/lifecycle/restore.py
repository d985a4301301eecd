"""Rebuild a data folder from a backup, after checking the backup byte for byte.

A restore never starts from a backup that does not verify, and never overwrites a data
folder (or a PostgreSQL database) that already holds something unless asked to. With
``force``, what was there is moved aside into ``.replaced-<time>/`` rather than deleted,
so a restore into the wrong folder can be undone. Files are staged in the target folder
and moved into place last; the SQLite file is compared with the manifest again after
the copy, and a PostgreSQL restore is compared table by table.
"""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from spoticlone.config import Settings
from spoticlone.secret_store import KEY_FILE_NAME
from spoticlone.services.core.errors import Conflict, Invalid
from spoticlone.services.lifecycle import database_copy, manifest
from spoticlone.services.lifecycle.manifest import Progress

DATABASE_NAME = "spoticlone.db"
#: What a restore replaces in a data folder (with ``force``); everything else is left alone.
_REPLACED = (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm", "media")


@dataclass(frozen=True)
class RestoreResult:
    """What a restore put where."""

    data_dir: Path
    engine: str
    files: int
    size_bytes: int
    #: Where the folder's previous database and media went (``force`` on a non-empty folder).
    replaced: Path | None


def _is_empty(data_dir: Path) -> bool:
    # The secret key is never in a backup: putting it back first is the runbook's first step.
    return not data_dir.exists() or all(entry.name == KEY_FILE_NAME for entry in data_dir.iterdir())


def restore_backup(*, source: Path, data_dir: Path, settings: Settings, force: bool = False,
                   progress: Progress | None = None) -> RestoreResult:
    """Verify the backup in ``source`` and rebuild ``data_dir`` (and the database) from it.

    SQLite backups become ``<data_dir>/spoticlone.db``; PostgreSQL backups are restored into
    the configured database (``settings.database_url``). Media go to ``<data_dir>/media``.

    Raises:
        Invalid: the backup does not verify, or its database kind does not match the settings.
        Conflict: the folder or database is not empty and ``force`` is not set.
    """
    data_dir = Path(data_dir).resolve()
    report = manifest.verify_backup(source, progress=progress)
    if not report.ok:
        raise Invalid("The backup does not match its manifest, so nothing was restored: "
                      + "; ".join(report.problems[:10]))
    database = report.manifest["database"]
    engine = database["engine"]
    configured = database_copy.engine_of(settings.resolved_database_url) if settings.database_url else "sqlite"
    if engine != configured:
        raise Invalid(f"This backup holds a {engine} database but the server is configured for "
                      f"{configured}; set SPOTICLONE_DATABASE_URL to match, or restore elsewhere.")
    if not force and not _is_empty(data_dir):
        raise Conflict(f"{data_dir} is not empty. Restore into an empty folder, or add --force to "
                       "replace its database and media (they are moved aside, not deleted).")
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = data_dir / f".restoring-{secrets.token_hex(4)}"
    try:
        _stage(Path(source), staging, report.manifest, progress)
        if engine == "postgresql":
            database_copy.load_postgres(settings.resolved_database_url, staging / database["file"],
                                        tables=database["tables"], force=force)
        replaced = _move_aside(data_dir) if force else None
        if engine == "sqlite":
            os.replace(staging / database["file"], data_dir / DATABASE_NAME)
        if (staging / "media").exists():
            os.replace(staging / "media", data_dir / "media")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreResult(data_dir, engine, report.files, report.size_bytes, replaced)


def _stage(source: Path, staging: Path, listing: dict, progress: Progress | None) -> None:
    """Copy every file into ``staging``, refusing any whose bytes differ from the manifest."""
    wanted = listing["database"]["file"]
    entries = [e for e in listing["files"] if e["path"].startswith("media/") or e["path"] == wanted]
    for done, entry in enumerate(entries, start=1):
        size, digest = manifest.copy_file(source / entry["path"], staging / entry["path"])
        if (size, digest) != (entry["size"], entry["sha256"]):
            raise Invalid(f"{entry['path']} changed while it was being restored; nothing was restored.")
        if progress:
            progress("restore", done, len(entries))


def _move_aside(data_dir: Path) -> Path | None:
    present = [data_dir / name for name in _REPLACED if (data_dir / name).exists()]
    if not present:
        return None
    aside = data_dir / f".replaced-{secrets.token_hex(4)}"
    aside.mkdir()
    for path in present:
        os.replace(path, aside / path.name)
    return aside
