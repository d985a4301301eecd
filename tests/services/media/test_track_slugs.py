"""Track slugs remembered across a bulk import's commits: each slug read once, new ones still seen."""

from __future__ import annotations

from sqlalchemy import event
from sqlmodel import Session

from spoticlone.services.media import matching
from tests.factories import make_artist, make_track


def test_each_transaction_reads_only_the_tracks_added_since_the_last(session):
    artist = make_artist(session)
    for n in range(30):
        make_track(session, artist_id=artist.id, title=f"Song {n}")
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        if "track.slug \nFROM track" in statement:  # a read of slugs (not a whole row)
            statements.append(statement)

    def write(title):  # a track with the slug ``track_slug`` chose, as the import writes it
        return make_track(session, artist_id=artist.id, title=title,
                          slug=matching.track_slug(session, title, artist.id)).slug

    event.listen(session.get_bind(), "before_cursor_execute", count)
    try:
        assert write("Song 1") == "song-1-2"  # committed: the import's batch
        with Session(session.get_bind()) as other:  # someone else's, committed between two batches
            make_track(other, artist_id=artist.id, title="Song 1", slug="song-1-3")
        assert write("Song 1") == "song-1-4"
        assert write("Song 1") == "song-1-5"
    finally:
        event.remove(session.get_bind(), "before_cursor_execute", count)
    full = [s for s in statements if "track.id >" not in s]
    assert len(full) == 1  # the artist's slugs were read in full once, not once per transaction
    assert len(statements) == 3  # then only what is newer, in each later transaction


def test_a_rollback_forgets_the_slugs_chosen_in_it(session):
    artist = make_artist(session)
    assert matching.track_slug(session, "Song", artist.id) == "song"
    session.rollback()
    matching.forget_matches(session)
    assert matching.track_slug(session, "Song", artist.id) == "song"
