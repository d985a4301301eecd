"""The bulk import's batch write path: the same rows and search index rows as one file at a time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from spoticlone.models import ArtistProfile, Track, TrackFeaturedArtist, TrackStatus
from spoticlone.services.media.batch_ingest import write_batch
from spoticlone.services.media.duplicates import KnownAudio, hash_file
from spoticlone.services.media.ingestion import IngestOverrides, write_staged
from spoticlone.services.media.staging import stage_audio
from spoticlone.services.search import engine as search_engine, index
from tests.factories import make_track

FORMATS = ("flac", "mp3", "wav", "ogg")
#: Columns that differ between two imports of the same file by design.
OWN = {"id", "slug", "audio_key", "album_id", "created_at"}
INDEX_TABLES = ("search_index", "search_lyrics", "search_hot")


def _staged(store, audio_samples):
    return [stage_audio(store=store, source=audio_samples[fmt]) for fmt in FORMATS]


def _columns(track: Track) -> dict:
    return {k: v for k, v in track.model_dump().items() if k not in OWN}


def _index_rows(session) -> dict[str, list]:
    connection = session.connection()
    return {table: sorted(connection.exec_driver_sql(f"SELECT rowid, * FROM {table}").all())
            for table in INDEX_TABLES}


def _trigger_sql(session) -> str:
    return session.connection().exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'search_track_ai'").scalar_one()


def test_a_batch_writes_the_rows_one_file_at_a_time_would(session, store, audio_samples):
    overrides = IngestOverrides(featured_artists=("Guest Voice", "Sine Artist", "guest voice"))
    batch = write_batch(session, store=store, items=_staged(store, audio_samples), overrides=overrides,
                        status=TrackStatus.DRAFT)
    session.commit()
    single = [write_staged(session, store=store, staged=s, overrides=overrides, status=TrackStatus.DRAFT)
              for s in _staged(store, audio_samples)]
    session.commit()

    tracks = {t.id: t for t in session.exec(select(Track)).all()}
    assert len(tracks) == 2 * len(FORMATS)
    for bulk, one in zip(batch, single, strict=True):
        assert _columns(tracks[bulk.track_id]) == _columns(tracks[one.track_id])
        assert (bulk.title, bulk.artist_name, bulk.audio_format, bulk.duration_ms, bulk.warnings) == (
            one.title, one.artist_name, one.audio_format, one.duration_ms, one.warnings)
        assert bulk.album_id == one.album_id and bulk.stored_keys[0] == bulk.audio_key
    assert len({t.slug for t in tracks.values()}) == len(tracks)  # every "Sine Song" has its own slug
    guest = session.exec(select(ArtistProfile).where(ArtistProfile.stage_name == "Guest Voice")).one()
    links = session.exec(select(TrackFeaturedArtist)).all()
    assert sorted(link.track_id for link in links) == sorted(tracks)  # each track once, its own artist never
    assert {link.artist_id for link in links} == {guest.id}


def test_a_batch_of_tracks_is_one_insert(session, store, audio_samples):
    staged = _staged(store, audio_samples)
    inserts = []

    def count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("INSERT INTO TRACK "):
            inserts.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        write_batch(session, store=store, items=staged, overrides=IngestOverrides(), status=TrackStatus.PUBLISHED)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    session.commit()
    assert len(inserts) == 1 and len(session.exec(select(Track)).all()) == len(FORMATS)


def test_imported_tracks_are_indexed_and_found_as_the_trigger_would(session, store, audio_samples):
    """The batch indexes its tracks in set-based statements: the rows equal a full rebuild's, the
    trigger is back unchanged afterwards, and search finds the tracks (drafts stay out)."""
    trigger = _trigger_sql(session)
    published = write_batch(session, store=store, items=_staged(store, audio_samples),
                            overrides=IngestOverrides(album="Waveforms"), status=TrackStatus.PUBLISHED)
    drafts = write_batch(session, store=store, items=_staged(store, audio_samples),
                         overrides=IngestOverrides(title="Unreleased Demo"), status=TrackStatus.DRAFT)
    session.commit()

    by_batch = _index_rows(session)
    fresh = {w for (w,) in session.connection().exec_driver_sql("SELECT words FROM search_fresh").all()}
    assert {r.title for r in published} <= fresh and "Unreleased Demo" not in fresh
    assert _trigger_sql(session) == trigger
    index.reindex_all(session)
    assert _index_rows(session) == by_batch
    assert len(by_batch["search_lyrics"]) >= 1  # the FLAC's lyrics

    found = search_engine.search(session, query="sine song waveforms", limit_per_group=10)
    assert {t.id for t in found.tracks} == {r.track_id for r in published}
    assert search_engine.search(session, query="unreleased demo").tracks == []
    later = make_track(session, title="Zebra Crossing")  # one row at a time: the trigger again
    assert [t.id for t in search_engine.search(session, query="zebra").tracks] == [later.id]
    assert drafts and all(r.track_id not in by_batch for r in drafts)


def _schema_version(session) -> int:
    return session.connection().exec_driver_sql("PRAGMA schema_version").scalar_one()


def test_a_batch_changes_no_schema_and_leaves_the_trigger_on(session, store, audio_samples):
    """The insert trigger is silenced by a row of this transaction, not dropped: a schema change
    made every other connection re-read the whole schema after each imported batch."""
    before = _schema_version(session)
    seen_by_trigger = []
    event.listen(session.get_bind(), "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: seen_by_trigger.append(statement)
                 if "TRIGGER" in statement.upper() and "sqlite_master" not in statement else None)
    write_batch(session, store=store, items=_staged(store, audio_samples), overrides=IngestOverrides(),
                status=TrackStatus.PUBLISHED)
    session.commit()
    assert _schema_version(session) == before and seen_by_trigger == []
    assert session.connection().exec_driver_sql(f"SELECT count(*) FROM {index.BULK}").scalar_one() == 0
    later = make_track(session, title="Zebra Crossing")  # another writer's row: indexed by the trigger
    assert [t.id for t in search_engine.search(session, query="zebra").tracks] == [later.id]


def test_a_database_whose_trigger_predates_the_flag_is_indexed_by_its_trigger(session, store, audio_samples):
    """Not migrated yet: the batch leaves indexing to the trigger rather than indexing twice."""
    connection = session.connection()
    old = index.sqlite_trigger("search_track_ai").replace(f"WHEN NOT EXISTS (SELECT 1 FROM {index.BULK}) ", "")
    assert old != index.sqlite_trigger("search_track_ai")
    connection.exec_driver_sql("DROP TRIGGER search_track_ai")
    connection.exec_driver_sql(f"CREATE TRIGGER search_track_ai {old}")
    session.commit()
    write_batch(session, store=store, items=_staged(store, audio_samples), overrides=IngestOverrides(),
                status=TrackStatus.PUBLISHED)
    session.commit()
    by_batch = _index_rows(session)
    index.reindex_all(session)
    assert _index_rows(session) == by_batch and len(by_batch["search_index"]) >= len(FORMATS)


def test_a_failed_batch_leaves_the_trigger_and_no_covers(session, store, audio_samples):
    trigger = _trigger_sql(session)
    staged = _staged(store, audio_samples)
    session.connection().exec_driver_sql(
        "CREATE TRIGGER refuse_wav BEFORE INSERT ON track WHEN NEW.audio_format = 'wav' "
        "BEGIN SELECT RAISE(ABORT, 'simulated'); END")
    session.commit()
    with pytest.raises(IntegrityError), session.begin_nested():
        write_batch(session, store=store, items=staged, overrides=IngestOverrides(), status=TrackStatus.PUBLISHED)
    session.commit()
    assert _trigger_sql(session) == trigger
    assert session.connection().exec_driver_sql(f"SELECT count(*) FROM {index.BULK}").scalar_one() == 0
    assert session.exec(select(Track)).all() == []
    assert list(store.root.glob("covers/**/*.*")) == []  # the covers it stored were deleted


def test_known_audio_answers_from_many_threads(session, store, audio_samples, engine):
    track = make_track(session, audio_sha256=hash_file(audio_samples["flac"]))
    known = KnownAudio(engine)
    try:
        with ThreadPoolExecutor(max_workers=3) as pool:
            answers = list(pool.map(lambda fmt: hash_file(audio_samples[fmt]) in known, FORMATS * 3))
        assert answers == [fmt == "flac" for fmt in FORMATS] * 3
        assert track.audio_sha256.upper() in known and "" not in known and None not in known
        make_track(session, audio_sha256=hash_file(audio_samples["wav"]))  # committed meanwhile: seen at once
        assert hash_file(audio_samples["wav"]) in known
    finally:
        known.close()
