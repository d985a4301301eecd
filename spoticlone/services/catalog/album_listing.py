"""How many published tracks each album has, kept in ``album.listed_tracks`` by the database.

The album lists show only albums with at least one published track. Asking that of every
album with ``EXISTS`` costs one index probe per album walked: at 100,000 albums on
PostgreSQL the total alone took 80 ms and a middle page 2.4× the first one. With the count
on the album row, the lists read a partial index of listed albums (``ix_album_listed_*``)
and never touch the tracks.

Triggers keep the count, not the services, so no writer can forget it: publishing,
scheduled releases coming out, takedowns, hiding, moving a track to another album, deleting
it, raw SQL and restores alike. ``install`` (re)creates them and recounts every album from
the tracks, so it also repairs a count after a bulk load that ran without them
(``uninstall`` first, load, ``install``, as the benchmarks do). It is idempotent and is run
by ``create_schema`` and by the migration that added the column.

A SQLite migration that rebuilds ``track`` or ``album`` must ``drop_triggers`` first and
``install`` afterwards (SQLite checks every trigger when a table is renamed), as it does for
the search index's triggers.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

#: How SQLAlchemy stores ``TrackStatus.PUBLISHED`` (the enum's name) in both dialects.
PUBLISHED = "PUBLISHED"

_IS_LISTED_OLD = f"OLD.status = '{PUBLISHED}' AND OLD.album_id IS NOT NULL"
_IS_LISTED_NEW = f"NEW.status = '{PUBLISHED}' AND NEW.album_id IS NOT NULL"
_TAKE = "UPDATE album SET listed_tracks = listed_tracks - 1 WHERE id = OLD.album_id"
_ADD = "UPDATE album SET listed_tracks = listed_tracks + 1 WHERE id = NEW.album_id"

_SQLITE_TRIGGERS = {
    "album_listing_insert": f"AFTER INSERT ON track WHEN {_IS_LISTED_NEW} BEGIN {_ADD}; END",
    "album_listing_delete": f"AFTER DELETE ON track WHEN {_IS_LISTED_OLD} BEGIN {_TAKE}; END",
    "album_listing_update": (
        f"AFTER UPDATE OF status, album_id ON track WHEN ({_IS_LISTED_OLD}) OR ({_IS_LISTED_NEW}) "
        f"BEGIN {_TAKE} AND {_IS_LISTED_OLD}; {_ADD} AND {_IS_LISTED_NEW}; END"
    ),
}

_PG_FUNCTION = "spoticlone_album_listing"
_PG_TRIGGER = "album_listing"
_PG_BODY = f"""
CREATE OR REPLACE FUNCTION {_PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status IS NOT DISTINCT FROM NEW.status
            AND OLD.album_id IS NOT DISTINCT FROM NEW.album_id THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND {_IS_LISTED_OLD} THEN
        {_TAKE};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND {_IS_LISTED_NEW} THEN
        {_ADD};
    END IF;
    RETURN NULL;
END $$
"""

_RECOUNT = text(
    "UPDATE album SET listed_tracks = COALESCE((SELECT count(*) FROM track "
    f"WHERE track.album_id = album.id AND track.status = '{PUBLISHED}'), 0)"
)


def drop_triggers(conn: Connection) -> None:
    """Drop the triggers (the count stays as it is until ``install`` recounts)."""
    if conn.dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(f"DROP TRIGGER IF EXISTS {_PG_TRIGGER} ON track"))


def install(conn: Connection) -> None:
    """Create the triggers and recount every album from its tracks."""
    drop_triggers(conn)
    if conn.dialect.name == "sqlite":
        for name, body in _SQLITE_TRIGGERS.items():
            conn.execute(text(f"CREATE TRIGGER {name} {body}"))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(_PG_BODY))
        conn.execute(text(
            f"CREATE TRIGGER {_PG_TRIGGER} AFTER INSERT OR DELETE OR UPDATE OF status, album_id ON track "
            f"FOR EACH ROW EXECUTE FUNCTION {_PG_FUNCTION}()"
        ))
    conn.execute(_RECOUNT)


def uninstall(conn: Connection) -> None:
    """Drop the triggers and the function (the migration's downgrade; bulk loads)."""
    drop_triggers(conn)
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"DROP FUNCTION IF EXISTS {_PG_FUNCTION}()"))
