"""The migration that lets playlist rows outlive their songs, on SQLite and PostgreSQL.

A database at the revision before it gets a playlist; after the upgrade every row carries
the snapshot of its song, deleting a song keeps the row (``ON DELETE SET NULL``) and, on
SQLite, the rebuilt table keeps ``AUTOINCREMENT`` and the search triggers. The downgrade
drops the rows without a song (the older schema cannot hold them) and keeps the rest.
"""

from __future__ import annotations

import pytest
import sqlalchemy
from reflex import model as reflex_model
from sqlalchemy import text
from sqlmodel import Session

from spoticlone.db import create_schema, make_engine
from spoticlone.services.library.playlists import manage, tracks
from tests import factories
from tests.pg import postgres_schema

BEFORE = "a6b7c8d9e0f2"
THIS = "b7c8d9e0f1a3"
TABLES = ("user", "artistprofile", "album", "track", "playlist", "playlisttrack")


def _copy_rows(source, target) -> None:
    """Copy ``TABLES`` (parents first) keeping only the target's columns, with reflected types."""
    with source.connect() as read, target.begin() as write:
        for name in TABLES:
            src = sqlalchemy.Table(name, sqlalchemy.MetaData(), autoload_with=read)
            dst = sqlalchemy.Table(name, sqlalchemy.MetaData(), autoload_with=write)
            wanted = [c.name for c in dst.columns if c.name in src.columns]
            rows = [dict(r) for r in read.execute(sqlalchemy.select(*[src.c[c] for c in wanted])).mappings()]
            if rows:
                write.execute(dst.insert(), rows)


def _world(tmp_path):
    """A current-schema SQLite database with a playlist of two songs, and the songs."""
    current = make_engine(f"sqlite:///{tmp_path / 'current.db'}")
    create_schema(current)
    with Session(current, expire_on_commit=False) as s:
        owner = factories.make_user(s, username="owner")
        artist = factories.make_artist(s, stage_name="Velvet Static")
        songs = [factories.make_track(s, artist_id=artist.id, title=f"Undertow {i}", duration_ms=61_000 + i)
                 for i in range(2)]
        playlist = manage.create_playlist(s, actor=owner, name="Keep me")
        tracks.add_tracks(s, actor=owner, playlist_id=playlist.id, track_ids=[t.id for t in songs])
    return current, songs


def _snapshots(conn) -> list[tuple]:
    return [tuple(r) for r in conn.execute(text(
        "SELECT track_id, track_title, artist_name, duration_ms FROM playlisttrack ORDER BY position"))]


def _triggers(conn) -> set[str]:
    return set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())


def _check_upgrade(conn, songs) -> None:
    assert _snapshots(conn) == [(s.id, s.title, "Velvet Static", s.duration_ms) for s in songs]


def test_migration_fills_snapshots_and_keeps_rows_on_sqlite(tmp_path):
    current, songs = _world(tmp_path)
    url = f"sqlite:///{tmp_path / 'old.db'}"
    plain = sqlalchemy.create_engine(url)  # `reflex db migrate` connects like this
    with plain.connect() as conn:
        reflex_model._alembic_upgrade(connection=conn, to_rev=BEFORE)
        conn.commit()
    _copy_rows(current, plain)
    with plain.connect() as conn:
        triggers = _triggers(conn)
        assert triggers
        reflex_model._alembic_upgrade(connection=conn, to_rev=THIS)
        conn.commit()
        _check_upgrade(conn, songs)
        schema = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'playlisttrack'")).scalar()
        assert "AUTOINCREMENT" in schema.upper() and "SET NULL" in schema.upper()

    engine = make_engine(url)  # foreign keys enforced, as the app runs
    with engine.connect() as conn:
        conn.execute(text("DELETE FROM track WHERE id = :id"), {"id": songs[0].id})
        conn.commit()
        assert _snapshots(conn) == [(None, "Undertow 0", "Velvet Static", 61_000),
                                    (songs[1].id, "Undertow 1", "Velvet Static", 61_001)]
        assert _triggers(conn) == triggers  # the search triggers came back after the rebuild
    engine.dispose()

    with plain.connect() as conn:
        _downgrade(conn, BEFORE)
        conn.commit()
        assert [r[0] for r in conn.execute(text("SELECT track_id FROM playlisttrack"))] == [songs[1].id]
        columns = {c["name"] for c in sqlalchemy.inspect(conn).get_columns("playlisttrack")}
        assert "track_title" not in columns


def _downgrade(conn, to_rev: str) -> None:
    """Reflex only upgrades; this runs Alembic's downgrade the same way."""
    import alembic.runtime.environment

    config, script = reflex_model._alembic_config()
    with alembic.runtime.environment.EnvironmentContext(
        config=config, script=script, fn=lambda rev, _context: script._downgrade_revs(to_rev, rev),
    ) as env:
        env.configure(connection=conn)
        env.run_migrations()


@pytest.mark.postgres
def test_migration_fills_snapshots_and_keeps_rows_on_postgres(tmp_path):
    current, songs = _world(tmp_path)
    with postgres_schema("mig") as pg:
        with pg.connect() as conn:
            reflex_model._alembic_upgrade(connection=conn, to_rev=BEFORE)
            conn.commit()
        _copy_rows(current, pg)
        with pg.connect() as conn:
            reflex_model._alembic_upgrade(connection=conn, to_rev=THIS)
            conn.commit()
            _check_upgrade(conn, songs)
            conn.execute(text("DELETE FROM track WHERE id = :id"), {"id": songs[1].id})
            conn.execute(text("INSERT INTO playevent (track_id, source, started_at, ms_played, counted, "
                              "completed, skipped, anonymous_session) "
                              "VALUES (:t, 'SHARE', now(), 0, false, false, false, 'anon-token-mig-01')"),
                         {"t": songs[0].id})
            conn.commit()
            assert _snapshots(conn) == [(songs[0].id, "Undertow 0", "Velvet Static", 61_000),
                                        (None, "Undertow 1", "Velvet Static", 61_001)]
            _downgrade(conn, BEFORE)
            conn.commit()
            assert [r[0] for r in conn.execute(text("SELECT track_id FROM playlisttrack"))] == [songs[0].id]
            assert conn.execute(text("SELECT source FROM playevent")).scalar() == "OTHER"
