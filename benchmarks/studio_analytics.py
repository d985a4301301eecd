"""Artist analytics: the studio's rollups against DuckDB over the raw play events.

The issue's bar: the analytics of an artist with 1M play events in under 2x the time DuckDB
takes to compute the same numbers from the raw events. This script, in one run:

- writes ``--events`` play events of one artist (200 songs, skewed popularity, ~40,000
  anonymous listeners, every play source, spread over 500 days, 92% counted) plus a tenth
  as many of another artist, into a temporary SQLite database with bulk inserts;
- builds the rollups with ``services.studio.rollups.rebuild_rollups`` (timed: the one-off
  backfill; afterwards each counted play updates them as it arrives);
- loads the same events into an in-memory DuckDB table (not timed: DuckDB's columnar copy
  plays the part the rollups play for the app);
- for each range (7 days, 28 days, a year, all time) times
  ``services.studio.analytics.artist_analytics`` (the whole page's figures) and DuckDB
  computing the play figures from the raw events: per-day plays, listening time and unique
  listeners, unique listeners over the range, plays by source per day, top 10 songs.
  Both must agree exactly; the ratio is app / DuckDB.

Followers, likes, saves, playlist adds and ratings come from tables that grow with people,
not with plays; they are empty here and their (cheap) queries are part of the app's time.

    .venv/bin/python benchmarks/studio_analytics.py --events 1000000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DAYS = 500
TRACKS = 200
LISTENERS = 40_000
SOURCES = ["ALBUM", "ARTIST", "PLAYLIST", "SEARCH", "RADIO", "GENRE", "TRACK", "LIBRARY", "SHARE", "OTHER"]
WEIGHTS = [0.25, 0.1, 0.3, 0.1, 0.08, 0.03, 0.04, 0.06, 0.02, 0.02]
RANGES = ("7d", "28d", "365d", "all")


def catalog(engine) -> tuple[int, list[int], list[int]]:
    """The artist (with the account that owns it), its songs, and another artist's songs."""
    from sqlmodel import Session

    from spoticlone.models import ArtistProfile, Role, Track, TrackStatus, User

    with Session(engine) as session:
        owner = User(email="artist@example.test", username="bench_artist", role=Role.ARTIST)
        session.add(owner)
        session.flush()
        artist = ArtistProfile(stage_name="Bench Artist", slug="bench-artist", user_id=owner.id)
        other = ArtistProfile(stage_name="Other Artist", slug="other-artist")
        session.add_all([artist, other])
        session.flush()
        ids: dict[int, list[int]] = {artist.id: [], other.id: []}
        for who in (artist, other):
            for n in range(TRACKS):
                track = Track(title=f"{who.stage_name} song {n}", slug=f"song-{n}", artist_id=who.id,
                              duration_ms=200_000, audio_key=f"audio/00/{who.id:016x}{n:016x}.mp3",
                              audio_format="mp3", status=TrackStatus.PUBLISHED)
                session.add(track)
                session.flush()
                ids[who.id].append(track.id)
        session.commit()
        return owner.id, ids[artist.id], ids[other.id]


def events(count: int, tracks: list[int], today: date, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    end = np.datetime64(datetime.combine(today, datetime.min.time()) + timedelta(days=1), "us")
    # More plays lately, like a growing artist: the age in days is skewed towards zero.
    age_us = (rng.power(0.6, count) * DAYS * 86_400e6).astype(np.int64) + 1
    started = end - age_us.astype("timedelta64[us]")
    popularity = np.minimum(rng.pareto(1.1, count).astype(np.int64), len(tracks) - 1)
    listener = np.minimum(rng.pareto(0.8, count) * 50, LISTENERS - 1).astype(np.int64)
    return {
        "track_id": np.asarray(tracks, dtype=np.int64)[popularity],
        "started_at": started,
        "anonymous_session": np.char.add("bench-listener-", listener.astype(str)),
        "source": rng.choice(np.asarray(SOURCES), count, p=WEIGHTS),
        "ms_played": rng.integers(30_000, 200_000, count),
        "counted": rng.random(count) < 0.92,
    }


def insert(engine, data: dict[str, np.ndarray]) -> None:
    """Bulk insert through the DB-API (``executemany``), 50,000 rows per batch."""
    stamps = np.char.replace(np.datetime_as_string(data["started_at"], unit="us"), "T", " ")
    columns = (data["anonymous_session"].tolist(), data["track_id"].tolist(), stamps.tolist(),
               data["ms_played"].tolist(), data["source"].tolist(), data["counted"].astype(int).tolist())
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        rows = list(zip(*columns, strict=True))
        for start in range(0, len(rows), 50_000):
            cursor.executemany(
                "INSERT INTO playevent (anonymous_session, track_id, started_at, ms_played, source, completed,"
                " skipped, counted) VALUES (?, ?, ?, ?, ?, 0, 0, ?)", rows[start:start + 50_000])
        raw.commit()
    finally:
        raw.close()


RANGE_SQL = "WHERE artist = 1 AND counted AND day BETWEEN $first AND $last"


def duckdb_figures(con, first: date, last: date) -> dict:
    """The play figures of the page, straight from the raw events."""
    params = {"first": first, "last": last}
    daily = con.execute(f"SELECT day, count(*), sum(ms_played), count(DISTINCT listener) FROM ev {RANGE_SQL}"
                        " GROUP BY day", params).fetchall()
    listeners = con.execute(f"SELECT count(DISTINCT listener) FROM ev {RANGE_SQL}", params).fetchone()[0]
    sources = con.execute(f"SELECT day, source, count(*) FROM ev {RANGE_SQL} GROUP BY day, source",
                          params).fetchall()
    top = con.execute(f"SELECT track_id, count(*) AS n, sum(ms_played) AS ms FROM ev {RANGE_SQL}"
                      " GROUP BY track_id ORDER BY n DESC, ms DESC, track_id LIMIT 10", params).fetchall()
    return {"daily": daily, "listeners": listeners, "sources": sources, "top": top}


def app_figures(report) -> dict:
    """The same figures, read off ``artist_analytics``' answer."""
    daily = {(d.day, d.plays, d.listening_ms, d.listeners) for d in report.days if d.plays}
    sources = {(report.days[i].day, s.source, n) for s in report.sources for i, n in enumerate(s.daily) if n}
    top = [(t.track_id, t.plays, t.listening_ms) for t in report.top_tracks]
    return {"daily": daily, "listeners": report.totals.listeners, "sources": sources, "top": top}


def same(app: dict, duck: dict) -> bool:
    duck_daily = {(d, int(n), int(ms), int(u)) for d, n, ms, u in duck["daily"]}
    duck_sources = {(d, s.lower(), int(n)) for d, s, n in duck["sources"]}
    duck_top = [(t, int(n), int(ms)) for t, n, ms in duck["top"]]
    return (app["daily"] == duck_daily and app["listeners"] == duck["listeners"]
            and app["sources"] == duck_sources and app["top"] == duck_top)


def timed(fn, repeat: int) -> tuple[float, object]:
    runs, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), result


def main() -> int:
    import duckdb
    from sqlmodel import Session

    from spoticlone.db import create_schema, make_engine
    from spoticlone.models import User
    from spoticlone.services.studio.analytics import artist_analytics
    from spoticlone.services.studio.rollups import rebuild_rollups

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    today = datetime.now(UTC).date()
    with tempfile.TemporaryDirectory(prefix="spoticlone-analytics-bench-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        create_schema(engine)
        owner_id, mine, others = catalog(engine)
        started = time.perf_counter()
        data = events(args.events, mine, today, seed=1)
        noise = events(args.events // 10, others, today, seed=2)
        insert(engine, data)
        insert(engine, noise)
        print(f"wrote {args.events:,} + {args.events // 10:,} play events in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        with Session(engine) as session:
            rows = rebuild_rollups(session)
        print(f"rebuild_rollups: {rows:,} daily track rows in {time.perf_counter() - started:.1f} s (one-off)")

        con = duckdb.connect()
        frame = {  # noqa: F841 - read by DuckDB's replacement scan below
            "artist": np.concatenate([np.ones(len(data["track_id"]), np.int64),
                                      np.full(len(noise["track_id"]), 2, np.int64)]),
            "track_id": np.concatenate([data["track_id"], noise["track_id"]]),
            "day": np.concatenate([data["started_at"], noise["started_at"]])
            .astype("datetime64[D]").astype("datetime64[s]"),
            "listener": np.concatenate([data["anonymous_session"], noise["anonymous_session"]]).astype(object),
            "source": np.concatenate([data["source"], noise["source"]]).astype(object),
            "ms_played": np.concatenate([data["ms_played"], noise["ms_played"]]),
            "counted": np.concatenate([data["counted"], noise["counted"]]),
        }
        con.execute("CREATE TABLE ev AS SELECT * REPLACE (CAST(day AS DATE) AS day) FROM frame")
        ok = True
        with Session(engine) as session:
            actor = session.get(User, owner_id)
            for period in RANGES:
                app_time, report = timed(lambda p=period: artist_analytics(
                    session, actor=actor, period=p, today=today), args.repeat)
                first, last = report.first_day, report.last_day
                duck_time, duck = timed(lambda f=first, la=last: duckdb_figures(con, f, la), args.repeat)
                equal = same(app_figures(report), duck)
                ok &= equal
                print(f"{period:>4}: app {1000 * app_time:8.1f} ms   duckdb {1000 * duck_time:8.1f} ms   "
                      f"ratio {app_time / duck_time:5.2f}x (target < 2x)   plays {report.totals.plays:>9,}  "
                      f"listeners {report.totals.listeners:>6,}  same numbers: {'yes' if equal else 'NO'}")
        if not ok:
            print("FAILED: the app and DuckDB disagree")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
