"""The PostgreSQL half of ``services.search.engine``: candidate ids from the stored documents.

Matching mirrors SQLite's FTS5 index: words folded by ``spoticlone_unaccent`` (lower
case, no accents), the last word a prefix (``word:*``). Tracks match on their stored
document (title + artist + album, ``search.pg_index``), so "hollow pines arcade" works
across fields through one GIN index; artists, albums, genres and lyrics on the
expressions their own GIN indexes are built on.

Tracks come most played first, as on SQLite (the engine re-ranks the candidates by
relevance tier): the partial index of the most played tracks answers when it has enough
hits, which keeps a common word or a short prefix from reading tens of thousands of rows.
No ``ts_rank``: it would compute a document for every hit.

Typos: when nothing matches, each unknown word is replaced by indexed words one edit away
from the word table (``search_terms``), and the query runs once more, as on SQLite.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from sqlalchemy import text
from sqlmodel import Session

from spoticlone.services.core.db_cache import engine_of
from spoticlone.services.search import index, pg_index

_TSV = pg_index.TSV
PUBLISHED = pg_index.PUBLISHED
TRACK_CANDIDATES = 40
OTHER_CANDIDATES = 15  # as many as the engine keeps per group


def tsquery(alternatives: Sequence[Sequence[str]]) -> str:
    """``to_tsquery`` text: each position one of its words, the last ones prefixes.

    Words are letters/digits only (``search.terms``), so quoting them is safe.
    """
    parts = []
    for i, words in enumerate(alternatives):
        suffix = ":*" if i == len(alternatives) - 1 and len(words[0]) >= 2 else ""
        parts.append("(" + " | ".join(f"'{w}'{suffix}" for w in words) + ")")
    return " & ".join(parts)


def _rows(session: Session, sql: str, params: dict) -> list:
    return list(session.connection().execute(text(sql), params))


# The hot threshold per database (engine), read at most every HOT_TTL seconds. Any value
# gives the right answer (see ``_tracks``); a stale one only makes the first query slower.
HOT_TTL = 60.0
_hot_cache: dict[int, tuple[float, int | None]] = {}


def _hot_threshold(session: Session) -> int | None:
    key, now = id(engine_of(session)), time.monotonic()
    cached = _hot_cache.get(key)
    if cached is None or now - cached[0] > HOT_TTL:
        row = session.connection().execute(text(f"SELECT threshold FROM {pg_index.HOT_STATE}")).first()
        cached = _hot_cache[key] = (now, None if row is None else int(row[0]))
    return cached[1]


def _tracks(session: Session, q: str, limit: int) -> list:
    """``(id, title, play_count)`` of up to ``limit`` matching tracks, most played first.

    The hot partial index first (its predicate repeated as literals so the planner can use
    it): when it has ``limit`` hits they are the most played overall, since every other
    track has fewer plays than the threshold. Only when it has fewer is the full index
    asked, so the hits are few there too (about ``HOT_RATIO`` times the hot ones).

    The hits are collected first (``MATERIALIZED``), then sorted: left to itself, the
    planner guesses that a prefix or an OR of corrections matches a large share of the
    catalog and walks the whole play-count index backwards filtering every row (0.4 s at
    1M tracks for a word that matches ten).
    """
    hits = (f"SELECT t.id, t.title, t.play_count FROM track t WHERE t.status = '{PUBLISHED}' "
            f"AND t.{pg_index.DOC} @@ to_tsquery('simple', :q)")
    ranked = "SELECT * FROM hits ORDER BY play_count DESC, id DESC LIMIT :n"
    threshold = _hot_threshold(session)
    if threshold is not None:
        rows = _rows(session, f"WITH hits AS MATERIALIZED ({hits} AND t.play_count >= {threshold}) "
                              f"{ranked}", {"q": q, "n": limit})
        if len(rows) == limit or threshold <= 0:
            return [tuple(r) for r in rows]
    rows = _rows(session, f"WITH hits AS MATERIALIZED ({hits}) {ranked}", {"q": q, "n": limit})
    return [tuple(r) for r in rows]


_NAMES = (("artists", "artistprofile", "stage_name"), ("albums", "album", "title"),
          ("genres", "genre", "name"))


def _exact(session: Session, alternatives, wanted, limit: int) -> dict:
    """Candidates per group: tracks, then every other group in one round trip."""
    q = tsquery(alternatives)
    query = "to_tsquery('simple', :q)"
    found: dict = {}
    if "tracks" in wanted:
        found["tracks"] = _tracks(session, q, TRACK_CANDIDATES)
    parts = []
    for group, table, column in _NAMES:
        if group in wanted:
            found[group] = []
            # Shortest names first: a cheap stand-in for "closest to the query" (exact titles
            # are the shortest hits), without computing a rank for every hit.
            parts.append(f"(SELECT '{group}', id, NULL FROM \"{table}\" "
                         f"WHERE {_TSV.format(col=column)} @@ {query} "
                         f"ORDER BY length({column}), id LIMIT {OTHER_CANDIDATES})")
    if "lyrics" in wanted:
        found["lyrics"] = []
        doc = _TSV.format(col="t.lyrics")
        parts.append(
            f"(SELECT 'lyrics', t.id, ts_headline('simple', t.lyrics, {query}, "
            "'StartSel=\"\",StopSel=\"\",MaxWords=14,MinWords=6') "
            f"FROM track t WHERE t.status = '{PUBLISHED}' AND t.{pg_index.LYRICS_WHERE} "
            f"AND {doc} @@ {query} ORDER BY ts_rank({doc}, {query}) DESC, t.play_count DESC LIMIT :n)")
    if parts:
        # Order within a group does not matter: the engine re-ranks every candidate.
        for group, row_id, snippet in _rows(session, " UNION ALL ".join(parts), {"q": q, "n": limit}):
            found[group].append(row_id if snippet is None else (row_id, " ".join(snippet.split())))
    return found


def _known_words(session: Session, words: list[str], prefixes: list[bool]) -> list[bool]:
    """For each word, whether any name or track document holds it (or, as a prefix, a word
    beginning with it): one round trip for the whole query.
    """
    checks = ", ".join(f"EXISTS (SELECT 1 FROM {pg_index.TERMS} WHERE term >= :lo{i} AND term <= :hi{i})"
                       for i in range(len(words)))
    params: dict = {}
    for i, (word, prefix) in enumerate(zip(words, prefixes, strict=True)):
        params[f"lo{i}"], params[f"hi{i}"] = word, word + "\U0010ffff" if prefix else word
    return [bool(v) for v in _rows(session, f"SELECT {checks}", params)[0]]


def _corrections(session: Session, word: str) -> list[str]:
    """Indexed words one edit away sharing the first letter (typos rarely hit it)."""
    first = word[0]
    rows = _rows(session, f"SELECT term FROM {pg_index.TERMS} WHERE term >= :lo AND term < :hi "
                          "AND length(term) BETWEEN :short AND :long ORDER BY term",
                 {"lo": first, "hi": chr(ord(first) + 1), "short": len(word) - 1, "long": len(word) + 1})
    return [t for (t,) in rows if t != word and index.within_one_edit(word, t)][:5]


def candidates(session: Session, words: list[str], wanted, limit: int):
    """``(found, corrected)`` like the SQLite path: ids per group, lyrics with snippets.

    The word table holds every word of every name and track document, so a word missing
    from it cannot match a track, artist, album or genre as typed: those queries are skipped
    (they were most of a typo's time) and only lyrics, which the table does not hold, are
    asked before the corrections.
    """
    prefixes = [i == len(words) - 1 and len(word) >= 2 for i, word in enumerate(words)]
    known = _known_words(session, words, prefixes)
    as_typed = wanted if all(known) else wanted & {"lyrics"}
    found = {group: [] for group in wanted} | _exact(session, [[w] for w in words], as_typed, limit)
    if any(found.values()):
        return found, None
    fixed = [[word, *(_corrections(session, word) if len(word) >= 3 and not ok else [])]
             for word, ok in zip(words, known, strict=True)]
    if not any(len(a) > 1 for a in fixed):
        return found, None
    corrected = " ".join(a[1] if len(a) > 1 else a[0] for a in fixed)
    return _exact(session, fixed, wanted, limit), corrected
