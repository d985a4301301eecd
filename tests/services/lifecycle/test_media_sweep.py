"""Sweeping the media files no row names: only old ones, wherever a key is named, never by default."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from sqlalchemy import text

from spoticlone.integrations import media_hold
from spoticlone.models import TrackRendition
from spoticlone.services.core.errors import Invalid
from spoticlone.services.lifecycle import media_sweep
from tests.factories import make_album, make_artist, make_track, make_user

DAY = 24 * 3600


def _age(store, key: str, seconds: float) -> None:
    """Make the file of ``key`` look ``seconds`` old."""
    when = time.time() - seconds
    os.utime(store.path(key), (when, when))


def _stored(store, kind: str = "audio", extension: str = "mp3", *, age: float = 2 * DAY) -> str:
    key = store.put_bytes(kind, extension, os.urandom(64))
    _age(store, key, age)
    return key


@pytest.fixture
def catalog(session, store):
    """Old files named by a track, an album, a user, a rendition and a JSON payload; stray ones beside them."""
    named = {
        "audio": _stored(store), "cover": _stored(store, "covers", "jpg"), "album": _stored(store, "covers", "jpg"),
        "avatar": _stored(store, "avatars", "webp"), "rendition": _stored(store, "audio", "m4a"),
        "json": _stored(store, "images", "png"),
    }
    artist = make_artist(session)
    album = make_album(session, artist_id=artist.id, cover_key=named["album"])
    track = make_track(session, artist_id=artist.id, album_id=album.id, audio_key=named["audio"],
                       cover_key=named["cover"])
    make_user(session, avatar_key=named["avatar"])
    session.add(TrackRendition(track_id=track.id, tier="normal", key=named["rendition"], source_key=named["audio"],
                               mime_type="audio/mp4", bitrate=160_000, file_size=64))
    # A table the core does not know (a plugin's), naming a key inside a JSON text.
    session.exec(text("CREATE TABLE plugin_notes (id INTEGER PRIMARY KEY, payload JSON)"))
    session.exec(text("INSERT INTO plugin_notes (payload) VALUES (:p)"),
                 params={"p": f'{{"picture": "{named["json"]}", "n": 1}}'})
    session.commit()
    stray = {"old": _stored(store), "young": _stored(store, age=600), "old_cover": _stored(store, "covers", "jpg")}
    return named, stray


def test_only_old_files_that_no_row_names_are_found(session, store, catalog):
    named, stray = catalog
    report = media_sweep.find_orphans(session, store)
    assert sorted(f.key for f in report.files) == sorted([stray["old"], stray["old_cover"]])
    assert report.scanned == len(named) + len(stray)
    assert set(named.values()) <= media_sweep.referenced_keys(session)
    assert report.size == 128 and report.removed == 0
    assert all(store.exists(key) for key in [*named.values(), *stray.values()])  # a dry run deletes nothing


def test_removing_deletes_the_strays_and_keeps_everything_named(session, store, catalog):
    named, stray = catalog
    report = media_sweep.remove_orphans(session, store, media_sweep.find_orphans(session, store))
    assert report.removed == 2
    assert not store.exists(stray["old"]) and not store.exists(stray["old_cover"])
    assert store.exists(stray["young"]) and all(store.exists(key) for key in named.values())


def test_a_file_named_between_finding_and_removing_is_kept(session, store, catalog):
    _, stray = catalog
    report = media_sweep.find_orphans(session, store)
    make_track(session, artist_id=make_artist(session).id, audio_key=stray["old"])
    media_sweep.remove_orphans(session, store, report)
    assert store.exists(stray["old"]) and not store.exists(stray["old_cover"])


def test_a_temporary_file_left_by_a_crash_is_swept_once_old(session, store, catalog):
    key = _stored(store)
    folder = store.path(key).parent
    left = folder / ".incoming-abc123"
    left.write_bytes(b"half a file")
    fresh = folder / ".incoming-def456"
    fresh.write_bytes(b"being written")
    os.utime(left, (time.time() - 2 * DAY,) * 2)
    report = media_sweep.find_orphans(session, store)
    temporary = [f for f in report.files if f.temporary]
    assert [f.key for f in temporary] == [left.relative_to(store.root).as_posix()]
    media_sweep.remove_orphans(session, store, report)
    assert not left.exists() and fresh.exists()


def test_files_the_store_did_not_write_are_never_candidates(session, store, catalog):
    foreign = store.root / "audio" / "ab" / "notes.txt"
    foreign.parent.mkdir(parents=True, exist_ok=True)
    foreign.write_text("an operator's file")
    os.utime(foreign, (time.time() - 30 * DAY,) * 2)
    media_sweep.remove_orphans(session, store, media_sweep.find_orphans(session, store))
    assert foreign.exists()


def test_a_running_backup_still_gets_the_removed_files(session, store, catalog):
    _, stray = catalog
    (store.root / media_hold.MARKER).touch()  # a backup is copying the media folder
    media_sweep.remove_orphans(session, store, media_sweep.find_orphans(session, store))
    assert not store.exists(stray["old"])
    assert (store.root / media_hold.HELD / stray["old"]).is_file()


def test_a_cutoff_under_an_hour_is_refused(session, store, catalog):
    with pytest.raises(Invalid, match="older than 1 hour"):
        media_sweep.find_orphans(session, store, older_than=timedelta(minutes=59))
    report = media_sweep.find_orphans(session, store, older_than=timedelta(days=3))
    assert report.files == []  # everything here is two days old at most


@pytest.mark.postgres
def test_on_postgresql_keys_in_any_text_or_json_column_are_found(pg_session, store):
    kept, jsonb, stray = _stored(store), _stored(store, "images", "png"), _stored(store)
    artist = make_artist(pg_session)
    make_track(pg_session, artist_id=artist.id, audio_key=kept)
    pg_session.exec(text("CREATE TABLE plugin_notes (id SERIAL PRIMARY KEY, payload JSONB, kind VARCHAR(20))"))
    pg_session.exec(text("INSERT INTO plugin_notes (payload, kind) VALUES (CAST(:p AS JSONB), 'x')"),
                    params={"p": f'{{"picture": "{jsonb}"}}'})
    pg_session.commit()
    try:
        report = media_sweep.find_orphans(pg_session, store)
        assert [f.key for f in report.files] == [stray]
        media_sweep.remove_orphans(pg_session, store, report)
        assert store.exists(kept) and store.exists(jsonb) and not store.exists(stray)
    finally:
        pg_session.exec(text("DROP TABLE plugin_notes"))
        pg_session.commit()
