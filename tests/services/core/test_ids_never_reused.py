"""Ids that appear in URLs are never handed to a new row after a delete.

SQLite's default rowid is ``max(id) + 1``: deleting the newest playlist gave its number
to the next one, and an old share link ``/playlist/90-...`` opened a different playlist.
These tests cover both ways a database comes to exist: ``create_schema`` (tests) and the
real migrations, including a database created before the AUTOINCREMENT revision.
"""

from __future__ import annotations

import sqlalchemy
from reflex import model as reflex_model
from sqlalchemy import text
from sqlmodel import Session

from spoticlone.db import create_schema, make_engine
from spoticlone.services.library.playlists import manage, tracks as playlists_tracks
from spoticlone.services.search import engine as search_engine
from tests.factories import make_account, make_album, make_artist, make_genre, make_track

URL_TABLES = ("user", "artistprofile", "genre", "album", "track", "playlist", "playlisttrack")


def test_a_deleted_playlists_number_is_not_reused(session):
    owner = make_account(session)
    first = manage.create_playlist(session, actor=owner, name="Road trip")
    manage.delete_playlist(session, actor=owner, playlist_id=first.id)
    second = manage.create_playlist(session, actor=owner, name="Road trip")
    assert second.id != first.id


def test_deleted_catalog_ids_are_not_reused(session):
    track = make_track(session)
    album = make_album(session)
    for row in (track, album):
        session.delete(row)
    session.commit()
    assert make_track(session).id > track.id
    assert make_album(session).id > album.id


def _copy_rows(source, target, tables) -> None:
    """Copy every row of ``tables`` (in order, parents first), keeping the target's columns only."""
    with source.connect() as read, target.begin() as write:
        for name in tables:
            columns = [c["name"] for c in sqlalchemy.inspect(write).get_columns(name)]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = read.execute(text(f'SELECT {quoted} FROM "{name}"')).mappings().all()
            if rows:
                marks = ", ".join(f":{c}" for c in columns)
                write.execute(text(f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})'), [dict(r) for r in rows])


def _autoincrement_tables(conn) -> set[str]:
    rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all()
    return {name for name, sql in rows if "AUTOINCREMENT" in (sql or "").upper()}


def test_upgrading_an_older_database_keeps_every_row_and_link(tmp_path):
    """The rebuild keeps ids and child rows (no cascade fires) and search keeps working."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    # `reflex db migrate` connects without foreign-key enforcement; so does this test's
    # migration connection (a plain engine), while the data is written with our engine.
    plain = sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with plain.connect() as conn:
        reflex_model._alembic_upgrade(connection=conn, to_rev="c3a9d2e4f5b6")
        conn.commit()
        assert not _autoincrement_tables(conn) & set(URL_TABLES)

    # The rows are made with today's models in a database of today's schema, then copied
    # into the old one column by column (only the columns it has): today's models cannot
    # write to a schema that lacks their newer columns.
    current = make_engine(f"sqlite:///{tmp_path / 'current.db'}")
    create_schema(current)
    with Session(current, expire_on_commit=False) as s:
        owner = make_account(s)
        genre = make_genre(s, name="Shoegaze")
        artist = make_artist(s, stage_name="Velvet Static")
        album = make_album(s, artist_id=artist.id, title="Slow Tides", genre_id=genre.id)
        tracks = [make_track(s, artist_id=artist.id, album_id=album.id, title=f"Undertow {i}")
                  for i in range(3)]
        kept = manage.create_playlist(s, actor=owner, name="Keep me")
        playlists_tracks.add_tracks(s, actor=owner, playlist_id=kept.id,
                                   track_ids=[t.id for t in tracks])
    _copy_rows(current, engine, URL_TABLES)
    with engine.connect() as conn:
        before = {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in URL_TABLES}

    with plain.connect() as conn:
        reflex_model._alembic_upgrade(connection=conn)
        conn.commit()
        assert set(URL_TABLES) <= _autoincrement_tables(conn)

    with engine.connect() as conn:
        after = {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in URL_TABLES}
        assert after == before
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    with Session(engine, expire_on_commit=False) as s:
        detail = playlists_tracks.playlist_detail(s, actor=owner, playlist_id=kept.id)
        assert detail.total == 3
        # The search triggers were recreated: a new track is found, the old ones still are.
        make_track(s, artist_id=artist.id, title="Brand new riptide")
        assert search_engine.search(s, query="riptide").tracks
        assert search_engine.search(s, query="undertow").tracks
        newest = manage.create_playlist(s, actor=owner, name="Delete me")
        manage.delete_playlist(s, actor=owner, playlist_id=newest.id)
        again = manage.create_playlist(s, actor=owner, name="After upgrade")
        assert again.id > newest.id
