"""Catalog search: songs, artists, albums, genres and lyrics from one search box.

Ranking is *relevance first, then popularity*. Relevance is a small set of tiers that a
listener can predict, computed on the few candidates the full-text index returns:

0. the title is exactly the query ("midnight arcade" -> "Midnight Arcade");
1. the title starts with the query (typing "midn" -> "Midnight Arcade");
2. every query word is in the title;
3. the words are spread over title, artist and album ("hollow pines arcade").

Within a tier, more plays win. Matching folds case and accents ("cafe" finds "Café"),
treats the last word as a prefix (search as you type), and, when nothing matches at all,
retries with each unknown word replaced by indexed words one edit away ("midnigt",
"holow pines"). User input never reaches the query language: it is cut to
``MAX_QUERY_CHARS``, split into letter/digit words and each word is quoted, so FTS
syntax such as ``"foo`` or ``AND OR (`` is just text.

Only published tracks are searchable; artists, albums and genres appear only when
they have one. SQLite uses the FTS5 index of ``search.index`` (songs are asked of its
small table of the most played tracks first, which answers common words and short
prefixes exactly; see ``_track_hits``); PostgreSQL uses ``to_tsvector``/``to_tsquery``
and ``pg_trgm`` (``search.postgres``). Result rows come from a few batched column queries
(``catalog.views.published_*``), the same DTOs the browse pages show.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from sqlmodel import Session, col, select

from spoticlone.models import Genre, Track, TrackStatus

# The catalog's DTO builders, so search hits look exactly like browse rows.
from spoticlone.services.catalog.views import (
    genre_out,
    published_album_out,
    published_albums,
    published_artist_dtos,
    published_artists,
    published_track_dtos,
)
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.quick_reads import write_after_read
from spoticlone.services.search import index as search_index
from spoticlone.services.search.dto import LyricsMatch, SearchResults, TopResult

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 100
MAX_TERMS = 8
MAX_LIMIT = 50
GROUPS = ("tracks", "artists", "albums", "genres", "lyrics")
TRACK_CANDIDATES = 40  # most-played hits re-ranked by tier and plays
OTHER_CANDIDATES = 15
_WORD = re.compile(r"[^\W_]+")


# Text handling.


def fold(value: str) -> str:
    """Lower-case and strip accents, as the index tokenizer does ("Café" -> "cafe")."""
    if value.isascii():  # nothing to decompose; casefold() is lower() for ASCII
        return value.lower()
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def terms(query: str) -> list[str]:
    """The words of a user query, folded; empty for blank or punctuation-only input."""
    return _WORD.findall(fold((query or "").strip()[:MAX_QUERY_CHARS]))[:MAX_TERMS]


def _is_prefix_term(term: str) -> bool:
    # One letter as a prefix would match a large share of the catalog for no benefit.
    return len(term) >= 2


def fts_query(alternatives: Sequence[Sequence[str]], expanded: dict | None = None) -> str:
    """An FTS5 expression: every position must match one of its (quoted) alternatives.

    The last position is a prefix (search as you type). Words contain only letters and
    digits (see ``terms``), so quoting them is enough to make any input safe.
    ``expanded`` maps a last-position word to every indexed word it begins (see
    ``_expansions``): the same rows, but streamed instead of merged up front.
    """
    expanded = expanded or {}
    parts = []
    for index, words in enumerate(alternatives):
        last = index == len(alternatives) - 1
        quoted = []
        for w in words:
            if last and w in expanded:  # [] (begins no word) drops a typo from the OR
                quoted += [f'"{t}"' for t in expanded[w]]
            else:
                quoted.append(f'"{w}"' + ("*" if last and _is_prefix_term(w) else ""))
        parts.append("(" + " OR ".join(quoted or [f'"{words[-1]}"*']) + ")")
    return " AND ".join(parts)


def tier(title: str, words: Sequence[str]) -> int:
    """Relevance tier of a hit with this title (0 best); see the module docstring."""
    title_words = _WORD.findall(fold(title))
    joined = " ".join(words)
    folded = " ".join(title_words)
    if folded == joined:
        return 0
    if folded.startswith(joined):
        return 1
    head, last = words[:-1], words[-1] if words else ""
    if all(w in title_words for w in head) and any(t.startswith(last) for t in title_words):
        return 2
    return 3


# SQLite.

# Tracks are asked of ``search_hot`` first (the most played ones, see ``search.index``):
# when it has ``limit`` hits, they are the answer, whatever the rest of the catalog holds.
# Otherwise the hits are few enough in the most played tracks to be few overall: with at
# most DENSE of them, collect and sort them all; with more, walk the tracks most played
# first and stop at the first ``limit`` hits (the hit set is still read once).
DENSE = 3000


def _sql(session: Session, sql: str, params: dict | None = None) -> list:
    """Rows of one SQLite statement on the session's own DBAPI connection (same transaction):
    skips SQLAlchemy's per-statement work, ~0.2 ms each, over a dozen statements a search.
    """
    return _dbapi(session).execute(sql, params or {}).fetchall()


def _dbapi(session: Session):
    return session.connection().connection.driver_connection


def _fts_ids(kind: str, expr_param: str = ":q") -> str:
    lo, hi = search_index.kind_range(kind)
    return (f"SELECT rowid - {lo} FROM {search_index.TABLE} WHERE {search_index.TABLE} "
            f"MATCH {expr_param} AND rowid >= {lo} AND rowid < {hi}")


# Most played first; ties by id, newest first, which is also the order of the
# ``(status, play_count)`` index, so the walk needs no sort and every plan agrees.
_MOST_PLAYED = "ORDER BY play_count DESC, id DESC LIMIT :n"


def _hot_hits(session: Session, expr: str, limit: int, threshold: int) -> list | None:
    """The ``limit`` most played hits from the hot table, or None if it cannot tell."""
    hot = search_index.HOT
    rows = _sql(session, f"SELECT id, title, play_count FROM track WHERE id IN (SELECT rowid FROM "
                f"{hot} WHERE {hot} MATCH :q) AND status = :pub AND play_count >= :t {_MOST_PLAYED}",
                {"q": expr, "pub": search_index.PUBLISHED, "t": threshold, "n": limit})
    return rows if len(rows) == limit or threshold <= 0 else None


def _track_hits(session: Session, expr: str, limit: int, threshold: int | None) -> list:
    """``(id, title, play_count)`` of up to ``limit`` matching tracks, most played first.

    No bm25: scoring every hit of a common word costs O(hits) (tens of ms at 1M tracks);
    relevance comes from the tiers instead, with a separate "title starts with" query so
    exact titles are candidates even when thousands of popular songs merely contain a word.
    """
    if threshold is not None:
        hot = _hot_hits(session, expr, limit, threshold)
        if hot is not None:
            return hot
    hits = _sql(session, f"SELECT count(*) FROM ({_fts_ids('track')} LIMIT {DENSE})", {"q": expr})[0][0]
    if not hits:
        return []
    source = "track INDEXED BY ix_track_status_play_count" if hits >= DENSE else "track"
    return _sql(session, f"SELECT id, title, play_count FROM {source} WHERE status = :pub AND "
                f"id IN ({_fts_ids('track')}) {_MOST_PLAYED}",
                {"q": expr, "pub": search_index.PUBLISHED, "n": limit})


def _match_ids(session: Session, kind: str, expr: str, limit: int) -> list[int]:
    rows = _sql(session, f"{_fts_ids(kind)} LIMIT :n", {"q": expr, "n": limit})
    return [rowid for (rowid,) in rows]


def _starts_with(words: Sequence[str], expanded: dict | None = None) -> str:
    """FTS5 "column starts with this phrase" (``^``); the last word is a prefix."""
    head = "".join(f'"{w}" + ' for w in words[:-1])
    last = words[-1]
    if expanded and expanded.get(last):
        return "(" + " OR ".join(f'^{head}"{t}"' for t in expanded[last]) + ")"
    return "^" + head + f'"{last}"' + ("*" if _is_prefix_term(last) else "")


def _lyrics_hits(session: Session, expr: str, limit: int) -> list[tuple[int, str]]:
    table = search_index.LYRICS
    rows = _sql(session, f"SELECT rowid, snippet({table}, 0, '', '', '…', 12) FROM {table} "
                f"WHERE {table} MATCH :q ORDER BY rank LIMIT :n", {"q": expr, "n": limit})
    return [(rowid, " ".join(snippet.split())) for rowid, snippet in rows]


# A prefix this long has no FTS5 prefix index (``prefix = '2 3'``): FTS5 merges the doclists
# of every word it begins into one list before returning a row, again for each query (a
# common word: ~8 ms each at 1M tracks). When it begins only a few indexed words, OR-ing
# those words matches the same rows and streams them, so ``LIMIT`` stops early.
EXPAND_FROM = 4
EXPAND_MAX = 64


def _expansions(session: Session, alternatives) -> dict[str, list[str]]:
    """Last-position words -> the (few) indexed words they begin."""
    out: dict[str, list[str]] = {}
    for word in alternatives[-1]:
        if len(word) >= EXPAND_FROM:
            found = search_index.words_between(_dbapi(session), word, word + "\U0010ffff",
                                               limit=EXPAND_MAX + 1)
            if len(found) <= EXPAND_MAX:
                out[word] = found
    return out


def _sqlite_candidates(session: Session, alternatives, wanted, limit: int) -> dict:
    # Artists and genres have an empty subtitle, so one expression serves every kind.
    # Lyrics have words of their own, so their query keeps the plain prefix.
    expanded = _expansions(session, alternatives)
    names = titles = fts_query(alternatives, expanded)
    expr = fts_query(alternatives)
    first = "{title} : " + _starts_with([a[-1] for a in alternatives], expanded)
    found: dict = {}
    # The "starts with" queries only matter when the plain one hit its limit: below it,
    # every hit is already a candidate.
    if "tracks" in wanted:
        threshold = search_index.hot_threshold(_dbapi(session))
        hits = _track_hits(session, names, TRACK_CANDIDATES, threshold)
        if len(hits) == TRACK_CANDIDATES:
            hits = _track_hits(session, first, OTHER_CANDIDATES, threshold) + hits
        found["tracks"] = list({row[0]: row for row in hits}.values())
    for group, kind, query in (("artists", "artist", titles), ("albums", "album", names),
                               ("genres", "genre", titles)):
        if group in wanted:
            ids = _match_ids(session, kind, query, OTHER_CANDIDATES)
            if len(ids) == OTHER_CANDIDATES:
                ids = _match_ids(session, kind, first, OTHER_CANDIDATES) + ids
            found[group] = list(dict.fromkeys(ids))
    if "lyrics" in wanted:
        found["lyrics"] = _lyrics_hits(session, expr, limit)
    return found


def _sqlite_search(session: Session, words: list[str], wanted, limit: int):
    alternatives = [[w] for w in words]
    found = _sqlite_candidates(session, alternatives, wanted, limit)
    corrected = None
    if not any(found.get(g) for g in GROUPS):
        conn = _dbapi(session)
        fixed = []
        for index, word in enumerate(words):
            prefix = index == len(words) - 1 and _is_prefix_term(word)
            fixes = ([] if len(word) < 3 or search_index.known(conn, word, prefix)
                     else search_index.corrections(conn, word))
            fixed.append([word, *fixes])
        if any(len(a) > 1 for a in fixed):
            found = _sqlite_candidates(session, fixed, wanted, limit)
            corrected = " ".join(a[1] if len(a) > 1 else a[0] for a in fixed)
    return found, corrected


# Assembly.


def _visible_genres(session: Session, ids: Sequence[int]) -> Sequence[Row[*tuple[Any, ...]]]:
    if not ids:
        return []
    has_track = (select(Track.id).where(Track.genre_id == Genre.id,
                                        col(Track.status) == TrackStatus.PUBLISHED).exists())
    return session.connection().execute(
        select(Genre.id, Genre.name, Genre.slug, Genre.description)
        .where(col(Genre.id).in_(ids), has_track)).all()


def _best(rows, title_of, plays_of, id_of, words, limit) -> tuple[list, int]:
    """The top ``limit`` rows by (tier, -plays, id) and the tier of the first (9: none)."""
    keyed = sorted(((tier(title_of(r), words), -plays_of(r), id_of(r)), r) for r in rows)[:limit]
    return [k[1] for k in keyed], keyed[0][0][0] if keyed else 9


def _assemble(session: Session, words, found: dict, limit: int) -> dict:
    """Rank each group's candidates and build their rows (a handful of batched queries)."""
    out: dict = {}
    keys, out["_track_tier"] = _best(found.get("tracks", []), lambda r: r[1], lambda r: r[2],
                                     lambda r: r[0], words, limit)
    hits = found.get("lyrics", [])
    # One batch of track DTOs for songs and lyric hits alike; drafts are left out.
    dtos = published_track_dtos(session, [r[0] for r in keys] + [i for i, _ in hits])
    out["tracks"] = [dtos[r[0]] for r in keys if r[0] in dtos]
    out["lyrics"] = [LyricsMatch(track=dtos[i], snippet=s) for i, s in hits if i in dtos][:limit]

    # Artists and albums are ranked on plain rows; only the winners become DTOs.
    artists, out["_artist_tier"] = _best(published_artists(session, found.get("artists", [])),
                                         lambda r: r.stage_name, lambda r: r.plays, lambda r: r.id,
                                         words, limit)
    out["artists"] = published_artist_dtos(session, artists)
    albums, out["_album_tier"] = _best(published_albums(session, found.get("albums", [])),
                                       lambda r: r.al_title, lambda r: r.plays, lambda r: r.al_id,
                                       words, limit)
    out["albums"] = [published_album_out(r) for r in albums]

    genres, out["_genre_tier"] = _best(_visible_genres(session, found.get("genres", [])),
                                       lambda g: g.name, lambda g: 0, lambda g: g.id, words, limit)
    out["genres"] = [genre_out(g) for g in genres]
    return out


def _top(out: dict) -> TopResult | None:
    """The best hit: lowest tier wins; on a tie an artist, then a song, album, genre."""
    options = []
    if out["artists"]:
        a = out["artists"][0]
        options.append((out["_artist_tier"], 0, TopResult(
            kind="artist", id=a.id, title=a.name, subtitle="Artist", url=a.url, image_url=a.image_url)))
    if out["tracks"]:
        t = out["tracks"][0]
        options.append((out["_track_tier"], 1, TopResult(
            kind="track", id=t.id, title=t.title, subtitle=f"Song • {t.artist.name}", url=t.url,
            image_url=t.cover_url)))
    if out["albums"]:
        a = out["albums"][0]
        options.append((out["_album_tier"], 2, TopResult(
            kind="album", id=a.id, title=a.title, subtitle=f"{a.kind.title()} • {a.artist.name}",
            url=a.url, image_url=a.cover_url)))
    if out["genres"]:
        g = out["genres"][0]
        options.append((out["_genre_tier"], 3, TopResult(
            kind="genre", id=g.id, title=g.name, subtitle="Genre", url=g.url, image_url=None)))
    if not options:
        return None
    return min(options, key=lambda o: (o[0], o[1]))[2]


def search(
    session: Session,
    *,
    query: str,
    limit_per_group: int = 5,
    groups: Sequence[str] | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> SearchResults:
    """Search the published catalog; see the module docstring for matching and ranking.

    ``groups`` restricts the work to some of ``GROUPS`` (the rest come back empty). A search
    of every group that finds nothing is counted for the admin dashboard on ``clock``'s day
    (``services.insight.searches``: one upsert, only then).
    """
    limit = max(1, min(int(limit_per_group), MAX_LIMIT))
    wanted = set(GROUPS if groups is None else (g for g in groups if g in GROUPS))
    cleaned = " ".join((query or "").split())[:MAX_QUERY_CHARS]
    words = terms(cleaned)
    if not words or not wanted:
        return SearchResults(query=cleaned)
    if session.get_bind().dialect.name == "postgresql":
        from spoticlone.services.search import postgres

        found, corrected = postgres.candidates(session, words, wanted, limit)
    else:
        found, corrected = _sqlite_search(session, words, wanted, limit)
    rank_words = corrected.split() if corrected else words
    out = _assemble(session, rank_words, found, limit)
    top = _top(out)
    groups_out = {g: out[g] for g in GROUPS}
    total = sum(len(v) for v in groups_out.values())
    if not total and top is None and groups is None:
        from spoticlone.services.insight.searches import record_miss

        write_after_read(session, record_miss, term=cleaned, day=clock.now().date())
    log.debug("search %r: %d results (corrected=%r)", cleaned, total, corrected)
    return SearchResults(query=cleaned, corrected=corrected, top=top, total=total, **groups_out)
