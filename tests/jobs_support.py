"""A job that always fails, for the worker test (loaded with ``worker --import``)."""

from __future__ import annotations

from pathlib import Path

from spoticlone.jobs import queue


@queue.task(retries=2, retry_delay=0)
def always_fails(tries_file: str) -> None:
    """Count this try in ``tries_file``, then fail."""
    path = Path(tries_file)
    path.write_text(str(int(path.read_text() or 0) + 1) if path.exists() else "1")
    raise RuntimeError("the disk is full")
