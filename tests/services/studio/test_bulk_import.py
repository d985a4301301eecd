"""The operators' bulk import: every file imported, skipped as a duplicate, or refused with a reason."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlmodel import col, func, select

from spoticlone.models import ArtistProfile, Track, TrackStatus
from spoticlone.services.core.errors import NotFound
from spoticlone.services.media.staging import NOT_AUDIO
from spoticlone.services.studio.bulk_import import UNEXPECTED, UNSAVED, import_files, resolve_artist
from tests.factories import make_artist, make_track


def audio_files(store) -> list:
    folder = store.root / "audio"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def files_of(folder) -> list:
    return [(path, None) for path in sorted(folder.iterdir())]


def test_each_file_is_imported_skipped_or_refused_with_its_reason(session, store, folder):
    seen = []
    files = [*files_of(folder), (folder / "gone.flac", "no such file or folder")]
    summary = import_files(session, store=store, files=files, progress=seen.append)

    assert summary.imported == 3
    assert [d.path.name for d in summary.duplicates] == ["song.flac"]  # same bytes as same-song-again.flac
    assert summary.refused == {
        NOT_AUDIO: [folder / "notes.mp3"],
        "This file is empty. Please choose an audio file (MP3, FLAC, Ogg, Opus, WAV, M4A).": [folder / "empty.ogg"],
        "no such file or folder": [folder / "gone.flac"],
    }
    assert summary.total == len(files) == len(seen) and summary.refused_count == 3
    assert [o.path for o in seen] == [path for path, _ in files]  # in the order given
    tracks = session.exec(select(Track)).all()
    assert len(tracks) == 3 and {t.status for t in tracks} == {TrackStatus.PUBLISHED}
    assert len(audio_files(store)) == 3  # the duplicate's staged copy was removed
    duplicate = summary.duplicates[0]
    assert duplicate.track_id in {t.id for t in tracks} and " - " in duplicate.label


def test_a_second_run_adds_nothing(session, store, folder):
    import_files(session, store=store, files=files_of(folder))
    again = import_files(session, store=store, files=files_of(folder))
    assert again.imported == 0 and len(again.duplicates) == 4 and again.refused_count == 2
    assert len(session.exec(select(Track)).all()) == 3
    assert len(audio_files(store)) == 3


def test_an_import_for_an_artist_ignores_the_tags_artist(session, store, folder):
    artist = make_artist(session, stage_name="Chosen Artist")
    summary = import_files(session, store=store, files=files_of(folder), artist_id=artist.id,
                           status=TrackStatus.DRAFT)
    assert summary.imported == 3
    tracks = session.exec(select(Track)).all()
    assert {t.artist_id for t in tracks} == {artist.id} and {t.status for t in tracks} == {TrackStatus.DRAFT}
    names = {a.stage_name for a in session.exec(select(ArtistProfile)).all()}
    assert "Sine Artist" not in names  # the tags' artist was not created


def test_an_unknown_artist_refuses_every_file_and_stores_nothing(session, store, folder):
    summary = import_files(session, store=store, files=files_of(folder), artist_id=987654)
    assert summary.imported == 0 and "That artist does not exist." in summary.refused
    assert session.exec(select(Track)).all() == [] and audio_files(store) == []


def test_resolve_artist_by_slug_or_id(session):
    artist = make_artist(session, stage_name="Night Owls")
    assert resolve_artist(session, ref="night-owls").id == artist.id
    assert resolve_artist(session, ref=" NIGHT-OWLS ").id == artist.id
    assert resolve_artist(session, ref=str(artist.id)).slug == "night-owls"
    for ref in ("nobody", "", "99999999999999999999999", str(artist.id + 1000)):
        with pytest.raises(NotFound):
            resolve_artist(session, ref=ref)


def test_an_import_stopped_early_keeps_what_it_reported_and_leaves_no_staged_files(session, store, folder):
    class Stop(KeyboardInterrupt):
        pass

    def stop_after_the_first(outcome):
        raise Stop

    with pytest.raises(Stop):
        import_files(session, store=store, files=files_of(folder)[2:], progress=stop_after_the_first,
                     batch_size=1)
    tracks = session.exec(select(Track)).all()
    assert len(tracks) == 1
    assert audio_files(store) == [store.path(tracks[0].audio_key)]


def _is_track_insert(statement) -> bool:
    return statement.lstrip().upper().startswith("INSERT INTO TRACK ")


def test_an_import_stopped_while_a_batch_is_written_keeps_exactly_what_it_reported(session, store, folder):
    """Ctrl+C while the second batch's tracks are inserted: that batch leaves no rows and no media."""
    class Stop(KeyboardInterrupt):
        pass

    inserts, seen = [], []

    def stop_at_the_second_insert(_conn, _cursor, statement, *_args):
        if _is_track_insert(statement):
            inserts.append(statement)
            if len(inserts) == 2:
                raise Stop

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", stop_at_the_second_insert)
    try:
        with pytest.raises(Stop):
            import_files(session, store=store, files=files_of(folder), progress=seen.append, batch_size=2)
    finally:
        event.remove(engine, "before_cursor_execute", stop_at_the_second_insert)
    reported = {o.track_id for o in seen if o.kind == "imported"}
    tracks = session.exec(select(Track)).all()
    assert len(inserts) == 2 and {t.id for t in tracks} == reported and len(reported) == 1
    assert audio_files(store) == sorted(store.path(t.audio_key) for t in tracks)
    covers = {store.path(t.cover_key) for t in tracks if t.cover_key}
    assert set((store.root / "covers").rglob("*.*")) == covers


def test_a_file_the_database_refuses_inside_a_batch_is_refused_alone(session, store, folder):
    """The batch's insert fails as a whole; written again one file per savepoint, only the mp3 is refused."""
    session.connection().exec_driver_sql(
        "CREATE TRIGGER refuse_mp3 BEFORE INSERT ON track WHEN NEW.audio_format = 'mp3' "
        "BEGIN SELECT RAISE(ABORT, 'simulated refusal of the mp3'); END")
    session.commit()
    summary = import_files(session, store=store, files=files_of(folder))
    assert summary.imported == 2 and summary.refused[UNEXPECTED] == [folder / "song.mp3"]
    tracks = session.exec(select(Track)).all()
    assert sorted(t.audio_format for t in tracks) == ["flac", "wav"]
    assert audio_files(store) == sorted(store.path(t.audio_key) for t in tracks)
    assert len(summary.duplicates) == 1  # the two identical FLACs


def test_a_batch_whose_commit_fails_is_refused_whole_and_stores_nothing(session, store, folder, monkeypatch):
    seen, failed = [], []
    commit = session.commit

    def fail_the_first_batch_with_tracks():
        if not failed and session.exec(select(func.count(col(Track.id)))).one():
            failed.append(session.exec(select(Track.audio_format)).all())
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))
        commit()

    monkeypatch.setattr(session, "commit", fail_the_first_batch_with_tracks)
    summary = import_files(session, store=store, files=files_of(folder), progress=seen.append)
    lost = summary.refused[UNSAVED]
    assert failed and len(lost) >= len(failed[0]) >= 1
    assert [o.path for o in seen] == [path for path, _ in files_of(folder)]  # every file reported, in order
    tracks = session.exec(select(Track)).all()
    assert {t.id for t in tracks} == {o.track_id for o in seen if o.kind == "imported"}
    # (If the batch that failed held only one of the two identical FLACs, the other imports later.)
    assert len(tracks) == summary.imported
    assert audio_files(store) == sorted(store.path(t.audio_key) for t in tracks)
    again = import_files(session, store=store, files=files_of(folder))
    assert len(session.exec(select(Track)).all()) == 3 and len(audio_files(store)) == 3
    assert summary.imported + again.imported == 3


def test_small_batches_import_the_same_as_one_batch(session, store, folder):
    summary = import_files(session, store=store, files=files_of(folder), batch_size=2)
    assert summary.imported == 3 and len(summary.duplicates) == 1 and summary.refused_count == 2
    assert len(session.exec(select(Track)).all()) == 3 and len(audio_files(store)) == 3


@pytest.mark.parametrize("batch_size", [1, 100])
def test_songs_of_the_same_title_get_their_own_slugs_in_one_batch_or_many(session, store, folder, batch_size):
    import_files(session, store=store, files=files_of(folder), batch_size=batch_size)
    tracks = session.exec(select(Track)).all()
    assert {t.title for t in tracks} == {"Sine Song"}
    assert sorted(t.slug for t in tracks) == ["sine-song", "sine-song-2", "sine-song-3"]


def test_slugs_written_by_someone_else_between_two_imports_are_not_reused(session, store, folder):
    """The artist's slugs, remembered across commits, take in the tracks others added in between."""
    import_files(session, store=store, files=[(folder / "song.flac", None)])
    artist = session.exec(select(ArtistProfile).where(ArtistProfile.stage_name == "Sine Artist")).one()
    make_track(session, artist_id=artist.id, title="Sine Song", slug="sine-song-2")
    import_files(session, store=store, files=[(folder / "song.mp3", None)])
    assert sorted(t.slug for t in session.exec(select(Track)).all()) == ["sine-song", "sine-song-2", "sine-song-3"]
