"""Subsonic at a million songs: paging the whole library, and random album lists.

Uses the search benchmark's synthetic catalog (``search.open_catalog``: artists, albums of
ten songs, one song in 50 a draft) and times what the ``/rest`` handlers do, services and
shaping into Subsonic documents (``shapes``), without HTTP:

- **sync**: ``search3`` with an empty query, as apps sync their whole library: 500 songs a
  page, offset 0, 500, 1000, ... to the end. The first page is the reference: the last
  pages must stay within 2x of it (flat per page, not growing with the offset). A
  **jump** to a deep offset no page ended at (a resumed sync) is held to the same bound;
  the same jump on a worker that served no page before is shown for information.
- **random**: ``getAlbumList2?type=random`` (10 albums, the apps' default, and 50):
  p95 <= 50 ms. The reference is a primary-key lookup of a song measured in the same run.

Exits non-zero when a bound is missed.

    .venv/bin/python benchmarks/subsonic.py                       # 1M songs
    .venv/bin/python benchmarks/subsonic.py --tracks 100000
    .venv/bin/python benchmarks/subsonic.py --db /tmp/search-1m.db  # reuse a built catalog
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from search import open_catalog  # the benchmark next to this one
from sqlmodel import Session

from spoticlone.api.routers.subsonic import shapes
from spoticlone.db import make_engine
from spoticlone.models import Track
from spoticlone.services.subsonic import catalog

PAGE = 500
RANDOM_P95_MS = 50.0
FLAT_RATIO = 2.0


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def sync_page(engine, offset: int) -> tuple[float, int]:
    """One ``search3`` page of songs (empty query), in its own session as each request has."""
    start = time.perf_counter()
    with Session(engine) as session:
        songs = catalog.library_page(session, kind="song", count=PAGE, offset=offset)
        [shapes.song(t) for t in songs]
    return ms_since(start), len(songs)


def sync(engine) -> tuple[list[float], int]:
    """Every page, in order, as an app syncing its library asks for them."""
    times, offset = [], 0
    while True:
        took, got = sync_page(engine, offset)
        if got == 0:
            return times, offset
        times.append(took)
        offset += got


def random_albums(engine, size: int, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        with Session(engine) as session:
            albums = catalog.album_list(session, actor=None, list_type="random", size=size)
            [shapes.album(a) for a in albums]
        samples.append(ms_since(start))
        assert len(albums) == size, len(albums)
    return samples


def pk_lookups(engine, top: int, repeat: int) -> list[float]:
    """The reference: one song by primary key, in its own session like the calls measured."""
    rng = random.Random(3)
    samples = []
    for _ in range(repeat):
        ident = rng.randint(1, top)
        start = time.perf_counter()
        with Session(engine) as session:
            session.get(Track, ident)
        samples.append(ms_since(start))
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tracks", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=200, help="calls per random-list size")
    parser.add_argument("--db", type=Path, help="keep the catalog in this SQLite file and reuse it")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        engine, _data = open_catalog(args.db or Path(tmp) / "bench.db", args.tracks)
        reference = pk_lookups(engine, args.tracks, args.repeat)
        print(f"reference: song by primary key  p50 {statistics.median(reference):6.2f} ms  "
              f"p95 {p95(reference):6.2f} ms")
        for size in (10, 50):
            samples = random_albums(engine, size, args.repeat)
            verdict = "ok" if p95(samples) <= RANDOM_P95_MS else "TOO SLOW"
            print(f"getAlbumList2 random size={size:<3} p50 {statistics.median(samples):6.2f} ms  "
                  f"p95 {p95(samples):6.2f} ms  ({p95(samples) / p95(reference):.0f}x the reference) "
                  f"{verdict}")
            if size == 10 and verdict != "ok":
                failures.append(f"random album list p95 {p95(samples):.1f} ms > {RANDOM_P95_MS} ms")

        for _ in range(3):
            sync_page(engine, 0)  # warm the page cache: the reference is a warm first page
        first = statistics.median(sync_page(engine, 0)[0] for _ in range(5))
        started = time.perf_counter()
        times, synced = sync(engine)
        last = statistics.median(times[-5:])
        print(f"search3 sync: {len(times)} pages of {PAGE}, {synced} songs in {ms_since(started) / 1000:.1f} s; "
              f"first page {first:6.2f} ms, last pages {last:6.2f} ms, ratio {last / first:4.2f}x, "
              f"slowest {max(times):6.2f} ms")
        if last > FLAT_RATIO * first:
            failures.append(f"sync: last pages {last:.1f} ms > {FLAT_RATIO}x first {first:.1f} ms")
        deep = synced - PAGE - 7  # not an offset any page ended at: starts from the nearest mark
        jump = statistics.median(sync_page(engine, deep)[0] for _ in range(5))
        print(f"search3 jump to offset {deep} (this worker served earlier pages): {jump:6.2f} ms, "
              f"ratio {jump / first:4.2f}x the first page")
        if jump > FLAT_RATIO * first:
            failures.append(f"jump: {jump:.1f} ms > {FLAT_RATIO}x first {first:.1f} ms")
        # Another spelling of the same file is another key: a worker that never served a page.
        fresh = make_engine(f"sqlite:///{engine.url.database.replace('/', '//', 1)}")
        cold = statistics.median(sync_page(fresh, deep + 1 + n)[0] for n in range(5))
        print(f"search3 jump to offset {deep + 1} on a fresh worker (OFFSET over every earlier row): "
              f"{cold:6.2f} ms, ratio {cold / first:4.2f}x (informative: apps page in order)")
    for failure in failures:
        print(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
