"""Search latency: the search service against a naive ``LIKE '%term%'`` scan, same data.

Builds a synthetic catalog (metadata only: titles, artists, albums drawn from a
20,000-word pseudo-vocabulary with a Zipf-like skew, so some words are common) in a
temporary SQLite file, then times ``search.search`` (the whole service call: all five
groups, DTOs included) for a mix of queries taken from the data:

- prefix: the first 3-5 letters of a title word (search as you type);
- word: a whole title word;
- typo: a title word with one letter dropped, doubled or changed;
- multi: an artist word plus a title word of one of their tracks.

The reference is ``LIKE '%query%'`` over track title and artist name (published only,
most played first, 5 rows) on the same database in the same run. The quality bar asks
for p95 <= 15 ms at 1M tracks and >= 30x faster than LIKE.

    .venv/bin/python benchmarks/search.py --tracks 100000
    .venv/bin/python benchmarks/search.py --tracks 1000000
    .venv/bin/python benchmarks/search.py --tracks 1000000 --db /tmp/search-1m.db
    .venv/bin/python benchmarks/search.py --tracks 1000000 \
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test

``--db PATH`` keeps the built catalog in PATH and reuses it on the next run (building
1M tracks takes minutes); the file must have been built with the same ``--tracks``.
``--postgres URL`` builds the same catalog (``COPY``, then the search index) in a new
schema of that database and drops it afterwards; ``--schema NAME --keep`` keeps it under
NAME and a later run with the same ``--schema`` reuses it. The reference there is ``ILIKE``.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sqlmodel import Session

from spoticlone.db import create_schema, make_engine
from spoticlone.services.catalog import album_listing
from spoticlone.services.search import engine as search_engine, index

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pg_catalog  # the sibling module, found from any working directory

log = logging.getLogger("benchmarks.search")
SYLLABLES = ("ka", "lo", "mi", "ne", "ra", "ti", "so", "vu", "an", "el", "or", "is", "ba", "de",
             "fu", "gi", "ho", "ju", "pe", "qu", "sa", "te", "wi", "ya", "zo", "ch", "st", "tr")
TRACK_COLUMNS = ("id", "title", "slug", "artist_id", "album_id", "disc_number", "track_number",
                 "genre_id", "duration_ms", "audio_key", "audio_format", "mime_type", "file_size",
                 "lyrics", "synced_lyrics", "play_count", "licence", "explicit", "status", "created_at")
LIKE_SQL = sqlalchemy.text(
    "SELECT t.id FROM track t JOIN artistprofile a ON a.id = t.artist_id "
    "WHERE t.status = 'PUBLISHED' AND (t.title LIKE :p OR a.stage_name LIKE :p) "
    "ORDER BY t.play_count DESC LIMIT 5"
)


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def build_catalog(engine, tracks: int, seed: int = 7) -> dict[str, list]:
    """Bulk-load artists, albums and tracks, then build the FTS index once."""
    rng = random.Random(seed)
    words = vocabulary(rng, 20_000)
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1 / (rank + 1) ** 0.7
        cumulative.append(total)
    rng.shuffle(words)

    def phrase(lo: int, hi: int) -> str:
        picked = rng.choices(words, cum_weights=cumulative, k=rng.randint(lo, hi))
        return " ".join(w.capitalize() for w in picked)

    artists = max(1, tracks // 200)
    albums = max(1, tracks // 10)
    artist_names = [phrase(1, 3) for _ in range(artists)]
    titles = [phrase(1, 4) for _ in range(tracks)]
    started = time.perf_counter()
    with engine.begin() as conn:
        album_listing.uninstall(conn)
        index.uninstall(conn)  # triggers off: one index build after the load
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
        pg_catalog.load(conn, "genre", ("id", "name", "slug", "description"), [(1, "Pop", "pop", "")])
        pg_catalog.load(conn, "artistprofile", ("id", "stage_name", "slug", "bio", "verified", "created_at"),
                        ((i + 1, n, f"artist-{i + 1}", "", False, "2024-01-01")
                         for i, n in enumerate(artist_names)))
        pg_catalog.load(conn, "album", ("id", "title", "slug", "artist_id", "genre_id", "release_date",
                                        "kind", "created_at"),
                        [(i, phrase(1, 3), f"album-{i}", 1 + i % artists, 1, "2020-01-01", "ALBUM",
                          "2024-01-01") for i in range(1, albums + 1)])
        pg_catalog.load(conn, "track", TRACK_COLUMNS, (
            (i, titles[i - 1], f"track-{i}", 1 + (1 + (i - 1) // 10) % artists, 1 + (i - 1) // 10, 1,
             1 + (i - 1) % 10, 1, 180000, "k", "mp3", "audio/mpeg", 0, "", "",
             int(rng.paretovariate(1.2) * 10), "", False, "DRAFT" if i % 50 == 0 else "PUBLISHED",
             "2024-01-01") for i in range(1, tracks + 1)))
        log.info("rows loaded in %.1fs", time.perf_counter() - started)
        started = time.perf_counter()
        index.install(conn)
        album_listing.install(conn)
        log.info("search index build %.1fs", time.perf_counter() - started)
        pg_catalog.analyze(conn)
    pg_catalog.settle(engine)
    return {"titles": titles, "artists": artist_names}


def load_catalog(engine) -> dict[str, list]:
    """The titles and artist names of a catalog kept by an earlier run (same order as built)."""
    with engine.connect() as conn:
        titles = [t for (t,) in conn.exec_driver_sql("SELECT title FROM track ORDER BY id")]
        artists = [n for (n,) in conn.exec_driver_sql("SELECT stage_name FROM artistprofile ORDER BY id")]
    return {"titles": titles, "artists": artists}


def open_catalog(path: Path, tracks: int) -> tuple[sqlalchemy.Engine, dict[str, list]]:
    """The catalog in ``path``: reused when it holds ``tracks`` tracks, else built there."""
    engine = make_engine(f"sqlite:///{path}")
    if path.exists():
        with engine.connect() as conn:
            try:
                count = conn.exec_driver_sql("SELECT count(*) FROM track").scalar()
            except sqlalchemy.exc.OperationalError:
                count = None
        if count == tracks:
            log.info("reusing %s (%d tracks)", path, tracks)
            return engine, load_catalog(engine)
        engine.dispose()
        path.unlink()
        engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    started = time.perf_counter()
    data = build_catalog(engine, tracks)
    log.info("built %d tracks in %.1fs", tracks, time.perf_counter() - started)
    return engine, data


def typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word))
    edit = rng.choice(("drop", "double", "change"))
    if edit == "drop":
        return word[:i] + word[i + 1:]
    if edit == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiou") + word[i + 1:]


def queries(data: dict[str, list], n: int, seed: int = 11) -> dict[str, list[str]]:
    rng = random.Random(seed)
    titles, artists = data["titles"], data["artists"]
    mix: dict[str, list[str]] = {"prefix": [], "word": [], "typo": [], "multi": []}
    for _ in range(n):
        word = rng.choice(rng.choice(titles).split()).lower()
        mix["prefix"].append(word[: rng.randint(3, 5)])
        mix["word"].append(rng.choice(rng.choice(titles).split()).lower())
        mix["typo"].append(typo(rng, rng.choice(rng.choice(titles).split()).lower()))
        track = rng.randrange(len(titles))
        artist = artists[(1 + track // 10) % len(artists)]
        mix["multi"].append(f"{artist.split()[0]} {titles[track].split()[0]}".lower())
    return mix


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100, help="per kind, for the service")
    parser.add_argument("--like-queries", type=int, default=10, help="per kind, for LIKE")
    parser.add_argument("--db", type=Path, help="keep the catalog in this SQLite file and reuse it")
    parser.add_argument("--postgres", metavar="URL",
                        help="build the catalog in a new schema of this PostgreSQL database instead")
    parser.add_argument("--schema", help="with --postgres: use (or build and keep) this schema")
    parser.add_argument("--keep", action="store_true", help="with --postgres: keep the schema")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with contextlib.ExitStack() as stack:
        if args.postgres:
            engine, fresh = stack.enter_context(
                pg_catalog.open_engine(args.postgres, schema=args.schema, keep=args.keep))
            started = time.perf_counter()
            data = build_catalog(engine, args.tracks) if fresh else load_catalog(engine)
            log.info("catalog ready in %.1fs", time.perf_counter() - started)
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory())
            engine, data = open_catalog(args.db or Path(tmp) / "bench.db", args.tracks)
        like_sql = LIKE_SQL if engine.dialect.name == "sqlite" else sqlalchemy.text(
            str(LIKE_SQL).replace(" LIKE ", " ILIKE "))
        mix = queries(data, args.queries)
        all_fts: list[float] = []
        all_like: list[float] = []
        with Session(engine) as session:
            for q in mix["word"][:5]:
                search_engine.search(session, query=q)  # warm the page cache
            print(f"{'kind':7} {'service p50':>11} {'p95':>7} {'LIKE p50':>9} {'p95':>8}  hits")
            for kind, qs in mix.items():
                fts, like, hits = [], [], 0
                for q in qs:
                    start = time.perf_counter()
                    result = search_engine.search(session, query=q)
                    fts.append((time.perf_counter() - start) * 1000)
                    hits += bool(result.total)
                for q in qs[: args.like_queries]:
                    start = time.perf_counter()
                    session.connection().execute(like_sql, {"p": f"%{q}%"}).all()
                    like.append((time.perf_counter() - start) * 1000)
                all_fts += fts
                all_like += like
                (f50, f95), (l50, l95) = percentiles(fts), percentiles(like)
                print(f"{kind:7} {f50:9.2f}ms {f95:5.2f}ms {l50:7.1f}ms {l95:6.1f}ms  "
                      f"{hits}/{len(qs)} found something")
        (f50, f95), (l50, l95) = percentiles(all_fts), percentiles(all_like)
        print(f"{'all':7} {f50:9.2f}ms {f95:5.2f}ms {l50:7.1f}ms {l95:6.1f}ms")
        print(f"{engine.dialect.name} tracks={len(data['titles'])}  service p95={f95:.2f} ms  LIKE p95={l95:.1f} ms  "
              f"speed-up p50 {l50 / f50:.0f}x, p95 {l95 / f95:.0f}x  load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
