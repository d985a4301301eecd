"""Concurrent edits of one playlist keep positions dense and unique (SQLite and PostgreSQL).

Several threads, each with its own session (like separate requests), add songs and
move items at the same time. Without the playlist lock two adds would read the same
length and collide on ``uq_playlisttrack_position``; without the two-phase shift a
move would trip over the constraint half-way.
"""

from __future__ import annotations

import random
import threading

import pytest
from sqlmodel import Session, select

from spoticlone.db import create_schema
from spoticlone.models import PlaylistTrack
from spoticlone.services.library.playlists import tracks
from tests import factories
from tests.pg import postgres_schema

THREADS = 6
ROUNDS = 5


def hammer(engine, store) -> None:
    with Session(engine, expire_on_commit=False) as session:
        owner = factories.make_user(session)
        songs = [factories.make_track(session) for _ in range(4)]
        playlist = factories.make_playlist(session, owner=owner, tracks=songs)
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        try:
            start.wait()
            for _ in range(ROUNDS):
                with Session(engine, expire_on_commit=False) as s:
                    if rng.random() < 0.5:
                        tracks.add_tracks(s, actor=owner, playlist_id=playlist.id,
                                                   track_ids=[rng.choice(songs).id, rng.choice(songs).id],
                                                   allow_duplicate=True, store=store)
                    else:
                        items = s.exec(select(PlaylistTrack.id).where(PlaylistTrack.playlist_id == playlist.id)).all()
                        tracks.move_item(s, actor=owner, playlist_id=playlist.id, item_id=rng.choice(items),
                                                  to_position=rng.randrange(len(items)), store=store)
        except BaseException as exc:  # noqa: BLE001 - collected and re-raised in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with Session(engine) as session:
        rows = session.exec(select(PlaylistTrack).where(PlaylistTrack.playlist_id == playlist.id)).all()
    positions = sorted(r.position for r in rows)
    assert positions == list(range(len(rows)))
    adds = len(rows) - len(songs)
    assert adds % 2 == 0 and adds > 0


def test_concurrent_edits_on_sqlite(engine, store):
    hammer(engine, store)


@pytest.mark.postgres
def test_concurrent_edits_on_postgres(store):
    with postgres_schema("plc") as engine:
        create_schema(engine)
        hammer(engine, store)
