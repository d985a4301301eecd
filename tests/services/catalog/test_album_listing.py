"""Each album's count of published tracks, kept by the database's triggers on both dialects.

Every way a track enters or leaves the listener's view changes the count: inserting it
published, publishing a draft, taking it down, moving it to another album, deleting it, and
deleting its album. The album lists read only the count, so a wrong one hides an album or
shows an empty one.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from spoticlone.models import Album, Track, TrackStatus
from spoticlone.services.catalog import album_listing, browse
from tests import factories

BOTH = ["session", pytest.param("pg_session", marks=pytest.mark.postgres)]


def _counts(session: Session, *albums: Album) -> list[int]:
    session.expire_all()
    return [session.exec(select(Album.listed_tracks).where(Album.id == album.id)).one() for album in albums]


def _listed(session: Session) -> list[int]:
    return [album.id for album in browse.list_albums(session, page_size=50, order="title").items]


@pytest.mark.parametrize("which", BOTH)
def test_every_change_of_a_track_moves_its_albums_count(request, which):
    session: Session = request.getfixturevalue(which)
    artist = factories.make_artist(session)
    first = factories.make_album(session, artist_id=artist.id, title="A first")
    second = factories.make_album(session, artist_id=artist.id, title="B second")
    song = factories.make_track(session, artist_id=artist.id, album_id=first.id)
    draft = factories.make_track(session, artist_id=artist.id, album_id=first.id, status=TrackStatus.DRAFT)
    assert _counts(session, first, second) == [1, 0]
    assert _listed(session) == [first.id]

    draft.status = TrackStatus.PUBLISHED
    session.add(draft)
    session.commit()
    assert _counts(session, first, second) == [2, 0]

    song = session.get(Track, song.id)
    song.status = TrackStatus.HIDDEN
    song.title = "Renamed while hidden"  # other columns in the same UPDATE change nothing
    session.add(song)
    session.commit()
    assert _counts(session, first, second) == [1, 0]

    draft = session.get(Track, draft.id)
    draft.album_id = second.id
    session.add(draft)
    session.commit()
    assert _counts(session, first, second) == [0, 1]
    assert _listed(session) == [second.id]

    draft = session.get(Track, draft.id)
    draft.play_count = 5  # an update of other columns only
    session.add(draft)
    session.commit()
    assert _counts(session, first, second) == [0, 1]

    session.delete(session.get(Track, draft.id))
    session.commit()
    assert _counts(session, first, second) == [0, 0]
    assert _listed(session) == []

    again = factories.make_track(session, artist_id=artist.id, album_id=second.id)
    session.delete(session.get(Album, second.id))  # the track stays, without an album
    session.commit()
    session.expire_all()
    assert session.get(Track, again.id).album_id is None
    assert _counts(session, first) == [0]


@pytest.mark.parametrize("which", BOTH)
def test_install_recounts_what_a_bulk_load_left(request, which):
    session: Session = request.getfixturevalue(which)
    album = factories.make_album(session)
    conn = session.connection()
    album_listing.uninstall(conn)
    factories.make_track(session, artist_id=album.artist_id, album_id=album.id)
    assert _counts(session, album) == [0]  # no triggers: the count is behind
    conn = session.connection()
    album_listing.install(conn)
    album_listing.install(conn)  # idempotent
    session.commit()
    assert _counts(session, album) == [1]
    factories.make_track(session, artist_id=album.artist_id, album_id=album.id)
    assert _counts(session, album) == [2]  # the triggers are back


def test_the_album_lists_read_the_partial_index(session):
    """SQLite picks the listed-albums index for both orders (no sort of the whole table)."""
    for order in ("release_date DESC, id DESC", "title, id"):
        plan = session.connection().execute(text(
            f"EXPLAIN QUERY PLAN SELECT id FROM album WHERE listed_tracks > 0 ORDER BY {order} LIMIT 24"
        )).all()
        details = " ".join(str(row[-1]) for row in plan)
        assert "ix_album_listed_" in details and "TEMP B-TREE" not in details, details
