"""Probe many audio files in a few long-lived sandboxed children, for bulk imports.

``audio_probe.run_probe`` starts one Python per file: safe, but the start-up (~60 ms)
dwarfs parsing a small file (~2 ms), so importing 2,000 files would spend most of its
time starting interpreters. A ``ProbePool`` keeps a few children alive and hands each
one file at a time over a pipe (one JSON line in, one JSON line out). A hostile file is
bounded exactly as in the one-shot child:

- memory: the child's address space is capped (``RLIMIT_AS``) for its whole life; a
  parse that runs out of it makes the child answer "crashed" and exit;
- CPU: before each file the child sets its soft ``RLIMIT_CPU`` to what it has used so far
  plus the per-file allowance, so a parser that spins is killed by the kernel (SIGXCPU)
  after that file's share, never after the sum of all files;
- wall clock: the parent waits at most ``timeout`` seconds for each answer and kills the
  child otherwise;
- a child that died, timed out or parsed ``RECYCLE_AFTER`` files is replaced by a fresh
  one, so nothing a file did to the parser's state reaches more than that file's answer.

The child runs ``python -m spoticlone.services.media.probe_pool MEMORY_MB CPU_SECONDS``
and imports only the probe, never the database layer.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from spoticlone.services.media import sandbox
from spoticlone.services.media.audio_probe import ProbeError, ProbeResult

log = logging.getLogger(__name__)

#: A child parses at most this many files, then a fresh one takes over.
RECYCLE_AFTER = 500
#: Largest answer line accepted from a child (tags are bounded well below this).
MAX_ANSWER = 4 * 1024 * 1024


def _serve(memory_mb: int, cpu_seconds: int) -> None:
    """Child loop: one request line in, one answer line out, until stdin closes."""
    import resource

    from spoticlone.services.media.audio_probe import probe_in_process

    sandbox.limit_self(memory_mb=memory_mb, cpu_seconds=cpu_seconds * (RECYCLE_AFTER + 1), file_mb=32)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    for line in sys.stdin:
        request = json.loads(line)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(usage.ru_utime + usage.ru_stime) + 1 + cpu_seconds
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        try:
            resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
        except (ValueError, OSError) as exc:
            log.warning("could not set the CPU limit: %s", exc)
        fatal = False
        try:
            answer = probe_in_process(request["path"], request["cover_out"] or None)
        except ProbeError as exc:
            answer = {"ok": False, "reason": exc.reason, "detail": exc.detail[:500]}
        except MemoryError:
            answer, fatal = {"ok": False, "reason": "crashed", "detail": "out of memory"}, True
        except Exception as exc:  # a parser bug on one file: answer, then start clean
            log.exception("probe of %s failed", request["path"])
            answer = {"ok": False, "reason": "crashed", "detail": f"{type(exc).__name__}: {exc}"[:500]}
            fatal = True
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
        if fatal:
            return


class _Child:
    """One running child and the folder it writes embedded covers to."""

    def __init__(self, memory_mb: int, cpu_seconds: int):
        self.folder = tempfile.TemporaryDirectory(prefix="spoticlone-probe-")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(sandbox.PROJECT_ROOT), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "spoticlone.services.media.probe_pool", str(memory_mb), str(cpu_seconds)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            cwd=self.folder.name, env=env,
        )
        self.used = 0

    def ask(self, path: Path, timeout: float) -> dict:
        """Send one file and wait for its answer; ``ProbeError`` if the child fails."""
        cover_out = Path(self.folder.name) / "cover.bin"
        cover_out.unlink(missing_ok=True)
        request = json.dumps({"path": str(Path(path).resolve()), "cover_out": str(cover_out)})
        self.used += 1
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(request.encode() + b"\n")
            self.proc.stdin.flush()
        except OSError as exc:
            raise ProbeError("crashed", "the parser process is gone") from exc
        line = self._read_line(self.proc.stdout.fileno(), timeout)
        try:
            answer = json.loads(line)
        except ValueError as exc:
            raise ProbeError("crashed", "unreadable probe output") from exc
        if answer.get("ok") and answer.get("cover") and cover_out.is_file():
            answer["cover_bytes"] = cover_out.read_bytes()
        return answer

    def _read_line(self, fd: int, timeout: float) -> bytes:
        # poll, not select: select() refuses descriptors above 1023, which a long-lived
        # process with many open files (a web worker, a test run) reaches.
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        deadline = time.monotonic() + timeout
        data = b""
        while not data.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not poller.poll(left * 1000):
                raise ProbeError("timeout", f"no answer within {timeout}s")
            block = os.read(fd, 65536)
            if not block:
                raise ProbeError("crashed", f"exit status {self.proc.wait()}")
            data += block
            if len(data) > MAX_ANSWER:
                raise ProbeError("crashed", "answer too long")
        return data

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.close()
                self.proc.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None and not stream.closed:
                stream.close()
        self.folder.cleanup()


class ProbePool:
    """``size`` sandboxed probe children; ``probe`` may be called from ``size`` threads at once.

    Use as a context manager, so the children end with it.
    """

    def __init__(self, size: int = 2, *, timeout: float = 30.0, memory_mb: int = 512, cpu_seconds: int = 20):
        self.size = max(1, size)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.cpu_seconds = cpu_seconds
        self._idle: queue.LifoQueue[_Child | None] = queue.LifoQueue()
        for _ in range(self.size):
            self._idle.put(None)  # started on first use
        self._closed = False

    def __enter__(self) -> ProbePool:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def probe(self, path: Path) -> ProbeResult:
        """What ``run_probe`` returns for ``path``, parsed by one of the pool's children."""
        if self._closed:
            raise RuntimeError("probe pool is closed")
        child = self._idle.get()
        try:
            if child is None or child.proc.poll() is not None or child.used >= RECYCLE_AFTER:
                if child is not None:
                    child.close()
                child = _Child(self.memory_mb, self.cpu_seconds)
            try:
                answer = child.ask(path, self.timeout)
            except ProbeError:
                child.proc.kill()
                child.close()
                child = None
                raise
            if not answer.get("ok"):
                if answer.get("reason") == "crashed":
                    child.close()
                    child = None
                raise ProbeError(answer.get("reason", "corrupt"), answer.get("detail", ""))
            return _result(answer)
        finally:
            self._idle.put(child)

    def close(self) -> None:
        """Stop every idle child (call once no ``probe`` is running)."""
        self._closed = True
        while True:
            try:
                child = self._idle.get_nowait()
            except queue.Empty:
                return
            if child is not None:
                child.close()


def _result(data: dict) -> ProbeResult:
    return ProbeResult(
        audio_format=data["audio_format"],
        extension=data["extension"],
        mime_type=data["mime_type"],
        duration_ms=int(data["duration_ms"]),
        bitrate=data["bitrate"],
        sample_rate=data["sample_rate"],
        channels=data["channels"],
        tags=data["tags"],
        cover=data.get("cover_bytes"),
    )


def main(argv: list[str]) -> int:
    """Entry point of the child process."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if len(argv) != 2:
        log.error("usage: probe_pool MEMORY_MB CPU_SECONDS")
        return 2
    _serve(int(argv[0]), int(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
