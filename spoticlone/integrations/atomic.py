"""Durable file writes: a reader sees the old file or the whole new one, never a part."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import functools
import logging
import os
import platform
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

#: How the temporary files ``atomic_write`` and ``atomic_copy`` rename into place are named
#: (``media_sweep`` finds those a crash left).
TEMPORARY_PREFIX = ".incoming-"
#: Bytes one ``sendfile`` call copies at most (it copies less than 2 GiB per call anyway).
SENDFILE_CHUNK = 1 << 30
#: fsyncs in flight at once in ``sync_files``.
SYNC_THREADS = 16
#: From this many files on, ``sync_files`` flushes their file system once (``syncfs``) instead.
SYNCFS_FROM = 32
#: ``sync_file_range``'s flag that starts writing a file's dirty pages without waiting for them.
_SYNC_FILE_RANGE_WRITE = 2


def atomic_write(target: Path, writer: Callable[[BinaryIO], object], *, sync: bool = True) -> None:
    """Write ``target`` through a synced temporary file in the same folder, then rename.

    The rename is atomic on POSIX, and the fsync before it means an acknowledged file
    survives a crash; on any error the temporary file is removed.

    ``sync=False`` skips the fsync, for a caller that writes many files and makes them
    durable together with ``sync_files`` before it acknowledges any of them (one disk
    flush per batch instead of one per file). Readers still never see a part of the file.
    """
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TEMPORARY_PREFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            writer(handle)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_copy(source: str | Path, target: str | Path, *, sync: bool = True, digest=None) -> None:
    """``atomic_write`` of a copy of ``source``, with the least work per file (a bulk import makes thousands).

    The bytes are copied by the kernel (``sendfile``), not read into Python and written
    back; the temporary file is named after ``target``, whose name must be unique (the
    media store's are random), so no name is drawn and retried; and the folder is created
    only when opening in it fails. Each system call also gives the other import threads
    their turn, so fewer calls mean less waiting for the interpreter lock as well.

    ``digest`` (a ``hashlib`` object) is updated with the bytes copied: the file is then read
    into Python and written back, which costs less than reading it a second time to hash it.
    """
    folder, name = os.path.split(target)  # strings: a Path per step costs more than the copy of a small file
    tmp = os.path.join(folder, TEMPORARY_PREFIX + name)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        out = os.open(tmp, flags, 0o600)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        out = os.open(tmp, flags, 0o600)
    try:
        try:
            src = os.open(source, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
            try:
                if digest is None:
                    _copy_descriptor(src, out)
                else:
                    _copy_hashing(src, out, digest)
            finally:
                os.close(src)
            if sync:
                os.fsync(out)
        finally:
            os.close(out)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _copy_hashing(src: int, out: int, digest) -> None:
    """Everything of ``src`` into ``out``, each block also given to ``digest``."""
    while block := os.read(src, 1024 * 1024):
        digest.update(block)
        _write_all(out, block)


def _write_all(out: int, block: bytes) -> None:
    view = memoryview(block)
    while view:
        view = view[os.write(out, view):]


def _copy_descriptor(src: int, out: int) -> None:
    """Everything of ``src`` into ``out``: ``sendfile`` where the system copies file to file, else read and write."""
    sendfile = getattr(os, "sendfile", None) if sys.platform.startswith("linux") else None
    offset = 0
    if sendfile is not None:
        try:
            while sent := sendfile(out, src, offset, SENDFILE_CHUNK):
                offset += sent
            return
        except OSError as exc:
            if offset or exc.errno not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
                raise
    while block := os.read(src, 1024 * 1024):
        _write_all(out, block)


def sync_files(paths: Iterable[str | Path]) -> None:
    """Make ``paths`` and their folders' entries durable: what ``atomic_write`` does per file, for many.

    From ``SYNCFS_FROM`` files on, where the platform has it (Linux), each file system the
    files are on is flushed once with ``syncfs``, as PostgreSQL can do at start-up
    (``recovery_init_sync_method = syncfs``): one system call writes every file's data and
    every folder's new names. Opening, fsyncing and closing each file costs more than that
    flush, even on a disk where the flush is free (a bulk import of small files spent a
    third of its main thread there). It also writes whatever else is waiting on that file
    system, which for a batch of a few hundred new files is the better trade.

    Fewer files, or no ``syncfs``: writing-back is first started for every file at once
    (``sync_file_range`` where the platform has it); then the files are fsynced, and after
    them each folder once (its new names), ``SYNC_THREADS`` at a time. On ext4 every fsync
    ends with a flush of the disk's cache, which takes as long for one file as for all:
    fsynced one after the other, a batch would wait for one flush per file, while concurrent
    fsyncs share flushes (the block layer merges them).

    Raises ``OSError`` when a file is missing or cannot be made durable (``syncfs`` reports
    the file system's write-back errors not yet reported, Linux 5.8 and later): the caller
    must not acknowledge the files then.
    """
    files = list(dict.fromkeys(os.fspath(p) for p in paths))  # strings: a Path each costs more than its stat
    if not files:
        return
    syncfs = _syncfs() if len(files) >= SYNCFS_FROM else None
    if syncfs is not None:
        devices: dict[int, str] = {}
        for path in files:  # each must exist, as an fsync of it would require
            devices.setdefault(os.stat(path).st_dev, os.path.dirname(path))
        for folder in devices.values():
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                syncfs(fd)
            finally:
                os.close(fd)
        return
    start = _writeback_starter()
    fds: list[int] = []
    try:
        for path in files:
            fds.append(os.open(path, os.O_RDONLY))
            if start is not None:
                start(fds[-1])
        _fsync_all(fds)
    finally:
        for fd in fds:
            os.close(fd)
    folders = list(dict.fromkeys(os.path.dirname(path) for path in files))
    fds = []
    try:
        for folder in folders:
            fds.append(os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)))
        _fsync_all(fds)
    finally:
        for fd in fds:
            os.close(fd)


def _fsync_all(fds: list[int]) -> None:
    """fsync every descriptor, several at once; raises the first failure once all have ended."""
    if len(fds) == 1:
        os.fsync(fds[0])
        return
    fsync = os.fsync
    futures = [_sync_pool().submit(fsync, fd) for fd in fds]
    failure: BaseException | None = None
    for future in futures:  # every fsync ends before the caller closes its descriptor
        failure = failure or future.exception()
    if failure is not None:
        raise failure


@functools.cache
def _sync_pool() -> ThreadPoolExecutor:
    """The threads ``sync_files`` waits on (kept: a bulk import syncs dozens of batches)."""
    return ThreadPoolExecutor(max_workers=SYNC_THREADS, thread_name_prefix="sync-files")


@functools.cache
def _syncfs() -> Callable[[int], None] | None:
    """``fd -> None`` that flushes the file system ``fd`` is on, raising ``OSError``; None if unavailable.

    Only on Linux 5.8 and later: before it, ``syncfs`` did not report write-back errors, so a
    batch could be acknowledged whose bytes never reached the disk (the per-file fsyncs do).
    """
    if not _reports_writeback_errors(platform.system(), platform.release()):
        return None
    try:
        call = _libc().syncfs
    except (OSError, AttributeError):  # not Linux
        return None
    call.argtypes = [ctypes.c_int]
    call.restype = ctypes.c_int

    def syncfs(fd: int) -> None:
        if call(fd) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, os.strerror(errno))

    return syncfs


def _reports_writeback_errors(system: str, release: str) -> bool:
    """Whether this kernel's ``syncfs`` returns write-back errors (Linux 5.8 and later)."""
    if system != "Linux":
        return False
    parts = release.split(".")
    try:
        return (int(parts[0]), int("".join(ch for ch in parts[1] if ch.isdigit()) or 0)) >= (5, 8)
    except (IndexError, ValueError):
        return False


@functools.cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


@functools.cache
def _writeback_starter() -> Callable[[int], None] | None:
    """``fd -> None`` that starts writing a file's dirty pages to disk without waiting; None if unavailable."""
    try:
        call = _libc().sync_file_range
    except (OSError, AttributeError):  # not Linux
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
    call.restype = ctypes.c_int

    def start(fd: int) -> None:
        if call(fd, 0, 0, _SYNC_FILE_RANGE_WRITE) != 0:  # only a head start: the fsync follows anyway
            log.debug("sync_file_range failed: errno %s", ctypes.get_errno())

    return start
