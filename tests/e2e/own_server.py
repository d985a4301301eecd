"""A server of a journey's own, built and run in a copy of the tree.

The shared journey server (``conftest.app_url``) serves its frontend from ``.web/build`` on
disk, read on every request, so a journey that needs another build (a plugin switched on, the
scale-out mode's public URL) must never rebuild in the checkout: it would swap the files under
the shared server and break every journey after it. ``app_copy`` gives it a tree of its own
(the virtualenv and bun linked, not copied); ``serve`` runs ``reflex run --env prod
--single-port`` there until the block ends.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Left out of a copy, at the top only (node_modules has folders called "data" too).
TOP_LEVEL_SKIP = {".venv", ".git", ".tools", "screenshots", ".states", "data", "uploaded_files",
                  ".pytest_cache", ".mypy_cache", ".ruff_cache", "frontend.zip", "backend.zip"}


def _copy_ignore(folder: str, names: list[str]) -> set[str]:
    skipped = {"__pycache__"} & set(names)
    return skipped | (TOP_LEVEL_SKIP & set(names) if Path(folder) == ROOT else set())


def app_copy(destination: Path) -> Path:
    """A copy of the checkout at ``destination`` that can build and serve on its own."""
    shutil.copytree(ROOT, destination, symlinks=True, ignore=_copy_ignore)
    for name in (".venv", ".tools"):
        (destination / name).symlink_to(ROOT / name)
    return destination


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Setup:
    work: Path
    data_dir: Path
    env: dict[str, str]
    url: str
    track_id: int
    app_dir: Path


@contextmanager
def serve(setup: Setup, log_name: str, command: list[str] | None = None,
          stop_timeout: float = 20) -> Iterator[None]:
    """``command`` in ``setup.app_dir`` until the block ends, once ``/ping`` answers.

    By default ``reflex run --env prod --single-port`` (a full build); ``stop_timeout`` is how
    long it gets to stop after SIGTERM before it is killed.
    """
    log = setup.work / log_name
    command = command or [str(Path(sys.executable).parent / "reflex"), "run", "--env", "prod", "--single-port"]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=setup.app_dir, env=setup.env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 420
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start:\n{log.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(setup.url + "/ping", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(1)
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=stop_timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
