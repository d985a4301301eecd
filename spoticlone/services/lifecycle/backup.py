"""Write a backup: the database, every media file and the non-secret settings, with a manifest.

Order matters while listeners keep writing. Media deletions are held first (see
``integrations.media_hold``), then the database is copied at one instant, then every
media file present or held is copied: so every file the copied database names is in
the backup (files added after the instant are in it too, unnamed and harmless). The
backup is written to a ``.partial-`` folder and renamed when complete, so a crash never
leaves something that looks like a backup. Secrets (the secret key, SMTP and Google
passwords), queued jobs, the mail outbox and uploads still arriving are not included.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy import make_url

from spoticlone.config import Settings
from spoticlone.integrations import media_hold
from spoticlone.integrations.media_store import is_valid_key
from spoticlone.models.common import utcnow
from spoticlone.services.core.errors import Conflict
from spoticlone.services.lifecycle import database_copy, manifest
from spoticlone.services.lifecycle.manifest import Progress

PREFIX = "spoticlone-backup-"
NAME = re.compile(re.escape(PREFIX) + r"(\d{8}T\d{6}Z)(-\d+)?")
STAMP = "%Y%m%dT%H%M%SZ"
CONFIG_FILE = "config/settings.json"
#: Settings that are secret by name even when typed as plain text (a plugin's token).
_SECRET_NAME = re.compile(r"(secret|password|passwd|token|key|credentials?)$")


@dataclass(frozen=True)
class BackupResult:
    """A finished backup folder and what went into it."""

    path: Path
    size_bytes: int
    file_count: int
    #: Media keys the copied database names that were not in the media folder.
    missing_media: tuple[str, ...]


def backup_time(path: Path) -> datetime | None:
    """When a backup folder was taken, from its name (None for anything else)."""
    found = NAME.fullmatch(Path(path).name)
    return datetime.strptime(found.group(1), STAMP).replace(tzinfo=utcnow().tzinfo) if found else None


def app_version() -> str:
    """The installed version, or the package's own (the app runs from a checkout)."""
    try:
        return metadata.version("spoticlone")
    except metadata.PackageNotFoundError:
        import spoticlone

        return str(getattr(spoticlone, "__version__", "0.0.0+dev"))


def public_settings(settings: Settings) -> dict[str, Any]:
    """Every setting except secrets, with passwords taken out of URLs."""
    shown: dict[str, Any] = {}
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, SecretStr) or _SECRET_NAME.search(name):
            continue
        if isinstance(value, str) and "://" in value:
            with contextlib.suppress(Exception):
                value = make_url(value).render_as_string(hide_password=True)
        shown[name] = str(value) if isinstance(value, Path) else value
    return shown


@contextlib.contextmanager
def _only_backup(data_dir: Path) -> Iterator[None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / ".backup.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Conflict("Another backup of this server is running; try again when it has finished.") from None
        yield


def create_backup(*, settings: Settings, destination: Path, progress: Progress | None = None) -> BackupResult:
    """Write a complete backup into a new folder under ``destination`` and return it.

    Raises:
        Conflict: another backup of the same data folder is running.
        Invalid: the database cannot be copied (no file, pg_dump missing or failing).
    """
    destination = Path(destination).resolve()
    destination.mkdir(parents=True, exist_ok=True)
    started = utcnow()
    partial = destination / f".partial-{started.strftime(STAMP)}-{secrets.token_hex(4)}"
    partial.mkdir()
    try:
        with _only_backup(settings.data_dir):
            copied, missing = _write(settings, partial, started, progress)
        final = _free_name(destination, started)
        os.replace(partial, final)
        _sync_folder(destination)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return BackupResult(final, sum(size for size, _ in copied.values()), len(copied), missing)


def _write(settings: Settings, folder: Path, started: datetime,
           progress: Progress | None) -> tuple[dict[str, tuple[int, str]], tuple[str, ...]]:
    media_root = settings.media_dir
    with media_hold.holding(media_root) as held:
        database = database_copy.dump(settings.resolved_database_url, folder)
        copied = _copy_media(media_root, held, folder, progress)
    db_path = folder / database.file
    copied[database.file] = manifest.file_digest(db_path)
    config = folder / CONFIG_FILE
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(json.dumps(public_settings(settings), indent=1, sort_keys=True, default=str) + "\n")
    copied[CONFIG_FILE] = manifest.file_digest(config)
    media_keys = {path.removeprefix("media/") for path in copied if path.startswith("media/")}
    missing = tuple(sorted(database.media_keys - media_keys))
    manifest.write_manifest(folder, {
        "format": manifest.FORMAT, "format_version": manifest.FORMAT_VERSION,
        "created_at": started.isoformat(), "finished_at": utcnow().isoformat(),
        "app_version": app_version(), "alembic_revision": database.alembic_revision,
        "database": database.manifest(),
        "media": {"files": len(media_keys), "missing": list(missing)},
        "size_bytes": sum(size for size, _ in copied.values()),
        "files": [{"path": path, "size": size, "sha256": digest}
                  for path, (size, digest) in sorted(copied.items())],
        "not_included": ["secret key and other secrets", "queued jobs (jobs.db)", "mail outbox",
                         "uploads still being received", "the recommendation model (retrained)"],
    })
    return copied, missing


def _media_files(root: Path) -> list[str]:
    if not root.is_dir():
        return []
    return sorted(key for path in root.rglob("*")
                  if is_valid_key(key := path.relative_to(root).as_posix()))


def _copy_media(root: Path, held: Path, folder: Path, progress: Progress | None) -> dict[str, tuple[int, str]]:
    copied: dict[str, tuple[int, str]] = {}
    keys = _media_files(root)
    for done, key in enumerate(keys, start=1):
        # Deleted since the listing: if the copied database still names it, it was held.
        with contextlib.suppress(FileNotFoundError):
            copied[f"media/{key}"] = manifest.copy_file(root / key, folder / "media" / key)
        if progress:
            progress("media", done, len(keys))
    for key in _media_files(held):
        if f"media/{key}" not in copied:
            copied[f"media/{key}"] = manifest.copy_file(held / key, folder / "media" / key)
    return copied


def _free_name(destination: Path, started: datetime) -> Path:
    base = destination / f"{PREFIX}{started.strftime(STAMP)}"
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
