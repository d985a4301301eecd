"""Filling the SQLite search index in set-based statements rather than a trigger per row.

Two writers need it: a full rebuild (``fill``: ``index.install`` and ``index.reindex_all``) and
the bulk import (``tracks_indexed_together``), which would otherwise pay for the track insert
trigger once per row. Both run the very statements ``index`` builds its triggers from, for a
whole selection of rows at once, so the rows they write are the rows the triggers would have
written. The schema, the triggers and the reads stay in ``index``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection

from spoticlone.services.search import index


def fill(conn: Connection) -> None:
    """Rebuild every row of the index, its hot rows and its word table from the catalog tables."""
    conn.execute(text(f"DELETE FROM {index.TABLE}"))
    conn.execute(text(f"DELETE FROM {index.LYRICS}"))
    conn.execute(text(index.track_rows("1 = 1")))
    conn.execute(text(index.lyrics_rows("1 = 1")))
    conn.execute(text(f"INSERT INTO {index.TABLE}(rowid, title, subtitle) "
                      f"SELECT id + {index.kind_range('artist')[0]}, stage_name, '' FROM artistprofile"))
    conn.execute(text(index.album_rows("1 = 1")))
    conn.execute(text(f"INSERT INTO {index.TABLE}(rowid, title, subtitle) "
                      f"SELECT id + {index.kind_range('genre')[0]}, name, '' FROM genre"))
    _fill_hot(conn)
    for table in (index.TABLE, index.LYRICS, index.HOT):
        conn.execute(text(f"INSERT INTO {table}({table}) VALUES ('optimize')"))
    conn.execute(text(f"DELETE FROM {index.TERMS}"))
    conn.execute(text(f"INSERT INTO {index.TERMS}(term) SELECT term FROM {index.VOCAB} WHERE term != ''"))
    conn.execute(text(f"DELETE FROM {index.FRESH}"))


def _fill_hot(conn: Connection) -> None:
    """Choose the threshold (plays of the ``size``-th most played track) and fill ``index.HOT``."""
    published = conn.execute(text(f"SELECT count(*) FROM track WHERE status = '{index.PUBLISHED}'")).scalar_one()
    size = max(index.HOT_MIN, published // index.HOT_RATIO)
    threshold = 0
    if published > size:
        threshold = conn.execute(text(
            f"SELECT play_count FROM track WHERE status = '{index.PUBLISHED}' "
            "ORDER BY play_count DESC LIMIT 1 OFFSET :n"), {"n": size - 1}).scalar() or 0
    conn.execute(text(f"DELETE FROM {index.HOT_STATE}"))
    conn.execute(text(f"INSERT INTO {index.HOT_STATE}(threshold) VALUES (:t)"), {"t": threshold})
    conn.execute(text(f"DELETE FROM {index.HOT}"))
    conn.execute(text(index.hot_rows("1 = 1")))


@contextmanager
def tracks_indexed_together(conn: Connection) -> Iterator[list[int]]:
    """Index the tracks inserted in the block with a few set-based statements, not a trigger per row.

    For bulk writers (the import) inside their own write transaction, which they roll back
    on any error. The caller adds the new tracks' ids to the list yielded. On SQLite, a row in
    ``index.BULK`` silences the track insert trigger for the block; after the block has
    written, the statements the trigger runs are run once for those ids (exactly the rows
    it writes), and the row is deleted. The row lives only in this transaction, so no other
    connection ever sees the trigger silenced or the index behind. Elsewhere (PostgreSQL
    indexes the rows itself), and on a database whose trigger does not yet look at
    ``index.BULK``, it does nothing: the trigger indexes each row.
    """
    silenced = conn.dialect.name == "sqlite" and conn.execute(text(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'search_track_ai' AND sql LIKE :flag"),
        {"flag": f"%{index.BULK}%"}).scalar() is not None
    if not silenced:
        yield []
        return
    conn.execute(text(f"INSERT INTO {index.BULK}(writer) VALUES (1)"))
    ids: list[int] = []
    yield ids
    if ids:
        # New rows get ids above every existing one, and the writer holds the write lock.
        where = f"t.id BETWEEN {int(min(ids))} AND {int(max(ids))}"
        for statement in index.new_track_rows(where):
            conn.execute(text(statement))
    conn.execute(text(f"DELETE FROM {index.BULK}"))
