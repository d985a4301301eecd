"""Catalog pagination: how much slower is a deep page than the first page?

Builds a synthetic catalog (metadata only) in a temporary SQLite database and times
``catalog.list_tracks`` and ``catalog.list_albums`` for the first page and for pages
deep into the list. The reference is the first page measured in the same run; the
quality bar asks for deep pages within 2x of it.

    .venv/bin/python benchmarks/catalog_pagination.py --tracks 200000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sqlmodel import Session

from spoticlone.db import create_schema, make_engine
from spoticlone.services.catalog import browse


def build_catalog(engine, tracks: int, per_album: int = 10) -> None:
    artists = max(1, tracks // 200)
    albums = max(1, tracks // per_album)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text(
            "INSERT INTO genre (id, name, slug, description) VALUES (1, 'Pop', 'pop', '')"))
        conn.execute(
            sqlalchemy.text(
                "INSERT INTO artistprofile (id, stage_name, slug, bio, verified, created_at) "
                "VALUES (:id, :name, :slug, '', 0, '2024-01-01')"),
            [{"id": i, "name": f"Artist {i}", "slug": f"artist-{i}"} for i in range(1, artists + 1)],
        )
        conn.execute(
            sqlalchemy.text(
                "INSERT INTO album (id, title, slug, artist_id, genre_id, release_date, kind,"
                " created_at) VALUES (:id, :t, :s, :a, 1, :d, 'ALBUM', '2024-01-01')"),
            [{"id": i, "t": f"Album {i}", "s": f"album-{i}", "a": 1 + i % artists,
              "d": f"20{10 + i % 15}-0{1 + i % 9}-1{i % 9}"} for i in range(1, albums + 1)],
        )
        rows = []
        for i in range(1, tracks + 1):
            album = 1 + (i - 1) // per_album
            rows.append({"id": i, "t": f"Track {i}", "s": f"track-{i}", "a": 1 + album % artists,
                         "al": album, "n": 1 + (i - 1) % per_album, "p": (i * 7919) % 100_000})
        conn.execute(
            sqlalchemy.text(
                "INSERT INTO track (id, title, slug, artist_id, album_id, disc_number, track_number,"
                " genre_id, duration_ms, audio_key, audio_format, mime_type, file_size, lyrics,"
                " synced_lyrics, play_count, licence, explicit, status, created_at) VALUES"
                " (:id, :t, :s, :a, :al, 1, :n, 1, 180000, 'k', 'mp3', 'audio/mpeg', 0, '', '',"
                " :p, '', 0, 'PUBLISHED', '2024-01-01')"),
            rows,
        )
        conn.execute(sqlalchemy.text("ANALYZE"))


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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        create_schema(engine)
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


if __name__ == "__main__":
    main()
