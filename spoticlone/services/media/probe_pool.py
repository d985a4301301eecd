"""Probe many audio files in a few long-lived sandboxed children, for bulk imports.

``audio_probe.run_probe`` starts one Python per file: safe, but the start-up (~60 ms)
dwarfs parsing a small file (~0.3 ms), so importing 2,000 files would spend most of its
time starting interpreters. A ``ProbePool`` keeps a few children alive and hands each a
request of one or more files over a pipe (one JSON line in); the child answers each file
on its own line as soon as it is parsed. Several files per request (``probe_many``) save
the round trip, the wake-ups and the JSON per file, which were most of the parent's
share of the work. A hostile file is bounded exactly as in the one-shot child:

- memory: the child's address space is capped (``RLIMIT_AS``) for its whole life; a
  parse that runs out of it makes the child answer "crashed" and exit;
- CPU: before each file the child sets its soft ``RLIMIT_CPU`` to what it has used so far
  plus the per-file allowance, so a parser that spins is killed by the kernel (SIGXCPU)
  after that file's share, never after the sum of all files;
- wall clock: the parent waits at most ``timeout`` seconds for each file's answer and
  kills the child otherwise;
- a child that died or timed out is replaced by a fresh one, so a file that breaks the
  parser refuses itself alone: the files of its request after it are sent again to the
  fresh child, never answered by the broken one. A healthy child is also replaced after
  ``RECYCLE_AFTER`` files, which bounds how far anything a file leaves in the parser's
  state (a leak most of all: the memory cap is for the child's life) can reach.

A pool made with ``store_mb`` may also be asked to copy each file a child accepts into the
media store (``probe_many(..., stores=...)``): the child has just read the file, and the copy
costs it a few uncontended system calls instead of a dozen turns of the importing process's
interpreter lock. Such children may write files up to ``store_mb`` (the upload cap).

The child runs ``python -m spoticlone.services.media.probe_pool MEMORY_MB CPU_SECONDS
[FILE_MB]`` and imports only the probe (and the atomic copy), never the database layer.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from spoticlone.services.media import sandbox
from spoticlone.services.media.audio_probe import ProbeError, ProbeResult

log = logging.getLogger(__name__)

#: A child parses at most this many files, then a fresh one takes over. A start costs about
#: 0.1 s of CPU: at 500 a 2,000-file import paid for four more. The limits that stop a hostile
#: file do not depend on it: each file's CPU allowance is its own (``_probe_one``), its wall
#: clock is timed by the parent, and a child that failed is never reused. Only the lifetime
#: bounds scale with it (the child's total CPU, ``cpu_seconds`` per file it may parse, and how
#: many files share one address-space cap).
RECYCLE_AFTER = 2000
#: Files per request at most: a request (for each file a path of up to 4 kB, its picture file
#: and its place in the store, both under short folders) then fits in the pipe's 64 kB
#: buffer, so writing it never blocks on a child that hangs.
REQUEST_FILES = 8
#: Largest answer line accepted from a child (tags are bounded well below this).
MAX_ANSWER = 4 * 1024 * 1024
#: Largest file a child may write when it only writes embedded pictures.
COVER_MB = 32


def _serve(memory_mb: int, cpu_seconds: int, file_mb: int = COVER_MB) -> None:
    """Child loop: a request line of files in, one answer line per file out, until stdin closes.

    Each answer is flushed as soon as it is known, so the parent's wall-clock bound is per
    file. After a fatal answer the child exits without reading the rest of the request.
    """
    import resource

    sandbox.limit_self(memory_mb=memory_mb, cpu_seconds=cpu_seconds * (RECYCLE_AFTER + 1), file_mb=file_mb)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    for line in sys.stdin:
        request = json.loads(line)
        stores = request.get("stores") or [None] * len(request["paths"])
        hashing = bool(request.get("hash"))
        for path, cover_out, store_as in zip(request["paths"], request["covers"], stores, strict=True):
            answer, fatal = _probe_one(path, cover_out, cpu_seconds, hard)
            if answer.get("ok") and (store_as or hashing):
                answer = _store(path, f"{store_as}.{answer['extension']}" if store_as else None, answer, cover_out,
                                hashing)
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
            if fatal:
                return


def _store(path: str, target: str | None, answer: dict, cover_out: str, hashing: bool) -> dict:
    """Copy an accepted file to ``target`` (the media store's file for it) and, with ``hashing``,
    add the SHA-256 of its bytes to the answer; the answer, or why not.

    The child has just read the file, and copying it here spares the importing process a
    dozen system calls per file, each a turn of its interpreter lock among the threads that
    stage files and the one writing rows; so does hashing it here, from the bytes it copies.
    Not made durable: the import syncs a batch's files together before committing their rows.
    """
    import hashlib

    from spoticlone.integrations.atomic import atomic_copy

    digest = hashlib.sha256() if hashing else None
    try:
        if target is not None:
            atomic_copy(path, target, sync=False, digest=digest)
        elif digest is not None:
            with open(path, "rb") as handle:
                digest = hashlib.file_digest(handle, "sha256")
    except OSError as exc:
        if cover_out and answer.get("cover"):
            with contextlib.suppress(OSError):
                os.unlink(cover_out)
        reason = "unstored" if target is not None else "unreadable"
        return {"ok": False, "reason": reason, "detail": f"{type(exc).__name__}: {exc}"[:500]}
    if digest is not None:
        answer["sha256"] = digest.hexdigest()
    return answer


def _probe_one(path: str, cover_out: str, cpu_seconds: int, hard: int) -> tuple[dict, bool]:
    """One file's answer, parsed under a fresh CPU allowance; ``True`` when the child must end."""
    import resource

    from spoticlone.services.media.audio_probe import probe_in_process

    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime) + 1 + cpu_seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ValueError, OSError) as exc:  # never parse without this file's own allowance
        log.warning("could not set the CPU limit: %s", exc)
        return {"ok": False, "reason": "crashed", "detail": f"could not set the CPU limit: {exc}"}, True
    try:
        return probe_in_process(path, cover_out or None), False
    except ProbeError as exc:
        return {"ok": False, "reason": exc.reason, "detail": exc.detail[:500]}, False
    except MemoryError:
        return {"ok": False, "reason": "crashed", "detail": "out of memory"}, True
    except Exception as exc:  # a parser bug on one file: answer, then start clean
        log.exception("probe of %s failed", path)
        return {"ok": False, "reason": "crashed", "detail": f"{type(exc).__name__}: {exc}"[:500]}, True


class _Child:
    """One running child and the folder it writes embedded covers to."""

    def __init__(self, memory_mb: int, cpu_seconds: int, file_mb: int = COVER_MB):
        self.folder = tempfile.TemporaryDirectory(prefix="spoticlone-probe-")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(sandbox.PROJECT_ROOT), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "spoticlone.services.media.probe_pool", str(memory_mb), str(cpu_seconds),
             str(file_mb)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            cwd=self.folder.name, env=env,
        )
        self.used = 0
        self.requests = 0
        self.alive = True
        # poll, not select: select() refuses descriptors above 1023, which a long-lived
        # process with many open files (a web worker, a test run) reaches.
        self._poller = select.poll()
        assert self.proc.stdout is not None
        self._poller.register(self.proc.stdout.fileno(), select.POLLIN)
        self._pending = b""  # answer bytes read past the last whole line

    def ask(self, paths: Sequence[Path], timeout: float,
            stores: Sequence[str | None] | None = None, hashing: bool = False) -> list[dict | ProbeError]:
        """Send ``paths`` as one request; their answers in order, up to the first fatal one.

        A fatal answer (the child crashed, ran out of memory or time, or said something
        unreadable) is the last in the list and leaves ``alive`` false: the files after
        it were not parsed, and the caller asks a fresh child. With ``stores``, each
        accepted file is also copied to its entry plus the detected extension; whatever a
        file that was not accepted may have left there is removed.
        """
        # Named for this request, so no earlier answer's picture can be taken for this one's;
        # each is removed as it is read.
        self.requests += 1
        covers = [os.path.join(self.folder.name, f"cover-{self.requests}-{n}.bin") for n in range(len(paths))]
        # Absolute, as the child works in its own folder (``abspath``, not ``resolve``: no symlink walk per file).
        asked: dict[str, object] = {"paths": [os.path.abspath(p) for p in paths], "covers": covers}
        if stores is not None:
            asked["stores"] = list(stores)
        if hashing:
            asked["hash"] = True
        request = json.dumps(asked)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        answers: list[dict | ProbeError] = []
        try:
            self.proc.stdin.write(request.encode() + b"\n")
            self.proc.stdin.flush()
        except OSError:
            self.alive = False
            return [ProbeError("crashed", "the parser process is gone")]
        for n, cover in enumerate(covers):
            self.used += 1
            try:
                answer = self._answer(self.proc.stdout.fileno(), timeout)
            except ProbeError as exc:
                self.alive = False
                _remove_stored(stores[n] if stores else None)
                return [*answers, exc]
            if not answer.get("ok"):
                _remove_stored(stores[n] if stores else None)
                answers.append(ProbeError(answer.get("reason", "corrupt"), answer.get("detail", "")))
                if answer.get("reason") == "crashed":
                    self.alive = False
                    return answers
                continue
            if answer.get("cover"):
                answer["cover_bytes"] = _take(cover)
            answers.append(answer)
        return answers

    def _answer(self, fd: int, timeout: float) -> dict:
        try:
            return json.loads(self._read_line(fd, timeout))
        except ValueError as exc:
            raise ProbeError("crashed", "unreadable probe output") from exc

    def _read_line(self, fd: int, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        data = self._pending
        while b"\n" not in data:
            if len(data) > MAX_ANSWER:
                raise ProbeError("crashed", "answer too long")
            left = deadline - time.monotonic()
            if left <= 0 or not self._poller.poll(left * 1000):
                raise ProbeError("timeout", f"no answer within {timeout}s")
            block = os.read(fd, 65536)
            if not block:
                raise ProbeError("crashed", f"exit status {self.proc.wait()}")
            data += block
        line, _, self._pending = data.partition(b"\n")
        if len(line) > MAX_ANSWER:
            raise ProbeError("crashed", "answer too long")
        return line

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

    def __init__(self, size: int = 2, *, timeout: float = 30.0, memory_mb: int = 512, cpu_seconds: int = 20,
                 store_mb: int | None = None):
        self.size = max(1, size)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.cpu_seconds = cpu_seconds
        # A child that copies files into the store may write files as large as it may be given.
        self.file_mb = max(COVER_MB, store_mb + 1) if store_mb is not None else COVER_MB
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
        answer = self.probe_many([path])[0]
        if isinstance(answer, ProbeError):
            raise answer
        return answer

    def probe_many(self, paths: Sequence[Path], stores: Sequence[str | None] | None = None,
                   hashing: bool = False) -> list[ProbeResult | ProbeError]:
        """Each file's ``ProbeResult``, or the ``ProbeError`` it was refused with, in order.

        The files go to one child, ``REQUEST_FILES`` per request. A file that kills the
        child is refused alone: the files after it go to a fresh child. ``stores`` (one per
        file, a path without its extension, or ``None``): each accepted file is copied there
        by the child, with the extension of the format it was found to be (refused with
        reason ``"unstored"`` if the copy fails; pool made with ``store_mb``). ``hashing``: each
        accepted file's result also has the SHA-256 of its bytes (``sha256``), read by the child.
        """
        if self._closed:
            raise RuntimeError("probe pool is closed")
        results: list[ProbeResult | ProbeError] = []
        child = self._idle.get()
        try:
            while len(results) < len(paths):
                child = self._ready(child)
                room = min(RECYCLE_AFTER - child.used, REQUEST_FILES)
                part = slice(len(results), len(results) + room)
                answers = child.ask(paths[part], self.timeout, stores[part] if stores is not None else None,
                                    hashing)
                results.extend(a if isinstance(a, ProbeError) else _result(a) for a in answers)
            return results
        finally:
            if child is not None and not child.alive:
                _retire(child)
                child = None
            self._idle.put(child)

    def _ready(self, child: _Child | None) -> _Child:
        """``child`` if it may parse more files, else a fresh one in its place."""
        if child is not None and child.alive and child.proc.poll() is None and child.used < RECYCLE_AFTER:
            return child
        if child is not None:
            _retire(child)
        return _Child(self.memory_mb, self.cpu_seconds, self.file_mb)

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


def _retire(child: _Child) -> None:
    """End a child that failed (it may hang: killed, not asked) or is used up."""
    if not child.alive:
        child.proc.kill()
    child.close()


def _remove_stored(store_as: str | None) -> None:
    """Remove what a child may have written for a file it did not accept (a copy cut short)."""
    if not store_as:
        return
    folder, name = os.path.split(store_as)
    for leftover in Path(folder).glob(f"*{name}.*"):  # the copy, or its ``.incoming-`` temporary
        with contextlib.suppress(OSError):
            leftover.unlink()


def _take(cover: str) -> bytes | None:
    """The picture a child wrote to ``cover``, removing the file (``None`` if there is none)."""
    try:
        with open(cover, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return None
    os.unlink(cover)
    return data


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
        sha256=data.get("sha256"),
    )


def main(argv: list[str]) -> int:
    """Entry point of the child process."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if len(argv) not in (2, 3):
        log.error("usage: probe_pool MEMORY_MB CPU_SECONDS [FILE_MB]")
        return 2
    _serve(*(int(arg) for arg in argv))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
