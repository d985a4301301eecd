"""The SQLite connection settings we rely on for integrity and concurrency."""

import sqlalchemy
from sqlmodel import Session, select

from spoticlone.models import Album, Track
from tests import factories


def test_every_sqlite_connection_has_foreign_keys_wal_and_busy_timeout(engine):
    with engine.connect() as conn:
        assert conn.execute(sqlalchemy.text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(sqlalchemy.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sqlalchemy.text("PRAGMA busy_timeout")).scalar() == 5000


def test_deleting_an_artist_cascades_to_albums_and_tracks(engine):
    with Session(engine) as session:
        artist = factories.make_artist(session)
        album = factories.make_album(session, artist_id=artist.id)
        factories.make_track(session, artist_id=artist.id, album_id=album.id)
        session.delete(artist)
        session.commit()
    with Session(engine) as session:
        assert session.exec(select(Track)).all() == []
        assert session.exec(select(Album)).all() == []


def test_deleting_an_album_keeps_its_tracks_as_loose_tracks(engine):
    with Session(engine) as session:
        album = factories.make_album(session)
        track_id = factories.make_track(session, artist_id=album.artist_id, album_id=album.id).id
        session.delete(album)
        session.commit()
    with Session(engine) as session:
        assert session.get(Track, track_id).album_id is None
