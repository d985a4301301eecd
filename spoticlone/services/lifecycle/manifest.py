"""A backup's manifest (``manifest.json``) and the check that a backup still matches it.

The manifest lists every file of the backup with its size and SHA-256, the database's
engine, per-table row counts and digests, the app version and the Alembic revision.
``verify_backup`` reads every byte again: a missing, extra or changed file, or a database
that fails its integrity check, makes the backup unusable, and the report says which.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spoticlone.services.lifecycle import database_copy

MANIFEST = "manifest.json"
FORMAT = "spoticlone-backup"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class VerifyReport:
    """What ``verify_backup`` found; ``ok`` only when ``problems`` is empty."""

    path: Path
    problems: tuple[str, ...]
    files: int = 0
    size_bytes: int = 0
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


def file_digest(path: Path) -> tuple[int, str]:
    """``(size, sha256 hex)`` of a file, read in 1 MiB pieces."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def copy_file(source: Path, target: Path) -> tuple[int, str]:
    """Copy ``source`` to ``target`` (synced), hashing the bytes as they pass: ``(size, sha256)``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with open(source, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
            size += len(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    return size, digest.hexdigest()


def backup_files(folder: Path) -> list[str]:
    """Every file below ``folder`` except the manifest, as sorted POSIX paths."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.relative_to(folder).as_posix() != MANIFEST)


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest.json`` (synced: it is the last file a backup gets)."""
    path = folder / MANIFEST
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_manifest(folder: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The manifest, or None and why it cannot be used."""
    path = Path(folder) / MANIFEST
    if not Path(folder).is_dir():
        return None, f"{folder} is not a folder"
    if not path.is_file():
        return None, f"{path} is missing: this is not a finished backup"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"{path} cannot be read: {exc}"
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return None, f"{path} is not a Spoticlone backup manifest"
    if manifest.get("format_version") != FORMAT_VERSION:
        return None, f"backup format {manifest.get('format_version')} is not supported by this version"
    if not isinstance(manifest.get("files"), list) or not isinstance(manifest.get("database"), dict):
        return None, f"{path} is incomplete (no file list or database entry)"
    return manifest, None


def verify_backup(folder: Path, *, progress: Progress | None = None) -> VerifyReport:
    """Check every file of the backup in ``folder`` against its manifest, and its database.

    Never raises for a bad backup: the problems are in the report (missing, extra and
    changed files, a database that fails ``PRAGMA integrity_check`` or whose tables no
    longer match their digests, a PostgreSQL dump ``pg_restore`` cannot read).
    """
    folder = Path(folder)
    manifest, why = read_manifest(folder)
    if manifest is None:
        return VerifyReport(folder, (why or "no manifest",))
    listed = {entry["path"]: entry for entry in manifest["files"]}
    present = set(backup_files(folder))
    problems = [f"missing: {path}" for path in sorted(set(listed) - present)]
    problems += [f"not in the manifest: {path}" for path in sorted(present - set(listed))]
    checked = sorted(set(listed) & present)
    total = 0
    for done, path in enumerate(checked, start=1):
        size, digest = file_digest(folder / path)
        total += size
        if size != listed[path]["size"] or digest != listed[path]["sha256"]:
            problems.append(f"changed: {path} (size {size}, expected {listed[path]['size']})")
        if progress:
            progress("verify", done, len(checked))
    problems += _database_problems(folder, manifest["database"], damaged=bool(problems))
    return VerifyReport(folder, tuple(problems), len(checked), total, manifest)


def _database_problems(folder: Path, database: dict[str, Any], *, damaged: bool) -> list[str]:
    path = folder / str(database.get("file", ""))
    if not path.is_file():
        return [] if damaged else [f"missing: {database.get('file')}"]
    if database.get("engine") == "postgresql":
        return database_copy.postgres_archive_problems(path)
    problems = database_copy.sqlite_integrity(path)
    if problems:
        return problems
    tables = database_copy.inspect_sqlite(path).tables
    return [f"database table {name} differs from the manifest"
            for name, digest in sorted(database.get("tables", {}).items()) if tables.get(name) != digest]
