"""Keep deleted media files while a backup copies the media folder.

A backup copies the database first and the media files after it. A file the copied
database still names may be deleted in between (a playlist's mosaic replaced, a picture
changed): the backup would then name a file it does not hold. While a backup runs, the
media store therefore hard-links a file into ``<media>/.held/`` before deleting it, and
the backup copies those too. A hold left by a backup that crashed expires after a day.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

MARKER = ".backup-hold"
HELD = ".held"
#: A hold older than this was left by a crashed backup: deletes go ahead again.
STALE_SECONDS = 24 * 3600


def active(root: Path) -> bool:
    """Whether a backup is copying ``root`` now (one ``stat`` per delete)."""
    try:
        return time.time() - (Path(root) / MARKER).stat().st_mtime < STALE_SECONDS
    except FileNotFoundError:
        return False


def keep(root: Path, path: Path, key: str) -> None:
    """Hard-link ``path`` (the file of ``key``) into the held folder before it is deleted."""
    target = Path(root) / HELD / key
    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError, FileExistsError):
        os.link(path, target)


def held_folder(root: Path) -> Path:
    return Path(root) / HELD


@contextlib.contextmanager
def holding(root: Path) -> Iterator[Path]:
    """Hold deletes in ``root`` for the duration; the held files are removed afterwards."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    marker = root / MARKER
    marker.write_text(f"{os.getpid()}\n")
    try:
        yield held_folder(root)
    finally:
        marker.unlink(missing_ok=True)
        shutil.rmtree(held_folder(root), ignore_errors=True)
