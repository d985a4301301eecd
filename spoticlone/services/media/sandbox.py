"""Run a parser of untrusted files in a short-lived child process with resource limits.

Parsers of hostile input (mutagen for audio, Pillow for pictures) can be made to
allocate hundreds of megabytes or spin: a 200 KB MP3 with a compressed ID3 frame, a
155 KB PNG that decodes to 160 MB of pixels. Doing that work in a child means the
server process never grows by it, and the worst a file can do is get the child killed.

The child calls ``limit_self`` before it reads a byte of the file, rather than the
parent using ``preexec_fn``: Python documents ``preexec_fn`` as unsafe in threaded
programs (it can deadlock between fork and exec), and the web server is threaded.
The parent adds a wall-clock timeout on top (``run_module``).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def limit_self(*, memory_mb: int, cpu_seconds: int, file_mb: int) -> None:
    """Cap this process's address space, CPU time and size of any file it writes.

    Called first thing in a child. Past the memory cap allocations fail (Python raises
    ``MemoryError``); past the CPU cap the kernel kills the process.
    """
    import resource

    limits = (
        (resource.RLIMIT_AS, memory_mb * 1024 * 1024),
        (resource.RLIMIT_CPU, cpu_seconds),
        (resource.RLIMIT_FSIZE, file_mb * 1024 * 1024),
    )
    for which, value in limits:
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError) as exc:  # e.g. RLIMIT_AS on macOS
            log.warning("could not set resource limit %s: %s", which, exc)


def run_module(module: str, args: list[str], *, timeout: float, cwd: str) -> subprocess.CompletedProcess:
    """Run ``python -m module *args`` in ``cwd`` and return its captured output.

    The child gets no stdin and finds this project on its path whatever the server's
    working directory is. Raises ``subprocess.TimeoutExpired`` (after killing the child)
    when it does not finish within ``timeout`` seconds.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True, timeout=timeout, env=env, cwd=cwd, stdin=subprocess.DEVNULL, check=False,
    )
