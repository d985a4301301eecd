"""The admin data browser at 10M play events: the overview and a table's pages, before and after.

Before: every visit of ``/admin/data`` ran ``COUNT(*)`` on every table, and every page of a
table counted all of its matching rows. After (``services.admin.data_browser``): a table is
counted exactly up to ``EXACT_UP_TO`` rows and estimated beyond (two index probes on SQLite),
and a list counts at most ``LIST_COUNT_AHEAD`` rows past the page it shows. This script, in
one run, on a temporary SQLite database:

- bulk-inserts ``--events`` play events (``executemany``, as ``benchmarks/dashboard.py`` does)
  and a few accounts and songs for them to point at;
- times the old overview (``COUNT(*)`` per table) against ``list_tables``, and the old first
  page of ``playevent`` (full count + page) against ``list_rows`` for pages 1 and 100, and the
  search of ``user``, the median of ``--repeat`` runs each.

    .venv/bin/python benchmarks/admin_data.py --events 10000000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

USERS = 1_000
TRACKS = 500
BATCH = 100_000


def timed(repeat: int, fn) -> tuple[float, object]:
    """Median milliseconds of ``repeat`` calls of ``fn``, and its last result."""
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), result


def fill(engine, events: int) -> None:
    """Accounts, songs and ``events`` play events, through the DB-API in large batches."""
    from sqlalchemy import insert

    from spoticlone.models import ArtistProfile, Track, TrackStatus, User

    start = datetime(2025, 1, 1, tzinfo=UTC)
    with engine.begin() as connection:  # through Core, so the models' defaults fill the other columns
        connection.execute(insert(User.__table__), [{"id": n, "email": f"u{n}@bench.test", "username": f"u{n}"}
                                                    for n in range(1, USERS + 1)])
        connection.execute(insert(ArtistProfile.__table__), [{"id": 1, "stage_name": "Bench", "slug": "bench"}])
        connection.execute(insert(Track.__table__), [
            {"id": t, "title": f"Song {t}", "slug": f"song-{t}", "artist_id": 1, "duration_ms": 200_000,
             "audio_key": f"a/{t}.mp3", "audio_format": "mp3", "status": TrackStatus.PUBLISHED}
            for t in range(1, TRACKS + 1)])
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for first in range(0, events, BATCH):
            rows = [(n % USERS + 1, n % TRACKS + 1, (start + timedelta(seconds=n)).strftime("%Y-%m-%d %H:%M:%S"),
                     (n * 7919) % 240_000, n % 3 != 0) for n in range(first, min(events, first + BATCH))]
            cursor.executemany("INSERT INTO playevent (user_id, track_id, started_at, ms_played, source, completed, "
                               "skipped, counted) VALUES (?, ?, ?, ?, 'ALBUM', 0, 0, ?)", rows)
            raw.commit()
            print(f"\r{min(events, first + BATCH):,} play events", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
    finally:
        raw.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", help="reuse this SQLite file (filled on the first run)")
    args = parser.parse_args()

    from sqlalchemy import func, select
    from sqlmodel import Session, SQLModel

    from spoticlone.db import create_schema, make_engine
    from spoticlone.models import Role, User
    from spoticlone.services.admin import data_browser

    path = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="admin-data-")) / "bench.db"
    fresh = not path.exists()
    engine = make_engine(f"sqlite:///{path}")
    if fresh:
        create_schema(engine)
        began = time.perf_counter()
        fill(engine, args.events)
        print(f"filled in {time.perf_counter() - began:.0f} s: {path}")

    with Session(engine) as session:
        admin = session.get(User, 1)
        admin.role = Role.ADMIN
        session.add(admin)
        session.commit()
        events = session.scalar(select(func.count()).select_from(SQLModel.metadata.tables["playevent"]))
        print(f"{events:,} play events, {len(data_browser.all_tables())} tables, median of {args.repeat}")

        def old_overview() -> int:
            return sum(int(session.scalar(select(func.count()).select_from(t)) or 0)
                       for t in data_browser.all_tables().values())

        def old_page() -> int:
            table = SQLModel.metadata.tables["playevent"]
            total = session.scalar(select(func.count()).select_from(select(table).subquery()))
            session.execute(select(table).order_by(table.c.id.desc()).limit(data_browser.PAGE_SIZE)).all()
            return int(total or 0)

        rows = [
            ("overview: COUNT(*) of every table (before)", old_overview),
            ("overview: list_tables (after)", lambda: data_browser.list_tables(session, actor=admin)),
            ("playevent page 1: full count + page (before)", old_page),
            ("playevent page 1: list_rows (after)",
             lambda: data_browser.list_rows(session, actor=admin, table="playevent", page=1)),
            ("playevent page 100: list_rows (after)",
             lambda: data_browser.list_rows(session, actor=admin, table="playevent", page=100)),
            ("user search 'u99': list_rows (after)",
             lambda: data_browser.list_rows(session, actor=admin, table="user", query="u99")),
        ]
        for label, fn in rows:
            ms, _ = timed(args.repeat, fn)
            print(f"{label:<50} {ms:9.1f} ms")
        groups = data_browser.list_tables(session, actor=admin)
        play = next(t for g in groups for t in g.tables if t.name == "playevent")
        print(f"playevent in the overview: {play.label} (exact: {play.exact})")


if __name__ == "__main__":
    main()
