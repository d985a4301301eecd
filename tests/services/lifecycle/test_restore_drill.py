"""Restore drill: a backup taken while 20 listeners write restores to exactly its snapshot point.

The snapshot point is the one instant at which SQLite's online backup read the database.
The drill proves three things about it:

1. The restored database *is* the backup's copy: every table's rows equal the digests the
   backup computed from its copy (and the restored file is byte-identical to it).
2. That copy is a state the live database really had: 20 writer threads each work on
   their own listener (plays, like/unlike, playlist adds, removes and renames) and log
   every acknowledged operation. For each writer, the copy holds exactly the effects of
   the first *b* of its operations (replayed from its log), with every operation
   acknowledged before the backup started included and none begun after it ended.
   Writers are independent, so per-writer prefixes inside one SQLite read transaction
   are one instant.
3. Tables the writers never touched equal the live database's, every media file the
   restored database names is there, byte-equal to the manifest (and to the live file
   when it still exists: playlist mosaics replaced meanwhile are gone from the live
   store, and come back from the backup's hold), and the restored folder starts the API
   and streams a track.
"""

from __future__ import annotations

import hashlib
import io
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from spoticlone.integrations.media_store import LocalMediaStore, is_valid_key
from spoticlone.models import PlaySource, User
from spoticlone.services.library import collection
from spoticlone.services.library.playlists import manage, tracks
from spoticlone.services.lifecycle import database_copy, manifest, restore, schedule
from spoticlone.services.listening import plays
from tests import factories

WRITERS = 20
SONGS = 8


def _cover(n: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (30 * n % 256, 70 * n % 256, 110 * n % 256)).save(out, "JPEG")
    return out.getvalue()


@dataclass
class Writer:
    """One listener's thread: its operations in order, with their start and acknowledgement times."""

    index: int
    user_id: int
    playlist_id: int
    track_ids: list[int]
    log: list[tuple[str, object, float, float]] = field(default_factory=list)
    error: BaseException | None = None

    def step(self, session: Session, store: LocalMediaStore, i: int) -> None:
        actor = session.get(User, self.user_id)
        song = self.track_ids[(self.index + i) % SONGS]
        self._op(session, "play", lambda: plays.start_play(
            session, track_id=song, source=PlaySource.OTHER, user_id=self.user_id))
        liked = bool(collection.liked_ids(session, actor=actor, track_ids=[song]))
        self._op(session, "unlike" if liked else "like", lambda: (
            collection.unlike_track if liked else collection.like_track)(session, actor=actor, track_id=song),
            value=song)
        if i % 3 == 2:
            detail = tracks.playlist_detail(session, actor=actor, playlist_id=self.playlist_id)
            if detail.items:
                self._op(session, "remove", lambda: tracks.remove_item(
                    session, actor=actor, playlist_id=self.playlist_id, item_id=detail.items[0].item_id, store=store))
        else:
            self._op(session, "add", lambda: tracks.add_tracks(
                session, actor=actor, playlist_id=self.playlist_id, track_ids=[song], allow_duplicate=True,
                store=store), value=song)
        self._op(session, "rename", lambda: manage.update_playlist(
            session, actor=actor, playlist_id=self.playlist_id, name=f"w{self.index} step {i}"),
            value=f"w{self.index} step {i}")

    def _op(self, session: Session, kind: str, call, value: object = None) -> None:
        began = time.monotonic()
        for _ in range(200):
            try:
                result = call()
                break
            except OperationalError:  # "database is locked" under 20 writers: nothing was committed
                session.rollback()
                time.sleep(0.005)
        else:
            raise AssertionError(f"writer {self.index}: {kind} never got the write lock")
        self.log.append((kind, result if kind == "play" else value, began, time.monotonic()))

    def states(self) -> list[tuple[tuple[int, ...], frozenset[int], tuple[int, ...], str]]:
        """The writer's own data after 0, 1, ... of its operations: (play ids, likes, playlist songs, name)."""
        play_ids: list[int] = []
        likes: set[int] = set()
        songs: list[int] = []
        name = f"w{self.index} start"
        out = [((), frozenset(), (), name)]
        for kind, value, _, _ in self.log:
            if kind == "play":
                play_ids.append(value)
            elif kind == "like":
                likes.add(value)
            elif kind == "unlike":
                likes.discard(value)
            elif kind == "add":
                songs.append(value)
            elif kind == "remove":
                songs.pop(0)
            else:
                name = value
            out.append((tuple(play_ids), frozenset(likes), tuple(songs), name))
        return out


def _snapshot_state(db: sqlite3.Connection, writer: Writer):
    play_ids = tuple(r[0] for r in db.execute("SELECT id FROM playevent WHERE user_id = ? ORDER BY id",
                                              (writer.user_id,)))
    likes = frozenset(r[0] for r in db.execute("SELECT track_id FROM tracklike WHERE user_id = ?", (writer.user_id,)))
    songs = tuple(r[0] for r in db.execute("SELECT track_id FROM playlisttrack WHERE playlist_id = ? ORDER BY position",
                                           (writer.playlist_id,)))
    name = db.execute("SELECT name FROM playlist WHERE id = ?", (writer.playlist_id,)).fetchone()[0]
    return play_ids, likes, songs, name


@pytest.fixture
def library(settings, engine, session, store):
    """Eight published songs with their own covers and audio, and twenty listeners with a playlist each."""
    artist = factories.make_artist(session)
    songs = []
    for n in range(SONGS):
        audio = store.put_bytes("audio", "mp3", b"ID3" + hashlib.sha256(str(n).encode()).digest() * 500)
        songs.append(factories.make_track(session, artist_id=artist.id, audio_key=audio,
                                          cover_key=store.put_bytes("covers", "jpg", _cover(n))).id)
    for n in range(150):  # enough files that the media copy overlaps the writers' mosaic churn
        store.put_bytes("images", "png", hashlib.sha256(f"filler {n}".encode()).digest() * 64)
    writers = []
    for w in range(WRITERS):
        user = factories.make_user(session)
        playlist = manage.create_playlist(session, actor=user, name=f"w{w} start")
        writers.append(Writer(w, user.id, playlist.id, songs))
    return writers


def _digests(path: Path) -> dict:
    return database_copy.inspect_sqlite(path).tables


def test_backup_under_20_writers_restores_to_its_snapshot_point(settings, engine, store, library, tmp_path,
                                                                 monkeypatch):
    writers: list[Writer] = library
    live_db = database_copy.sqlite_path(settings.resolved_database_url)
    before_writes = _digests(live_db)
    stop, started = threading.Event(), threading.Barrier(WRITERS + 1)

    def run(writer: Writer) -> None:
        try:
            with Session(engine, expire_on_commit=False) as session:
                started.wait()
                i = 0
                while not stop.is_set() or i < 6:
                    writer.step(session, store, i)
                    i += 1
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            writer.error = exc

    threads = [threading.Thread(target=run, args=(w,)) for w in writers]
    for thread in threads:
        thread.start()
    started.wait()
    while min(len(w.log) for w in writers) < 8 and not any(w.error for w in writers):
        time.sleep(0.01)

    def slow_progress(stage: str, done: int, total: int) -> None:
        if stage == "media":
            time.sleep(0.005)  # the writers replace mosaics while the media are copied

    backup_started = time.monotonic()
    outcome = schedule.backup_now(settings=settings, destination=tmp_path / "backups", trigger="command line",
                                  engine=engine, progress=slow_progress)
    backup_ended = time.monotonic()
    acked_during = sum(1 for w in writers for _, _, _, ack in w.log if backup_started < ack < backup_ended)
    while min(len(w.log) for w in writers) < 40 and not any(w.error for w in writers):
        time.sleep(0.01)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    assert not [w.error for w in writers if w.error], [w.error for w in writers if w.error]
    assert outcome.error == "", outcome.error
    assert acked_during > 0, "the writers did not write while the backup ran"
    backup_dir = Path(outcome.path)
    report = manifest.verify_backup(backup_dir)
    assert report.ok, report.problems
    assert outcome.missing_media == ()

    target = tmp_path / "restored"
    result = restore.restore_backup(source=backup_dir, data_dir=target, settings=settings)
    restored_db = target / "spoticlone.db"
    assert result.engine == "sqlite" and restored_db.is_file()
    assert manifest.file_digest(restored_db) == manifest.file_digest(backup_dir / database_copy.SQLITE_FILE)
    restored = _digests(restored_db)
    assert restored == report.manifest["database"]["tables"]
    assert database_copy.sqlite_integrity(restored_db) == []

    after_writes = _digests(live_db)
    untouched = [name for name in before_writes if before_writes[name] == after_writes[name]]
    assert {"user", "track", "artistprofile"} <= set(untouched)
    assert all(restored[name] == after_writes[name] for name in untouched)

    db = sqlite3.connect(f"file:{restored_db}?mode=ro", uri=True)
    try:
        for writer in writers:
            state = _snapshot_state(db, writer)
            acked_before = sum(1 for *_, ack in writer.log if ack < backup_started)
            begun_before_end = sum(1 for _, _, began, _ in writer.log if began < backup_ended)
            matches = [b for b, expected in enumerate(writer.states()) if expected == state]
            assert any(acked_before <= b <= begun_before_end for b in matches), (
                f"writer {writer.index}: restored state {state} is no prefix of its operations "
                f"(matches {matches}, acknowledged before the backup {acked_before}, begun before its end "
                f"{begun_before_end})")
        positions = db.execute("SELECT playlist_id, group_concat(position) FROM (SELECT playlist_id, position "
                               "FROM playlisttrack ORDER BY playlist_id, position) GROUP BY playlist_id").fetchall()
        assert all(p.split(",") == [str(i) for i in range(len(p.split(",")))] for _, p in positions)
        referenced = {value for table, in db.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                                     "AND name IN ('track', 'playlist')")
                      for (value,) in db.execute(f"SELECT cover_key FROM {table}") if value}
    finally:
        db.close()

    live_media = settings.media_dir
    restored_media = target / "media"
    listed = {e["path"]: e["sha256"] for e in report.manifest["files"]}
    for key in referenced:
        assert is_valid_key(key) and (restored_media / key).is_file(), f"{key} is named but not restored"
    for path in restored_media.rglob("*"):
        if path.is_file():
            key = path.relative_to(restored_media).as_posix()
            assert manifest.file_digest(path)[1] == listed[f"media/{key}"]
            if (live_media / key).is_file():
                assert path.read_bytes() == (live_media / key).read_bytes()
    assert not (live_media / ".held").exists() and not (live_media / ".backup-hold").exists()

    monkeypatch.setenv("SPOTICLONE_DATA_DIR", str(target))
    from fastapi.testclient import TestClient

    from spoticlone.api.app import create_api
    from spoticlone.config import get_settings

    get_settings.cache_clear()
    song = writers[0].track_ids[0]
    with TestClient(create_api()) as client:
        response = client.get(f"/api/v1/tracks/{song}/stream")
    get_settings.cache_clear()
    assert response.status_code == 200
    assert response.content == (live_media / _audio_key(restored_db, song)).read_bytes()


def _audio_key(db_path: Path, track_id: int) -> str:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return db.execute("SELECT audio_key FROM track WHERE id = ?", (track_id,)).fetchone()[0]
    finally:
        db.close()

