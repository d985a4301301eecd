"""Writing many files and making them durable together: ``atomic_write(sync=False)``, ``sync_files``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spoticlone.integrations import atomic
from spoticlone.integrations.media_store import LocalMediaStore, key_for, new_name


@pytest.fixture
def synced(monkeypatch) -> list[Path]:
    """Every path ``os.fsync`` is called on, in order (files and folders)."""
    calls: list[Path] = []
    real = os.fsync

    def record(fd: int) -> None:
        calls.append(Path(os.readlink(f"/proc/self/fd/{fd}")))
        real(fd)

    monkeypatch.setattr(atomic.os, "fsync", record)
    return calls


def test_an_unsynced_write_is_whole_and_not_fsynced(tmp_path, synced):
    target = tmp_path / "a.bin"
    atomic.atomic_write(target, lambda handle: handle.write(b"x" * 1000), sync=False)
    assert target.read_bytes() == b"x" * 1000 and synced == []
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]  # no temporary file left


def test_sync_files_fsyncs_each_file_then_each_folder_once(tmp_path, synced, monkeypatch):
    started: list[Path] = []
    if atomic._writeback_starter() is not None:
        monkeypatch.setattr(atomic, "_writeback_starter",
                            lambda: lambda fd: started.append(Path(os.readlink(f"/proc/self/fd/{fd}"))))
    paths = []
    for folder, name in (("x", "1"), ("y", "2"), ("x", "3")):
        (tmp_path / folder).mkdir(exist_ok=True)
        paths.append(tmp_path / folder / name)
        atomic.atomic_write(paths[-1], lambda handle: handle.write(b"data"), sync=False)
    atomic.sync_files([*paths, paths[0]])
    assert len(synced) == 5 and set(synced[:3]) == set(paths)  # each once; files first, several at once
    assert set(synced[3:]) == {tmp_path / "x", tmp_path / "y"}
    assert started in ([], paths)  # all writes started before the first fsync waits on one


def test_sync_files_raises_for_a_missing_file(tmp_path):
    with pytest.raises(OSError):
        atomic.sync_files([tmp_path / "gone"])


def test_the_store_keeps_put_file_durable_and_syncs_unsynced_files_on_demand(tmp_path, synced):
    """``put_file`` flushes each file; copies made without it (a bulk import's probe children) on ``sync``."""
    store = LocalMediaStore(tmp_path / "media")
    source = tmp_path / "song.flac"
    source.write_bytes(b"fLaC" * 100)
    durable = store.put_file("audio", "flac", source)
    assert len(synced) == 1 and synced[0].parent == store.path(durable).parent  # the temporary file, renamed
    synced.clear()
    keys = [key_for("audio", new_name(), "flac") for _ in range(3)]
    for key in keys:
        atomic.atomic_copy(source, store.path(key), sync=False)
    assert synced == [] and all(store.path(k).read_bytes() == source.read_bytes() for k in keys)
    store.sync(keys)
    assert sorted(synced[:3]) == sorted(store.path(k) for k in keys)
    assert set(synced[3:]) == {store.path(k).parent for k in keys}


def test_fsyncs_run_concurrently_and_a_failure_is_raised(tmp_path, monkeypatch):
    """One fsync waiting on the disk does not hold the others back (they share the disk's cache flush)."""
    import threading

    paths = [tmp_path / f"{n}" for n in range(4)]
    for path in paths:
        atomic.atomic_write(path, lambda handle: handle.write(b"data"), sync=False)
    everyone = threading.Barrier(len(paths), timeout=10)

    def fsync(fd: int) -> None:
        everyone.wait()  # broken (raises) unless all four are in fsync at the same time
        if os.readlink(f"/proc/self/fd/{fd}").endswith("/2"):
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    with pytest.raises(OSError) as failed:
        atomic.sync_files(paths)
    assert failed.value.errno == 5


def _write_many(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        (folder / f"{n % 3}").mkdir(exist_ok=True)
        paths.append(folder / f"{n % 3}" / f"{n}")
        atomic.atomic_write(paths[-1], lambda handle: handle.write(b"data"), sync=False)
    return paths


def test_a_large_batch_flushes_its_file_system_once_instead_of_each_file(tmp_path, synced, monkeypatch):
    if atomic._syncfs() is None:
        pytest.skip("no syncfs on this platform")
    flushed: list[Path] = []
    real = atomic._syncfs()
    monkeypatch.setattr(atomic, "_syncfs", lambda: lambda fd: (flushed.append(Path(os.readlink(f"/proc/self/fd/{fd}"))),
                                                                 real(fd)))
    paths = _write_many(tmp_path, atomic.SYNCFS_FROM)
    atomic.sync_files(paths)
    assert synced == [] and len(flushed) == 1 and flushed[0].parent == tmp_path  # one flush, one file system
    flushed.clear()
    atomic.sync_files(paths[: atomic.SYNCFS_FROM - 1])  # below the threshold: each file and folder
    assert flushed == [] and len(synced) == atomic.SYNCFS_FROM - 1 + 3


def test_a_large_batch_still_refuses_a_missing_file_and_raises_a_failed_flush(tmp_path, monkeypatch):
    paths = _write_many(tmp_path, atomic.SYNCFS_FROM)

    def failing(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic, "_syncfs", lambda: failing)
    with pytest.raises(OSError) as failed:
        atomic.sync_files(paths)
    assert failed.value.errno == 5
    paths[7].unlink()
    monkeypatch.setattr(atomic, "_syncfs", lambda: lambda fd: None)
    with pytest.raises(FileNotFoundError):
        atomic.sync_files(paths)


def test_without_syncfs_a_large_batch_fsyncs_each_file(tmp_path, synced, monkeypatch):
    monkeypatch.setattr(atomic, "_syncfs", lambda: None)
    paths = _write_many(tmp_path, atomic.SYNCFS_FROM)
    atomic.sync_files(paths)
    assert set(synced[: len(paths)]) == set(paths) and len(synced) == len(paths) + 3


@pytest.mark.parametrize(("system", "release", "trusted"), [
    ("Linux", "6.18.44-fc-v1300", True), ("Linux", "5.8.0", True), ("Linux", "5.10.0-28-amd64", True),
    ("Linux", "5.7.19", False), ("Linux", "4.19.0-26-amd64", False), ("Linux", "garbage", False),
    ("Darwin", "23.1.0", False),
])
def test_syncfs_is_used_only_where_it_reports_write_back_errors(system, release, trusted):
    assert atomic._reports_writeback_errors(system, release) is trusted
