"""Catalog pagination: how much slower is a deep page than the first page?

Builds a synthetic catalog (metadata only) in a temporary SQLite database and times
``catalog.list_tracks`` and ``catalog.list_albums`` for the first page and for pages
deep into the list. The reference is the first page measured in the same run; the
quality bar asks for deep pages within 2x of it.

    .venv/bin/python benchmarks/catalog_pagination.py --tracks 200000
    .venv/bin/python benchmarks/catalog_pagination.py --tracks 1000000 \
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test

``--postgres URL`` builds the same catalog with ``COPY`` in a new schema of that database
and drops it afterwards (``--schema NAME --keep`` keeps it for the next run).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sqlmodel import Session

from spoticlone.db import create_schema, make_engine
from spoticlone.services.catalog import album_listing, browse
from spoticlone.services.search import index

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pg_catalog  # the sibling module, found from any working directory
from search import TRACK_COLUMNS


def build_catalog(engine, tracks: int, per_album: int = 10) -> None:
    artists = max(1, tracks // 200)
    albums = max(1, tracks // per_album)
    with engine.begin() as conn:
        album_listing.uninstall(conn)
        index.uninstall(conn)  # one search index build after the load, not a trigger per row
        pg_catalog.load(conn, "genre", ("id", "name", "slug", "description"), [(1, "Pop", "pop", "")])
        pg_catalog.load(conn, "artistprofile", ("id", "stage_name", "slug", "bio", "verified", "created_at"),
                        ((i, f"Artist {i}", f"artist-{i}", "", False, "2024-01-01")
                         for i in range(1, artists + 1)))
        pg_catalog.load(conn, "album", ("id", "title", "slug", "artist_id", "genre_id", "release_date",
                                        "kind", "created_at"),
                        ((i, f"Album {i}", f"album-{i}", 1 + i % artists, 1,
                          f"20{10 + i % 15}-0{1 + i % 9}-1{i % 9}", "ALBUM", "2024-01-01")
                         for i in range(1, albums + 1)))
        pg_catalog.load(conn, "track", TRACK_COLUMNS, (
            (i, f"Track {i}", f"track-{i}", 1 + (1 + (i - 1) // per_album) % artists,
             1 + (i - 1) // per_album, 1, 1 + (i - 1) % per_album, 1, 180000, "k", "mp3", "audio/mpeg",
             0, "", "", (i * 7919) % 100_000, "", False, "PUBLISHED", "2024-01-01")
            for i in range(1, tracks + 1)))
        index.install(conn)
        album_listing.install(conn)
        pg_catalog.analyze(conn)
    pg_catalog.settle(engine)


def timed(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--postgres", metavar="URL",
                        help="build the catalog in a new schema of this PostgreSQL database instead")
    parser.add_argument("--schema", help="with --postgres: use (or build and keep) this schema")
    parser.add_argument("--keep", action="store_true", help="with --postgres: keep the schema")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        if args.postgres:
            engine, fresh = stack.enter_context(
                pg_catalog.open_engine(args.postgres, schema=args.schema, keep=args.keep))
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory())
            engine, fresh = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}"), True
            create_schema(engine)
        if fresh:
            build_catalog(engine, args.tracks)
        with Session(engine) as session:
            for name, fn, size in (("tracks", browse.list_tracks, 50),
                                   ("albums", browse.list_albums, 24)):
                total = fn(session, page_size=size).total
                last = max(1, -(-total // size))
                first = timed(lambda fn=fn, size=size: fn(session, page=1, page_size=size), args.repeat)
                for page in sorted({last // 2, last}):
                    deep = timed(
                        lambda fn=fn, page=page, size=size: fn(session, page=page, page_size=size), args.repeat
                    )
                    print(f"{name:6} total={total:>7} page 1: {first:6.2f} ms  page {page:>6}: "
                          f"{deep:6.2f} ms  ratio {deep / first:5.2f}x")
        print(f"{engine.dialect.name}, load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
