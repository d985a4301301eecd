"""The PostgreSQL half of ``services.search.engine``: candidate ids from tsvector and pg_trgm.

Matching mirrors SQLite's FTS5 index: words folded by ``spoticlone_unaccent`` (lower
case, no accents; see ``search.index``), the last word a prefix (``word:*``). Artists,
albums, genres and lyrics are matched on the same expressions their GIN indexes are
built on. Tracks match on title + artist + album combined, so "hollow pines arcade"
works across fields; that combination cannot use one index (a stored search column is
the next step if PostgreSQL catalogs grow past a few hundred thousand tracks).

Typos: when nothing matches, titles and names are compared with ``pg_trgm``'s
``word_similarity`` against the whole folded query.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlmodel import Session

from spoticlone.services.search import index

_U = index.PG_UNACCENT
_TSV = index.PG_TSV
PUBLISHED = index.PUBLISHED
TRACK_CANDIDATES = 100
OTHER_CANDIDATES = 30
SIMILARITY = 0.45

_ALBUM_TITLE = "coalesce(al.title, '')"  # a single track has no album
_TRACK_DOC = (
    f"setweight({_TSV.format(col='t.title')}, 'A') || "
    f"setweight({_TSV.format(col='a.stage_name')}, 'B') || "
    f"setweight({_TSV.format(col=_ALBUM_TITLE)}, 'C')"
)
_TRACK_FROM = (
    "FROM track t JOIN artistprofile a ON a.id = t.artist_id "
    "LEFT JOIN album al ON al.id = t.album_id "
)


def tsquery(words: Sequence[str]) -> str:
    """``to_tsquery`` text; words are letters/digits only (``search.terms``), so safe."""
    parts = [f"'{w}'" for w in words]
    parts[-1] += ":*"
    return " & ".join(parts)


def _ids(session: Session, sql: str, params: dict) -> list:
    """Ids, or for tracks ``(id, title, play_count)`` rows (as the SQLite path returns)."""
    rows = session.connection().execute(text(sql), params)
    return [tuple(row) if len(row) > 1 else row[0] for row in rows]


def _exact(session: Session, words, wanted, limit: int) -> dict:
    params = {"q": tsquery(words), "pub": PUBLISHED}
    q = "to_tsquery('simple', :q)"
    found: dict = {}
    if "tracks" in wanted:
        found["tracks"] = _ids(session, (
            f"SELECT t.id, t.title, t.play_count {_TRACK_FROM} "
            f"WHERE t.status = :pub AND ({_TRACK_DOC}) @@ {q} "
            f"ORDER BY ts_rank({_TRACK_DOC}, {q}) DESC, t.play_count DESC LIMIT {TRACK_CANDIDATES}"
        ), params)
    for group, table, column in (("artists", "artistprofile", "stage_name"),
                                 ("albums", "album", "title"), ("genres", "genre", "name")):
        if group in wanted:
            doc = _TSV.format(col=column)
            found[group] = _ids(session, (
                f'SELECT id FROM "{table}" WHERE {doc} @@ {q} '
                f"ORDER BY ts_rank({doc}, {q}) DESC LIMIT {OTHER_CANDIDATES}"
            ), params)
    if "lyrics" in wanted:
        doc = _TSV.format(col="t.lyrics")
        rows = session.connection().execute(text(
            f"SELECT t.id, ts_headline('simple', t.lyrics, {q}, "
            "'StartSel=\"\",StopSel=\"\",MaxWords=14,MinWords=6') "
            f"FROM track t WHERE t.status = :pub AND {doc} @@ {q} "
            f"ORDER BY ts_rank({doc}, {q}) DESC, t.play_count DESC LIMIT :n"
        ), {**params, "n": limit})
        found["lyrics"] = [(i, " ".join(s.split())) for i, s in rows]
    return found


def _fuzzy(session: Session, words, wanted) -> dict:
    params = {"q": " ".join(words), "s": SIMILARITY, "pub": PUBLISHED}
    sim = "public.word_similarity({u}(:q), {u}({col}))"
    found: dict = {}
    if "tracks" in wanted:
        score = sim.format(u=_U, col="t.title || ' ' || a.stage_name")
        found["tracks"] = _ids(session, (
            f"SELECT t.id, t.title, t.play_count {_TRACK_FROM} WHERE t.status = :pub AND {score} >= :s "
            f"ORDER BY {score} DESC, t.play_count DESC LIMIT {TRACK_CANDIDATES}"
        ), params)
    for group, table, column in (("artists", "artistprofile", "stage_name"),
                                 ("albums", "album", "title"), ("genres", "genre", "name")):
        if group in wanted:
            score = sim.format(u=_U, col=column)
            found[group] = _ids(session, (
                f'SELECT id FROM "{table}" WHERE {score} >= :s ORDER BY {score} DESC '
                f"LIMIT {OTHER_CANDIDATES}"
            ), params)
    return found


def candidates(session: Session, words: list[str], wanted, limit: int):
    """``(found, corrected)`` like the SQLite path: ids per group, lyrics with snippets."""
    found = _exact(session, words, wanted, limit)
    if any(found.values()):
        return found, None
    fuzzy = _fuzzy(session, words, wanted)
    # The corrected words are not known here (trigram similarity works on whole strings);
    # ranking then uses the query as typed, which still orders by plays within a tier.
    return {**found, **fuzzy}, None
