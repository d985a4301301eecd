"""The full-text search index: its schema, the triggers that keep it current, a rebuild.

SQLite keeps two FTS5 tables: ``search_index(title, subtitle)`` with a row per published
track (subtitle: artist and album), artist, album (subtitle: artist) and genre, and
``search_lyrics(lyrics)`` with a row per published track that has lyrics. Lyrics live
apart so that a common word's long lyrics doclist never slows down name searches, and
name queries need no column filter (which would make FTS5 decode every position list).
In ``search_index`` a row's ``rowid`` encodes what it is:
``kind * KIND_STRIDE + id``. That keeps every trigger a primary-key write (no scan of an
UNINDEXED column on a million-row table) and lets a query ask FTS5 for one kind with a
rowid range, which FTS5 applies while walking its doclists.

Two small helpers keep the common cases cheap at a million tracks:

- ``search_hot(title, subtitle)``: the same name rows, for the most played tracks only
  (every published track with ``play_count >= threshold``, the threshold stored in
  ``search_hot_state`` and chosen at each fill so that about ``1/HOT_RATIO`` of the
  catalog is in). A common word or short prefix has tens of thousands of hits in
  ``search_index`` but a few hundred here, and when at least ``limit`` of them are hot,
  they are exactly the ``limit`` most played hits overall: every track outside the table
  has fewer plays than the threshold. A trigger adds a track when a play lifts it over the
  threshold, so the table never misses one (it only grows until the next fill). A
  threshold of 0 means "every published track is hot": small catalogs search only here.
- ``search_terms``: a plain B-tree copy of the indexed words (typo corrections, prefix
  expansion), written at fill time, plus ``search_fresh``, an FTS5 table the triggers
  feed with the names written since (read through ``search_fresh_vocab``). Together they
  hold every indexed word, at worst a few that are gone, so they never go stale.

Sync is done by **triggers**, created here and installed both by the Alembic migration
and by ``spoticlone.db.create_schema`` (tests). Triggers were chosen over explicit
reindex calls because they survive every write path: ingestion, catalog admin, the CLI,
a future admin page, cascades from a deleted artist, even hand-written SQL. Updates that
do not change searchable text (``play_count`` bumps on every play) do not touch the
index, because the track trigger is ``AFTER UPDATE OF`` the searchable columns only.

PostgreSQL (``search.pg_index``) keeps a stored document per track (title, artist, album)
written by triggers, GIN indexes over it (all tracks, and a partial one for the most played)
and over names and lyrics, via an IMMUTABLE ``spoticlone_unaccent`` wrapper (``unaccent``
itself is only STABLE, so it cannot appear in an index). ``reindex_all`` there fills what
is missing and re-chooses the hot threshold.

Tokens: ``unicode61 remove_diacritics 2`` (case and accents folded, "Café" = "cafe"),
with prefix indexes of 2 and 3 characters so search-as-you-type prefixes stay cheap.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session

log = logging.getLogger(__name__)

TABLE = "search_index"
# FTS5 keeps its data in shadow tables named after the virtual table.
SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")
# A read-only view of the index's terms (used once per fill to copy them to ``TERMS``).
VOCAB = "search_vocab"
# The same words as a plain table, filled by ``install``/``reindex_all``: a range scan of
# ``search_vocab`` counts every doclist it passes (~10 ms per first letter at 1M tracks),
# this is a B-tree range read. (Its ``structure`` column is unused since the fresh table.)
TERMS = "search_terms"
# Names written by the triggers since the last fill, and their words.
FRESH = "search_fresh"
FRESH_VOCAB = "search_fresh_vocab"
LYRICS = "search_lyrics"
# The most played tracks' name rows, and the play count that admits a track there.
HOT = "search_hot"
HOT_STATE = "search_hot_state"
# A row here, only ever inside a bulk writer's own transaction, silences the track insert
# trigger (``bulk_index.tracks_indexed_together`` indexes that writer's tracks together). A
# row, not dropping the trigger: a schema change made every other connection re-read the
# whole schema on its next statement, once per imported batch.
BULK = "search_bulk"
HOT_RATIO = 50  # about 1 track in HOT_RATIO is hot after a fill...
HOT_MIN = 2000  # ...but never fewer than this many (all of a smaller catalog: threshold 0)
# PostgreSQL's stored track document: a column of ``track`` that no model declares.
PG_DOC = "search_doc"
KIND_STRIDE = 1 << 40
KINDS = {"track": 0, "artist": 1, "album": 2, "genre": 3}
PUBLISHED = "PUBLISHED"  # how SQLAlchemy stores TrackStatus.PUBLISHED (the enum name)


def kind_range(kind: str) -> tuple[int, int]:
    """The rowid range ``[lo, hi)`` holding rows of ``kind``."""
    base = KINDS[kind] * KIND_STRIDE
    return base, base + KIND_STRIDE


def is_search_object(name: str | None) -> bool:
    """Whether a table or index ``name`` belongs to the search index, not to the models.

    Schema comparisons (``tests/services/test_migrations.py``) skip these.
    """
    name = name or ""
    fts = (TABLE, LYRICS, HOT, FRESH)
    return (name in (*fts, VOCAB, TERMS, FRESH_VOCAB, HOT_STATE, BULK, PG_DOC) or name.startswith("ix_search_")
            or any(name == table + s for table in fts for s in SHADOW_SUFFIXES))


# SQLite.

_T, _AR, _AL, _G = (KINDS[k] * KIND_STRIDE for k in ("track", "artist", "album", "genre"))


def track_rows(where: str, table: str = TABLE, offset: int = _T, extra: str = "") -> str:
    """INSERT of the name rows for the published tracks selected by ``where``."""
    return (
        f"INSERT INTO {table}(rowid, title, subtitle) "
        f"SELECT t.id + {offset}, t.title, a.stage_name || ' ' || coalesce(al.title, '') "
        "FROM track t JOIN artistprofile a ON a.id = t.artist_id "
        "LEFT JOIN album al ON al.id = t.album_id "
        f"WHERE {where} AND t.status = '{PUBLISHED}'{extra};"
    )


_HOT_THRESHOLD = f"(SELECT threshold FROM {HOT_STATE})"


def hot_rows(where: str) -> str:
    """INSERT of the hot rows (rowid: track id) for the tracks of ``where`` played enough."""
    return track_rows(where, HOT, 0, f" AND t.play_count >= {_HOT_THRESHOLD}")


def _hot_refresh(where: str) -> str:
    return f"DELETE FROM {HOT} WHERE rowid IN (SELECT t.id FROM track t WHERE {where}); {hot_rows(where)}"


def _fresh(value: str) -> str:
    """Record the words of a name just written (artist and album names have rows of their own,
    so a track contributes its title only).
    """
    return f"INSERT INTO {FRESH}(words) VALUES ({value});"


def _fresh_track(where: str) -> str:
    return (f"INSERT INTO {FRESH}(words) SELECT t.title FROM track t "
            f"WHERE {where} AND t.status = '{PUBLISHED}';")


def lyrics_rows(where: str) -> str:
    """INSERT of the lyrics rows for the published tracks selected by ``where``."""
    return (
        f"INSERT INTO {LYRICS}(rowid, lyrics) SELECT t.id, t.lyrics FROM track t "
        f"WHERE {where} AND t.status = '{PUBLISHED}' AND t.lyrics != '';"
    )


def album_rows(where: str) -> str:
    """INSERT of the name rows for the albums selected by ``where``."""
    return (
        f"INSERT INTO {TABLE}(rowid, title, subtitle) "
        f"SELECT al.id + {_AL}, al.title, a.stage_name "
        f"FROM album al JOIN artistprofile a ON a.id = al.artist_id WHERE {where};"
    )


def _named(offset: int, source: str, column: str) -> str:
    return (f"INSERT INTO {TABLE}(rowid, title, subtitle) "
            f"VALUES ({source}.id + {offset}, {source}.{column}, ''); {_fresh(f'{source}.{column}')}")


def new_track_rows(where: str) -> tuple[str, ...]:
    """The statements that index the new tracks selected by ``where``: the insert trigger's
    body, and what ``bulk_index.tracks_indexed_together`` runs for a batch instead.
    """
    return track_rows(where), lyrics_rows(where), hot_rows(where), _fresh_track(where)


def _delete_tracks(where: str) -> str:
    return f"DELETE FROM {TABLE} WHERE rowid IN (SELECT t.id + {_T} FROM track t WHERE {where});"


_SQLITE_TRIGGERS = {
    "search_track_ai": (f"AFTER INSERT ON track WHEN NOT EXISTS (SELECT 1 FROM {BULK}) "
                        f"BEGIN {' '.join(new_track_rows('t.id = NEW.id'))} END"),
    "search_track_au": (
        "AFTER UPDATE OF title, status, artist_id, album_id, lyrics ON track BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = OLD.id + {_T}; {track_rows('t.id = NEW.id')} "
        f"DELETE FROM {LYRICS} WHERE rowid = OLD.id; {lyrics_rows('t.id = NEW.id')} "
        f"DELETE FROM {HOT} WHERE rowid = OLD.id; {hot_rows('t.id = NEW.id')} "
        f"{_fresh_track('t.id = NEW.id')} END"
    ),
    # A play that lifts a track over the threshold makes it hot (delete first: the update
    # trigger above may have added it already when the same UPDATE also renamed it).
    "search_track_hot": (
        f"AFTER UPDATE OF play_count ON track WHEN NEW.play_count >= {_HOT_THRESHOLD} "
        f"AND OLD.play_count < {_HOT_THRESHOLD} BEGIN "
        f"DELETE FROM {HOT} WHERE rowid = NEW.id; {hot_rows('t.id = NEW.id')} END"
    ),
    "search_track_ad": (
        f"AFTER DELETE ON track BEGIN DELETE FROM {TABLE} WHERE rowid = OLD.id + {_T}; "
        f"DELETE FROM {LYRICS} WHERE rowid = OLD.id; DELETE FROM {HOT} WHERE rowid = OLD.id; END"
    ),
    "search_artist_ai": f"AFTER INSERT ON artistprofile BEGIN {_named(_AR, 'NEW', 'stage_name')} END",
    # A renamed artist renames the subtitle of every track and album of theirs.
    "search_artist_au": (
        "AFTER UPDATE OF stage_name ON artistprofile BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = OLD.id + {_AR}; {_named(_AR, 'NEW', 'stage_name')} "
        f"{_delete_tracks('t.artist_id = NEW.id')} {track_rows('t.artist_id = NEW.id')} "
        f"DELETE FROM {TABLE} WHERE rowid IN (SELECT id + {_AL} FROM album WHERE artist_id = NEW.id); "
        f"{album_rows('al.artist_id = NEW.id')} {_hot_refresh('t.artist_id = NEW.id')} END"
    ),
    "search_artist_ad": (
        f"AFTER DELETE ON artistprofile BEGIN DELETE FROM {TABLE} WHERE rowid = OLD.id + {_AR}; END"
    ),
    "search_album_ai": (
        f"AFTER INSERT ON album BEGIN {album_rows('al.id = NEW.id')} {_fresh('NEW.title')} END"
    ),
    "search_album_au": (
        "AFTER UPDATE OF title, artist_id ON album BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid = OLD.id + {_AL}; {album_rows('al.id = NEW.id')} "
        f"{_delete_tracks('t.album_id = NEW.id')} {track_rows('t.album_id = NEW.id')} "
        f"{_hot_refresh('t.album_id = NEW.id')} {_fresh('NEW.title')} END"
    ),
    "search_album_ad": f"AFTER DELETE ON album BEGIN DELETE FROM {TABLE} WHERE rowid = OLD.id + {_AL}; END",
    "search_genre_ai": f"AFTER INSERT ON genre BEGIN {_named(_G, 'NEW', 'name')} END",
    "search_genre_au": (
        f"AFTER UPDATE OF name ON genre BEGIN DELETE FROM {TABLE} WHERE rowid = OLD.id + {_G}; "
        f"{_named(_G, 'NEW', 'name')} END"
    ),
    "search_genre_ad": f"AFTER DELETE ON genre BEGIN DELETE FROM {TABLE} WHERE rowid = OLD.id + {_G}; END",
}

_TOKENS = "tokenize = 'unicode61 remove_diacritics 2'"
_SQLITE_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(title, subtitle, {_TOKENS}, prefix = '2 3')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {LYRICS} USING fts5(lyrics, {_TOKENS})",
    # Name words only: typo corrections come from titles and names, not from lyrics.
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB} USING fts5vocab({TABLE}, 'row')",
    f"CREATE TABLE IF NOT EXISTS {TERMS} (term TEXT PRIMARY KEY, structure BLOB) WITHOUT ROWID",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {HOT} USING fts5(title, subtitle, {_TOKENS}, prefix = '2 3')",
    f"CREATE TABLE IF NOT EXISTS {HOT_STATE} (threshold INTEGER NOT NULL)",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FRESH} USING fts5(words, {_TOKENS}, detail = none)",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FRESH_VOCAB} USING fts5vocab({FRESH}, 'row')",
    f"CREATE TABLE IF NOT EXISTS {BULK} (writer INTEGER NOT NULL)",
)


def _sqlite_create(conn: Connection) -> None:
    for statement in _SQLITE_CREATE:
        conn.execute(text(statement))


def hot_threshold(conn) -> int | None:
    """Plays that make a published track hot (0: all are); None without a hot table."""
    row = conn.execute(f"SELECT threshold FROM {HOT_STATE}").fetchone()
    return row[0] if row else None


# Typo corrections (SQLite).


def within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance ``<= 1`` (one insertion, deletion, change or swap)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1:] == b[i + 1:] or (
            i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
        )
    return a[i + 1:] == b[i:] if la > lb else a[i:] == b[i + 1:]


def words_between(conn, lo: str, hi: str, *, upto: bool = False, extra: str = "",
                  params: dict | None = None, limit: int = -1) -> list[str]:
    """Indexed words in ``[lo, hi)`` (``upto``: ``[lo, hi]``), sorted, from the word table
    and the fresh words; ``conn`` is a DBAPI (sqlite3) connection, ``extra`` more SQL.
    """
    op = "<=" if upto else "<"
    where = f"term >= :lo AND term {op} :hi{extra}"
    rows = conn.execute(
        f"SELECT term FROM {TERMS} WHERE {where} UNION SELECT term FROM {FRESH_VOCAB} WHERE {where} "
        "ORDER BY 1 LIMIT :n", {**(params or {}), "lo": lo, "hi": hi, "n": limit}).fetchall()
    return [t for (t,) in rows]


def known(conn, word: str, prefix: bool) -> bool:
    """Whether ``word`` (or, with ``prefix``, a word it begins) is an indexed word."""
    return bool(words_between(conn, word, word + "\U0010ffff" if prefix else word,
                              upto=not prefix, limit=1))


def corrections(conn, word: str) -> list[str]:
    """Indexed words one edit away from ``word`` sharing its first letter (typos rarely hit it)."""
    first = word[0]
    found = words_between(conn, first, chr(ord(first) + 1),
                          extra=" AND length(term) BETWEEN :short AND :long",
                          params={"short": len(word) - 1, "long": len(word) + 1})
    return [t for t in found if t != word and within_one_edit(word, t)][:5]


# PostgreSQL: see ``search.pg_index``.

PG_UNACCENT = "spoticlone_unaccent"
PG_TSV = "to_tsvector('simple', " + PG_UNACCENT + "({col}))"


# Entry points.


def install(conn: Connection) -> None:
    """Create the index (and its triggers) on an existing catalog schema, filling it.

    Idempotent: used by the Alembic migration and by ``create_schema`` for tests. Bulk
    loaders (the benchmark) ``uninstall`` first, insert, then ``install``: one FTS build
    after the insert is several times faster than a trigger firing per row.
    """
    from spoticlone.services.search import bulk_index  # it builds on this module's statements

    dialect = conn.dialect.name
    if dialect == "sqlite":
        _sqlite_create(conn)
        drop_triggers(conn)
        create_triggers(conn)
        bulk_index.fill(conn)
    elif dialect == "postgresql":
        from spoticlone.services.search import pg_index

        pg_index.pg_install(conn)
    else:
        log.warning("no search index for the %s dialect; search will find nothing", dialect)


def drop_triggers(conn: Connection) -> None:
    """Drop the SQLite triggers that keep the index current (no-op elsewhere).

    A migration that rebuilds a catalog table drops these first: SQLite checks every
    trigger when a table is renamed, and one naming a table that is mid-rebuild fails.
    """
    if conn.dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))


def sqlite_trigger(name: str) -> str:
    """The body of the SQLite trigger ``name`` (after its name in ``CREATE TRIGGER``), for migrations."""
    return _SQLITE_TRIGGERS[name]


def create_triggers(conn: Connection) -> None:
    """(Re)create the SQLite triggers without refilling the index (no-op elsewhere)."""
    if conn.dialect.name == "sqlite":
        for name, body in _SQLITE_TRIGGERS.items():
            conn.execute(text(f"CREATE TRIGGER IF NOT EXISTS {name} {body}"))


def uninstall(conn: Connection) -> None:
    """Drop what :func:`install` created (the migration's downgrade)."""
    if conn.dialect.name == "sqlite":
        drop_triggers(conn)
        for table in (VOCAB, FRESH_VOCAB, TERMS, TABLE, LYRICS, HOT, HOT_STATE, FRESH, BULK):
            conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
    elif conn.dialect.name == "postgresql":
        from spoticlone.services.search import pg_index

        pg_index.pg_uninstall(conn)


def reindex_all(session: Session) -> None:
    """Rebuild the whole index from the catalog tables (repair, or after a bulk load)."""
    from spoticlone.services.search import bulk_index  # it builds on this module's statements

    conn = session.connection()
    if conn.dialect.name == "sqlite":
        _sqlite_create(conn)
        bulk_index.fill(conn)
        log.info("search index rebuilt")
    elif conn.dialect.name == "postgresql":
        from spoticlone.services.search import pg_index

        pg_index.pg_install(conn)  # fills what is missing and re-chooses the hot threshold
    session.commit()
