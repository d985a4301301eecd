"""The PostgreSQL search index: a stored track document, its GIN indexes, a word table.

Computing ``to_tsvector`` over title + artist + album at query time cannot use an index:
at a million tracks every search read the whole catalog (seconds). So each track keeps
its document in ``track.search_doc`` (a column no model declares; ``is_search_object``
hides it from schema comparisons), written by a ``BEFORE`` trigger from the track's
title, its artist's name and its album's title, and rewritten when an artist or album
is renamed (their triggers touch ``track.title``, which re-runs the track trigger).
Triggers, as on SQLite, because they survive every write path.

Two GIN indexes serve it, mirroring SQLite's ``search_hot``:

- ``ix_search_track_doc``: every track's document;
- ``ix_search_track_hot``: the same, partial, for published tracks with ``play_count``
  at or above a threshold chosen at install (about ``1/HOT_RATIO`` of the catalog, kept
  in ``search_hot_state``). A common word has tens of thousands of hits in the first but
  a few hundred here, and PostgreSQL keeps a partial index current by itself, so a track
  that crosses the threshold is in it at once. The query repeats the threshold as a
  literal so the planner can prove the predicate.

``search_terms`` holds every indexed word (filled at install from ``ts_stat``, then by
the triggers) for typo corrections, as on SQLite. ``BROWSE_INDEXES`` are the B-trees the
browse lists' orders need on this dialect (see there). Everything here is named
``search_*``/``ix_search_*`` so that schema comparisons skip it.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

UNACCENT = "spoticlone_unaccent"
TSV = "to_tsvector('simple', " + UNACCENT + "({col}))"
DOC = "search_doc"
TERMS = "search_terms"
HOT_STATE = "search_hot_state"
HOT_INDEX = "ix_search_track_hot"
HOT_RATIO = 50
HOT_MIN = 2000
PUBLISHED = "PUBLISHED"

# Names and lyrics stay expression indexes: each is one column of one table. Lyrics only
# where there are some: most tracks have none, and with the predicate in the query the
# planner estimates from ``lyrics``' own statistics (a full index made it guess 2% of the
# catalog and start parallel workers, ~12 ms, for a query that finds nothing).
LYRICS_INDEX = "ix_search_track_lyrics_some"
LYRICS_WHERE = "lyrics <> ''"
NAME_INDEXES = {
    "ix_search_artist_name": ("artistprofile", TSV.format(col="stage_name")),
    "ix_search_album_title": ("album", TSV.format(col="title")),
    "ix_search_genre_name": ("genre", TSV.format(col="name")),
}
# The browse lists' orders (``catalog.browse``) end in the id, which SQLite's indexes carry
# as the rowid; a PostgreSQL B-tree does not, so without these a deep page sorts the whole
# table (0.7 s at 1M tracks). Not models: they exist for this dialect only.
BROWSE_INDEXES = {
    "ix_search_browse_track_popular": ("track", "status, play_count, id"),
    "ix_search_browse_track_newest": ("track", "status, release_date, id"),
    "ix_search_browse_track_title": ("track", "status, title, id"),
    "ix_search_browse_album_newest": ("album", "release_date, id"),
    "ix_search_browse_album_title": ("album", "title, id"),
    # "Has a published track" (album lists) without reading the track rows.
    "ix_search_browse_track_album": ("track", "album_id, status"),
}
# Created by earlier versions (title-only and trigram matching); dropped on install.
OLD_INDEXES = ("ix_search_track_title", "ix_search_track_lyrics", "ix_search_track_title_trgm",
               "ix_search_artist_name_trgm", "ix_search_album_title_trgm")

_TRACK_DOC = (
    "setweight(" + TSV.format(col="{title}") + ", 'A') || "
    "setweight(" + TSV.format(col="coalesce({artist}, '')") + ", 'B') || "
    "setweight(" + TSV.format(col="coalesce({album}, '')") + ", 'C')"
)
_NEW_DOC = _TRACK_DOC.format(
    title="NEW.title",
    artist="(SELECT stage_name FROM artistprofile WHERE id = NEW.artist_id)",
    album="(SELECT title FROM album WHERE id = NEW.album_id)",
)
_ADD_TERMS = f"INSERT INTO {TERMS}(term) SELECT unnest(tsvector_to_array({{doc}})) ON CONFLICT DO NOTHING;"

_FUNCTIONS = {
    "spoticlone_search_track": (
        f"BEGIN NEW.{DOC} := {_NEW_DOC}; {_ADD_TERMS.format(doc=f'NEW.{DOC}')} RETURN NEW; END"
    ),
    # Touching the title re-runs the track trigger, which reads the new name.
    "spoticlone_search_artist": (
        "BEGIN IF NEW.stage_name IS DISTINCT FROM OLD.stage_name THEN "
        "UPDATE track SET title = title WHERE artist_id = NEW.id; END IF; RETURN NULL; END"
    ),
    "spoticlone_search_album": (
        "BEGIN IF NEW.title IS DISTINCT FROM OLD.title THEN "
        "UPDATE track SET title = title WHERE album_id = NEW.id; END IF; RETURN NULL; END"
    ),
    # Artist, album and genre names: their words, for typo corrections (TG_ARGV[0]: the column).
    "spoticlone_search_words": (
        "BEGIN " + _ADD_TERMS.format(
            doc=TSV.format(col="to_jsonb(NEW) ->> TG_ARGV[0]")) + " RETURN NULL; END"
    ),
}
_TRIGGERS = {
    "search_track_doc": ("BEFORE INSERT OR UPDATE OF title, artist_id, album_id ON track "
                         "FOR EACH ROW EXECUTE FUNCTION spoticlone_search_track()"),
    "search_artist_renamed": ("AFTER UPDATE OF stage_name ON artistprofile "
                              "FOR EACH ROW EXECUTE FUNCTION spoticlone_search_artist()"),
    "search_album_renamed": ("AFTER UPDATE OF title ON album "
                             "FOR EACH ROW EXECUTE FUNCTION spoticlone_search_album()"),
    "search_artist_words": ("AFTER INSERT OR UPDATE OF stage_name ON artistprofile "
                            "FOR EACH ROW EXECUTE FUNCTION spoticlone_search_words('stage_name')"),
    "search_album_words": ("AFTER INSERT OR UPDATE OF title ON album "
                           "FOR EACH ROW EXECUTE FUNCTION spoticlone_search_words('title')"),
    "search_genre_words": ("AFTER INSERT OR UPDATE OF name ON genre "
                           "FOR EACH ROW EXECUTE FUNCTION spoticlone_search_words('name')"),
}
_TABLE_OF = {"search_track_doc": "track", "search_artist_renamed": "artistprofile",
             "search_album_renamed": "album", "search_artist_words": "artistprofile",
             "search_album_words": "album", "search_genre_words": "genre"}


def _run(conn: Connection, sql: str, params: dict | None = None):
    return conn.execute(text(sql), params or {})


def pg_install(conn: Connection) -> None:
    """Extensions, function, document column, triggers, indexes, word table; idempotent.

    Filling ``search_doc`` for existing rows is one ``UPDATE`` (a bulk loader drops the
    triggers with ``pg_uninstall`` first and pays for it once, here).
    """
    # Extensions live in ``public`` so every schema (tests use one each) reaches them.
    _run(conn, "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
    _run(conn, f"CREATE OR REPLACE FUNCTION {UNACCENT}(value text) RETURNS text "
               "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
               "AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$")
    for name in OLD_INDEXES:
        _run(conn, f"DROP INDEX IF EXISTS {name}")
    _run(conn, f"CREATE TABLE IF NOT EXISTS {TERMS} (term text PRIMARY KEY)")
    _run(conn, f"CREATE TABLE IF NOT EXISTS {HOT_STATE} (threshold integer NOT NULL)")
    _run(conn, f"ALTER TABLE track ADD COLUMN IF NOT EXISTS {DOC} tsvector")
    doc = _TRACK_DOC.format(title="t.title", artist="a.stage_name", album="al.title")
    _run(conn, f"UPDATE track SET {DOC} = s.doc FROM (SELECT t.id, {doc} AS doc FROM track t "
               "JOIN artistprofile a ON a.id = t.artist_id LEFT JOIN album al ON al.id = t.album_id "
               f"WHERE t.{DOC} IS NULL) s WHERE track.id = s.id")
    for name, body in _FUNCTIONS.items():
        _run(conn, f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ {body} $$")
    for name, body in _TRIGGERS.items():
        _run(conn, f'DROP TRIGGER IF EXISTS {name} ON "{_TABLE_OF[name]}"')
        _run(conn, f"CREATE TRIGGER {name} {body}")
    _run(conn, f"CREATE INDEX IF NOT EXISTS ix_search_track_doc ON track USING gin ({DOC})")
    for name, (table, expr) in NAME_INDEXES.items():
        _run(conn, f'CREATE INDEX IF NOT EXISTS {name} ON "{table}" USING gin (({expr}))')
    _run(conn, f"CREATE INDEX IF NOT EXISTS {LYRICS_INDEX} ON track "
               f"USING gin (({TSV.format(col='lyrics')})) WHERE {LYRICS_WHERE}")
    for name, (table, columns) in BROWSE_INDEXES.items():
        _run(conn, f'CREATE INDEX IF NOT EXISTS {name} ON "{table}" ({columns})')
    _fill_terms(conn)
    refresh_hot(conn)


def _fill_terms(conn: Connection) -> None:
    names = " UNION ALL ".join(
        f"SELECT {TSV.format(col=c)} FROM \"{t}\"" for t, c in
        (("artistprofile", "stage_name"), ("album", "title"), ("genre", "name")))
    docs = f"SELECT {DOC} FROM track UNION ALL {names}"
    _run(conn, f"INSERT INTO {TERMS}(term) SELECT word FROM ts_stat(:docs) ON CONFLICT DO NOTHING",
         {"docs": docs})


def refresh_hot(conn: Connection) -> int:
    """Choose the hot threshold from the catalog now and rebuild the hot partial index."""
    published = _run(conn, f"SELECT count(*) FROM track WHERE status = '{PUBLISHED}'").scalar_one()
    size = max(HOT_MIN, published // HOT_RATIO)
    threshold = 0
    if published > size:
        threshold = int(_run(conn, f"SELECT play_count FROM track WHERE status = '{PUBLISHED}' "
                                   "ORDER BY play_count DESC LIMIT 1 OFFSET :n",
                             {"n": size - 1}).scalar() or 0)
    _run(conn, f"DELETE FROM {HOT_STATE}")
    _run(conn, f"INSERT INTO {HOT_STATE}(threshold) VALUES (:t)", {"t": threshold})
    _run(conn, f"DROP INDEX IF EXISTS {HOT_INDEX}")
    _run(conn, f"CREATE INDEX {HOT_INDEX} ON track USING gin ({DOC}) "
               f"WHERE status = '{PUBLISHED}' AND play_count >= {threshold}")
    return threshold


def pg_uninstall(conn: Connection) -> None:
    """Drop what :func:`pg_install` created (the migration's downgrade, or before a bulk load).

    The extensions stay: other schemas of the same database may use them.
    """
    for name in _TRIGGERS:
        _run(conn, f'DROP TRIGGER IF EXISTS {name} ON "{_TABLE_OF[name]}"')
    for name in _FUNCTIONS:
        _run(conn, f"DROP FUNCTION IF EXISTS {name}()")
    for name in [*NAME_INDEXES, *OLD_INDEXES, *BROWSE_INDEXES, LYRICS_INDEX, "ix_search_track_doc",
                 HOT_INDEX]:
        _run(conn, f"DROP INDEX IF EXISTS {name}")
    _run(conn, f"ALTER TABLE track DROP COLUMN IF EXISTS {DOC}")
    _run(conn, f"DROP TABLE IF EXISTS {TERMS}")
    _run(conn, f"DROP TABLE IF EXISTS {HOT_STATE}")
    _run(conn, f"DROP FUNCTION IF EXISTS {UNACCENT}(text)")
