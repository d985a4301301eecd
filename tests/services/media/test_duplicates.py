"""Content hashes: recorded by ingestion, looked up per artist or catalog-wide, backfilled."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import event
from sqlmodel import select

from spoticlone.models import ArtistProfile, Track
from spoticlone.services.core.errors import NotFound
from spoticlone.services.media.duplicates import backfill_hashes, track_with_audio, unhashed_track_ids
from spoticlone.services.media.ingestion import IngestOverrides, ingest_file, ingest_staged
from spoticlone.services.media.staging import stage_audio
from tests.factories import make_artist, make_track


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ingestion_records_the_hash_of_the_audio(session, store, audio_samples):
    result = ingest_file(session, store=store, source=audio_samples["flac"])
    track = session.get(Track, result.track_id)
    assert track.audio_sha256 == sha(audio_samples["flac"])
    assert hashlib.sha256(store.path(track.audio_key).read_bytes()).hexdigest() == track.audio_sha256


def test_a_hash_given_by_the_caller_is_kept_lowercase(session, store, audio_samples):
    given = sha(audio_samples["wav"]).upper()
    result = ingest_file(session, store=store, source=audio_samples["wav"], sha256=given)
    assert session.get(Track, result.track_id).audio_sha256 == given.lower()


def test_track_with_audio_per_artist_and_in_the_catalog(session, store, audio_samples):
    mine = make_artist(session)
    other = make_artist(session)
    result = ingest_file(session, store=store, source=audio_samples["mp3"],
                         overrides=IngestOverrides(artist_id=mine.id))
    digest = sha(audio_samples["mp3"])

    found = track_with_audio(session, artist_id=mine.id, sha256=digest)
    assert found is not None and found.track_id == result.track_id
    assert (found.artist_id, found.artist_name, found.status) == (mine.id, mine.stage_name, "published")
    assert track_with_audio(session, sha256=digest.upper()).track_id == result.track_id
    assert track_with_audio(session, artist_id=other.id, sha256=digest) is None
    assert track_with_audio(session, sha256=sha(audio_samples["flac"])) is None
    assert track_with_audio(session, sha256="") is None


def test_deleted_tracks_no_longer_count(session, store, audio_samples):
    result = ingest_file(session, store=store, source=audio_samples["ogg"])
    session.delete(session.get(Track, result.track_id))
    session.commit()
    assert track_with_audio(session, sha256=sha(audio_samples["ogg"])) is None


def test_backfill_hashes_old_tracks_and_counts_missing_files(session, store, audio_samples):
    key = store.put_file("audio", "flac", audio_samples["flac"])
    stored = make_track(session, audio_key=key, audio_format="flac")
    lost = make_track(session)  # its audio key names no file
    hashed_already = make_track(session, audio_sha256="ab" * 32)
    assert set(unhashed_track_ids(session)) == {stored.id, lost.id}

    progress = []
    assert backfill_hashes(session, store=store, progress=lambda done, total: progress.append((done, total))) == (1, 1)
    session.expire_all()
    assert session.get(Track, stored.id).audio_sha256 == sha(audio_samples["flac"])
    assert session.get(Track, lost.id).audio_sha256 is None
    assert session.get(Track, hashed_already.id).audio_sha256 == "ab" * 32
    assert progress[-1] == (2, 2)


def test_staged_audio_is_removed_when_its_rows_cannot_be_written(session, store, settings, audio_samples):
    staged = stage_audio(store=store, source=audio_samples["mp3"])
    assert store.exists(staged.audio_key)
    with pytest.raises(NotFound):
        ingest_staged(session, store=store, staged=staged, overrides=IngestOverrides(artist_id=123456))
    assert not store.exists(staged.audio_key)
    assert session.exec(select(Track)).all() == []


def test_rows_matched_in_a_rolled_back_ingest_are_not_reused(session, store, audio_samples):
    """Ingestion remembers matched artists per session; a rollback must make it forget them."""
    def fail(_session):
        raise RuntimeError("database went away")

    event.listen(session, "before_commit", fail)
    try:
        with pytest.raises(RuntimeError):
            ingest_file(session, store=store, source=audio_samples["flac"])
    finally:
        event.remove(session, "before_commit", fail)
    result = ingest_file(session, store=store, source=audio_samples["flac"])
    again = ingest_file(session, store=store, source=audio_samples["wav"])
    artist = session.get(ArtistProfile, result.artist_id)
    assert artist is not None and result.created_artist
    assert again.artist_id == result.artist_id and not again.created_artist
    assert session.get(Track, again.track_id).artist_id == artist.id
