"""Durable file writes: a reader sees the old file or the whole new one, never a part."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def atomic_write(target: Path, writer: Callable[[BinaryIO], object]) -> None:
    """Write ``target`` through a synced temporary file in the same folder, then rename.

    The rename is atomic on POSIX, and the fsync before it means an acknowledged file
    survives a crash; on any error the temporary file is removed.
    """
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as handle:
            writer(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
