"""Which backups to keep: the newest of each of the last N days and of the last M weeks.

Only finished backup folders (``spoticlone-backup-<time>`` with a manifest) count, the
newest backup is always kept, and leftovers of backups that crashed mid-way
(``.partial-*``) are removed once they are a day old (a younger one may be running).
"""

from __future__ import annotations

import shutil
import time
from datetime import datetime
from pathlib import Path

from spoticlone.services.lifecycle.backup import backup_time
from spoticlone.services.lifecycle.manifest import MANIFEST

PARTIAL_GRACE_SECONDS = 24 * 3600


def finished_backups(folder: Path) -> list[tuple[datetime, Path]]:
    """The finished backups in ``folder``, newest first."""
    if not Path(folder).is_dir():
        return []
    found = [(when, path) for path in Path(folder).iterdir()
             if path.is_dir() and (when := backup_time(path)) is not None and (path / MANIFEST).is_file()]
    return sorted(found, key=lambda item: (item[0], item[1].name), reverse=True)


def backups_to_keep(backups: list[tuple[datetime, Path]], *, daily: int, weekly: int) -> set[Path]:
    """The newest backup of each of the ``daily`` most recent days and ``weekly`` most recent weeks."""
    keep: set[Path] = set()
    days: list[object] = []
    weeks: list[object] = []
    for when, path in backups:  # newest first: the first one seen of a day is its newest
        day, week = when.date(), when.isocalendar()[:2]
        if day not in days:
            days.append(day)
            if len(days) <= daily:
                keep.add(path)
        if week not in weeks:
            weeks.append(week)
            if len(weeks) <= weekly:
                keep.add(path)
    if backups:
        keep.add(backups[0][1])
    return keep


def prune(folder: Path, *, daily: int, weekly: int) -> list[Path]:
    """Delete the backups in ``folder`` that retention does not keep; returns what was removed."""
    backups = finished_backups(folder)
    keep = backups_to_keep(backups, daily=daily, weekly=weekly)
    removed = [path for _, path in backups if path not in keep]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    for partial in Path(folder).glob(".partial-*") if Path(folder).is_dir() else []:
        if time.time() - partial.stat().st_mtime > PARTIAL_GRACE_SECONDS:
            shutil.rmtree(partial, ignore_errors=True)
            removed.append(partial)
    return removed
