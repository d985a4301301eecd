"""The bulk import's two per-batch costs: one durability pass before each commit, one duplicate query per group."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from sqlalchemy import event
from sqlmodel import select

from spoticlone.integrations import atomic
from spoticlone.models import ArtistProfile, Track
from spoticlone.services.studio.bulk_import import UNSAVED, import_files
from tests.factories import make_track

#: The group's question; each duplicate is then only checked to be still there (one indexed row read).
GROUP_QUERY = "WHERE t.audio_sha256 IN ("


def files_of(folder: Path) -> list:
    return [(path, None) for path in sorted(folder.iterdir())]


def audio_files(store) -> list:
    folder = store.root / "audio"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_batch_is_made_durable_by_the_importer_before_its_commit(session, store, folder, monkeypatch):
    """Copies are no longer fsynced one by one by the staging threads, but every committed track's
    audio has been fsynced (with its folder) before the commit that made its row visible."""
    events: list[tuple[str, object]] = []
    real_fsync, real_commit = os.fsync, session.commit

    def fsync(fd: int) -> None:
        events.append(("fsync", (Path(os.readlink(f"/proc/self/fd/{fd}")), threading.current_thread().name)))
        real_fsync(fd)

    def commit() -> None:
        events.append(("commit", {store.path(key) for key in session.exec(select(Track.audio_key))}))
        real_commit()

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    monkeypatch.setattr(session, "commit", commit)
    summary = import_files(session, store=store, files=files_of(folder), batch_size=2)

    assert summary.imported == 3
    audio = [(path, thread) for kind, (path, thread) in ((k, v) for k, v in events if k == "fsync")
             if "audio" in path.parts and path.is_file() and not path.name.startswith(".incoming-")]
    importer = threading.current_thread().name  # or its fsync pool's threads; never a staging thread
    assert audio and all(thread == importer or thread.startswith("sync-files") for _, thread in audio)
    for n, (kind, committed) in enumerate(events):
        if kind == "commit":
            synced = {value[0] for k, value in events[:n] if k == "fsync"}
            assert committed <= synced  # every row's audio, and its folder, durable before the commit
            assert {path.parent for path in committed} <= synced
    assert {store.path(t.audio_key) for t in session.exec(select(Track))} <= {path for path, _ in audio}


def test_a_batch_whose_files_cannot_be_made_durable_is_refused_and_removed(session, store, folder, monkeypatch):
    def fail(keys) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(store, "sync", fail)
    summary = import_files(session, store=store, files=files_of(folder))
    assert summary.imported == 0 and len(summary.refused[UNSAVED]) == 4  # with both identical FLACs
    assert session.exec(select(Track)).all() == [] and audio_files(store) == []


def test_duplicates_are_looked_up_once_per_group_of_files(session, store, tmp_path, audio_samples, engine):
    statements: list[str] = []

    def trace(dbapi_connection, record, proxy) -> None:
        dbapi_connection.set_trace_callback(statements.append)

    known = make_track(session, audio_sha256=_sha(audio_samples["mp3"]))
    music = tmp_path / "many"
    music.mkdir()
    for n in range(6):
        shutil.copy(audio_samples[("mp3", "flac", "wav")[n % 3]], music / f"{n}.{('mp3', 'flac', 'wav')[n % 3]}")
    event.listen(engine, "checkout", trace)
    try:
        summary = import_files(session, store=store, files=files_of(music))
    finally:
        event.remove(engine, "checkout", trace)
    assert summary.imported == 2 and len(summary.duplicates) == 4
    assert {d.track_id for d in summary.duplicates if d.path.suffix == ".mp3"} == {known.id}
    mp3 = next(d for d in summary.duplicates if d.path.suffix == ".mp3")
    artist = session.get(ArtistProfile, known.artist_id)
    assert mp3.label == f"{artist.stage_name} - {known.title}" and mp3.message == f"already track {known.id}"
    assert len([s for s in statements if GROUP_QUERY in s]) == 1  # six files, one group, one query
    assert not [s for s in statements if "FROM track" in s and "JOIN artistprofile" in s and GROUP_QUERY not in s]


def test_a_file_whose_track_is_deleted_while_it_is_staged_is_imported(session, store, tmp_path, audio_samples,
                                                                      engine, monkeypatch):
    """The worker found the track; it was gone by the time the file's turn came: imported after all."""
    from spoticlone.services.studio import import_staging

    known = make_track(session, audio_sha256=_sha(audio_samples["mp3"]))
    holders = import_staging.KnownAudioGroups.holders

    def then_delete(self, digests):
        found = holders(self, digests)
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DELETE FROM track WHERE id = {int(known.id)}")
        return found

    monkeypatch.setattr(import_staging.KnownAudioGroups, "holders", then_delete)
    music = tmp_path / "one"
    music.mkdir()
    shutil.copy(audio_samples["mp3"], music / "song.mp3")
    summary = import_files(session, store=store, files=files_of(music))
    assert summary.imported == 1 and summary.duplicates == []


def _sha(path: Path) -> str:
    from spoticlone.services.media.duplicates import hash_file

    return hash_file(path)


def test_the_group_question_names_the_oldest_holder_on_postgres(audio_samples):
    """The same raw query on psycopg (``%s`` marks, the status stored by name)."""
    from sqlmodel import Session as ModelSession

    from spoticlone.db import create_schema
    from spoticlone.models import TrackStatus
    from spoticlone.services.studio.import_staging import KnownAudioGroups
    from tests.pg import postgres_schema

    digest = _sha(audio_samples["mp3"])
    with postgres_schema("holders") as engine:
        create_schema(engine)
        with ModelSession(engine) as pg_session:
            first = make_track(pg_session, audio_sha256=digest, status=TrackStatus.DRAFT)
            make_track(pg_session, audio_sha256=digest)
            first_id = first.id
        known = KnownAudioGroups(engine)
        try:
            found = known.holders([digest.upper(), "0" * 64])
            assert list(found) == [digest] and digest in known
        finally:
            known.close()
    assert found[digest].track_id == first_id and found[digest].status == "draft"


def test_the_probe_children_copy_the_files_and_a_failed_copy_refuses_its_file(session, store, folder, tmp_path,
                                                                             monkeypatch):
    from spoticlone.integrations.media_store import LocalMediaStore
    from spoticlone.services.media.staging import MESSAGES

    def parent_copies(*_args):
        raise AssertionError("the importing process copied a file itself")

    monkeypatch.setattr(LocalMediaStore, "put_file", parent_copies)
    summary = import_files(session, store=store, files=files_of(folder))
    assert summary.imported == 3 and len(summary.duplicates) == 1
    keys = set(session.exec(select(Track.audio_key)).all())
    assert {p.relative_to(store.root).as_posix() for p in audio_files(store)} == keys  # nothing else left

    blocked = tmp_path / "a-file"
    blocked.write_text("a file where the store's folder should be")
    monkeypatch.setattr(LocalMediaStore, "place_for", lambda self, kind, name: blocked / name[:2] / name)
    again = tmp_path / "more"
    again.mkdir()
    shutil.copy(folder / "song.mp3", again / "other.mp3")
    (again / "other.mp3").write_bytes((again / "other.mp3").read_bytes() + b"\0")  # new audio bytes
    summary = import_files(session, store=store, files=files_of(again))
    assert summary.imported == 0 and list(summary.refused) == [MESSAGES["unstored"]]
    assert set(session.exec(select(Track.audio_key)).all()) == keys


def test_a_new_import_is_hashed_by_the_children_and_a_rerun_never_starts_one(session, store, tmp_path, audio_samples,
                                                                           monkeypatch):
    """The first group is hashed here; once it shows the files are new, the children hash the rest
    from the bytes they copy (and the hashes they send are the files'). A re-run hashes here, finds
    every file in the catalog and parses nothing. A duplicate only a child's hash reveals is still
    a duplicate, and its copy is removed."""
    from spoticlone.services.media.duplicates import hash_file
    from spoticlone.services.media.probe_pool import ProbePool
    from spoticlone.services.studio import bulk_import, import_staging

    music = tmp_path / "new"
    music.mkdir()
    for n in range(40):  # forty different files: the same MP3 with n more bytes of padding
        (music / f"{n:02d}.mp3").write_bytes(audio_samples["mp3"].read_bytes() + b"\0" * (n + 1))
    hashed_here: list[Path] = []
    requests: list[tuple[int, bool]] = []
    monkeypatch.setattr(import_staging, "hash_file", lambda path: hashed_here.append(path) or hash_file(path))
    probe_many = ProbePool.probe_many
    monkeypatch.setattr(ProbePool, "probe_many", lambda self, paths, stores=None, hashing=False:
                        requests.append((len(paths), hashing)) or probe_many(self, paths, stores, hashing))
    monkeypatch.setattr(bulk_import, "THREADS_PER_CHILD", 1)  # one staging thread: groups in order

    summary = import_files(session, store=store, files=files_of(music), workers=1)
    assert summary.imported == 40 and len(hashed_here) == bulk_import.GROUP
    assert requests == [(16, False), (16, True), (8, True)]
    for track in session.exec(select(Track)).all():
        assert track.audio_sha256 == hash_file(store.path(track.audio_key))
    stored = audio_files(store)

    hashed_here.clear()
    requests.clear()
    again = import_files(session, store=store, files=files_of(music), workers=1)
    assert again.imported == 0 and len(again.duplicates) == 40 and len(hashed_here) == 40
    assert [count for count, _ in requests if count] == []  # no file parsed, no child started

    monkeypatch.setattr(import_staging.KnownAudioGroups, "mostly_held", False)
    monkeypatch.setattr(import_staging.KnownAudioGroups, "saw", lambda self, **_: None)
    hashed_here.clear()
    third = import_files(session, store=store, files=files_of(music), workers=1)
    assert third.imported == 0 and len(third.duplicates) == 40 and hashed_here == []
    assert audio_files(store) == stored  # the children's copies of the duplicates are gone
