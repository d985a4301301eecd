"""The admin analytics dashboard: a full refresh from the rollups against DuckDB over the raw events.

The issue's bar: a full dashboard refresh at 10M play events and 100k users in at most 1 s, and
within 2x of DuckDB computing the same figures from the raw events in memory. This script, in
one run:

- writes ``--users`` accounts (sign-ups spread over ``DAYS`` days, each with a sign-in session
  and a real browser's user agent), a catalog of ``TRACKS`` songs (artists, albums, genres),
  and ``--events`` play events (skewed popularity and activity, 10% anonymous, a quarter from
  playlists, ~75% counted) into a temporary SQLite database with bulk inserts;
- rolls them with the catch-up (``services.insight.catchup.catch_up``, timed: the events per
  second a backfill or a ``rebuild-insight`` reaches; live plays are rolled as they happen);
- loads the same events into an in-memory DuckDB table (not timed: its columnar copy plays
  the part the rollups play for the app);
- for 28 and 365 days, times ``admin_dashboard`` (every section of the page) and DuckDB
  computing the play figures from the raw events: starts, plays and listening time per day,
  daily / weekly / monthly active listeners, top 10 tracks and artists, the weekday × hour
  clock, skip rates, playlist plays, retention cohorts. The figures both compute (plays and
  starts per day, daily listeners, the clock, the top tracks', artists' and playlists' plays)
  must agree; the ratio is app / DuckDB; ``--sections`` splits the app's time per section;
- measures what the rollups add to recording a play: ``start_play`` + ``report_progress``
  with the dashboard's subscribers and without them, p95 of each.

    .venv/bin/python benchmarks/dashboard.py --events 1000000 --users 20000

With ``--keep DIR`` the world (database and events) is written once per day and reused, so only
the timings run again; a world kept before a rollup table was added is refused (write it again,
or recount it with ``rebuild-insight`` against its database).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DAYS = 400
TRACKS = 5_000
ARTISTS = 500
GENRES = 20
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile "
    "Safari/537.36",
]


def bulk(engine, sql: str, rows: list[tuple]) -> None:
    """Bulk insert through the DB-API (``executemany``), 50,000 rows per batch."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for start in range(0, len(rows), 50_000):
            cursor.executemany(sql, rows[start:start + 50_000])
        raw.commit()
    finally:
        raw.close()


def rows_into(engine, model: Any, rows: list[dict[str, Any]]) -> None:
    """Bulk insert through SQLAlchemy Core, so the models' Python-side defaults fill the other columns."""
    from sqlalchemy import insert

    with engine.begin() as connection:
        for start in range(0, len(rows), 20_000):
            connection.execute(insert(model.__table__), rows[start:start + 20_000])


def world(engine, users: int, today: date, rng) -> dict[str, Any]:
    """Accounts with sessions, a catalog and one playlist per 50 listeners; the sign-up moments."""
    from spoticlone.models import Album, ArtistProfile, AuthSession, Genre, Playlist, Track, User

    end = datetime.combine(today, datetime.min.time(), UTC)
    signup = [end - timedelta(seconds=float(s)) for s in rng.power(0.7, users) * DAYS * 86_400]
    rows_into(engine, User, [{"id": n + 1, "email": f"u{n}@bench.test", "username": f"u{n}", "created_at": signup[n],
                              "email_verified": bool(rng.random() < 0.8)} for n in range(users)])
    rows_into(engine, AuthSession, [{"user_id": n + 1, "token_hash": f"{n:064x}", "handle": f"h{n}",
                                     "created_at": signup[n], "expires_at": end + timedelta(days=30),
                                     "user_agent": AGENTS[n % len(AGENTS)]} for n in range(users)])
    rows_into(engine, Genre, [{"id": g + 1, "name": f"Genre {g}", "slug": f"genre-{g}"} for g in range(GENRES)])
    rows_into(engine, ArtistProfile, [{"id": a + 1, "stage_name": f"Artist {a}", "slug": f"artist-{a}"}
                                      for a in range(ARTISTS)])
    rows_into(engine, Album, [{"id": a + 1, "title": f"Album {a}", "slug": f"album-{a}", "artist_id": a % ARTISTS + 1}
                              for a in range(TRACKS // 5)])
    rows_into(engine, Track, [{"id": t + 1, "title": f"Song {t}", "slug": f"song-{t}",
                               "artist_id": (t // 5) % ARTISTS + 1, "album_id": t // 5 + 1,
                               "genre_id": t % GENRES + 1, "duration_ms": 200_000,
                               "audio_key": f"a/{t:032x}.mp3", "audio_format": "mp3"} for t in range(TRACKS)])
    playlists = max(1, users // 50)
    rows_into(engine, Playlist, [{"id": p + 1, "name": f"Playlist {p}", "slug": f"playlist-{p}",
                                  "owner_id": p % users + 1} for p in range(playlists)])
    return {"signup": np.array([s.replace(tzinfo=None) for s in signup], dtype="datetime64[s]"),
            "playlists": playlists}


def play_events(engine, count: int, users: int, made: dict[str, Any], today: date, rng) -> dict[str, np.ndarray]:
    end = np.datetime64(datetime.combine(today, datetime.min.time()) + timedelta(days=1), "s")
    user = np.minimum(rng.pareto(1.0, count) * users / 20, users - 1).astype(np.int64)
    start = np.maximum(made["signup"][user], end - np.timedelta64(DAYS * 86_400, "s"))
    span = (end - start).astype(np.int64)
    started = start + (rng.random(count) * span).astype("timedelta64[s]")
    order = np.argsort(started, kind="stable")  # ids grow with time, as when plays are recorded
    user, started = user[order], started[order]
    anonymous = rng.random(count) < 0.1
    track = np.minimum(rng.pareto(1.1, count).astype(np.int64), TRACKS - 1) + 1
    from_list = rng.random(count) < 0.25
    playlist = rng.integers(1, int(made["playlists"]) + 1, count)
    counted = rng.random(count) < 0.75
    ms = np.where(counted, rng.integers(30_000, 200_000, count), rng.integers(0, 29_000, count))
    stamps = np.char.replace(np.datetime_as_string(started, unit="s"), "T", " ").tolist()
    rows = [(None if anonymous[i] else int(user[i]) + 1, "bench-anon-" + str(i % 5000) if anonymous[i] else None,
             int(track[i]), stamps[i], int(ms[i]), "PLAYLIST" if from_list[i] else "ALBUM",
             str(int(playlist[i])) if from_list[i] else None, int(counted[i])) for i in range(count)]
    bulk(engine, "INSERT INTO playevent (user_id, anonymous_session, track_id, started_at, ms_played, source, "
         "source_id, completed, skipped, counted) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?)", rows)
    return {"user_id": np.where(anonymous, -1, user + 1), "track_id": track, "started": started, "ms": ms,
            "counted": counted, "playlist": np.where(from_list, playlist, -1)}


def duckdb_figures(con, first: date, last: date) -> dict[str, Any]:
    """The play figures of the page, straight from the raw events (and the users and tracks)."""
    p = {"first": first, "last": last}
    where = "WHERE day BETWEEN $first AND $last"
    out = {
        "daily": con.execute(f"SELECT day, count(*), count(*) FILTER (counted), "
                             f"sum(ms) FILTER (counted) FROM ev {where} GROUP BY day", p).fetchall(),
        "dau": con.execute(f"SELECT day, count(DISTINCT user_id) FROM ev {where} AND user_id > 0 GROUP BY day",
                           p).fetchall(),
        "wau": con.execute("SELECT date_trunc('week', day), count(DISTINCT user_id) FROM ev WHERE user_id > 0 AND "
                           "day BETWEEN date_trunc('week', $first::DATE) AND $last GROUP BY 1", p).fetchall(),
        "mau": con.execute("SELECT date_trunc('month', day), count(DISTINCT user_id) FROM ev WHERE user_id > 0 AND "
                           "day BETWEEN date_trunc('month', $first::DATE) AND $last GROUP BY 1", p).fetchall(),
        "top": con.execute(f"SELECT track_id, count(*) n, sum(ms) ms FROM ev {where} AND counted GROUP BY track_id "
                           "ORDER BY n DESC, ms DESC, track_id LIMIT 10", p).fetchall(),
        "artists": con.execute(f"SELECT artist_id, count(*) n, sum(ms) ms FROM ev JOIN tr USING (track_id) {where} "
                               "AND counted GROUP BY artist_id ORDER BY n DESC, ms DESC, artist_id LIMIT 10",
                               p).fetchall(),
        "clock": con.execute(f"SELECT isodow(day), hour, count(*) FROM ev {where} AND counted GROUP BY 1, 2",
                             p).fetchall(),
        "skips": con.execute(f"SELECT track_id, count(*) s, count(*) FILTER (counted) n FROM ev {where} "
                             "GROUP BY track_id HAVING count(*) >= 5 ORDER BY 1 - n / s DESC, s DESC, track_id "
                             "LIMIT 10", p).fetchall(),
        "playlists": con.execute(f"SELECT playlist, count(*) n FROM ev {where} AND counted AND playlist > 0 "
                                 "GROUP BY 1 ORDER BY n DESC LIMIT 30", p).fetchall(),
        "cohorts": con.execute("SELECT cohort, date_trunc('week', day) w, count(DISTINCT user_id) FROM ev JOIN us "
                               "USING (user_id) WHERE cohort BETWEEN date_trunc('week', $first::DATE) AND $last "
                               "AND w >= cohort GROUP BY 1, 2", p).fetchall(),
    }
    return out


def agree(board, duck: dict[str, Any]) -> bool:
    """The figures both compute: plays and starts per day, daily listeners, the clock's total, top plays
    of tracks, artists and playlists (the last three summed from whole months and edge days)."""
    rows = {s.key: [dict(zip(s.columns, r, strict=True)) for r in s.rows] for s in board.sections}
    daily = {(r["day"], r["starts"], r["plays"]) for r in rows["plays"] if r["starts"]}
    duck_daily = {(d.isoformat(), int(s), int(n)) for d, s, n, _ in duck["daily"]}
    dau = {(r["start"], r["listeners"]) for r in rows["active"] if r["period"] == "day" and r["listeners"]}
    duck_dau = {(d.isoformat(), int(n)) for d, n in duck["dau"]}
    top = [r["plays"] for r in rows["top_tracks"]]
    duck_top = [int(n) for _, n, _ in duck["top"]]
    artists = [r["plays"] for r in rows["top_artists"]]
    duck_artists = [int(n) for _, n, _ in duck["artists"]]
    lists = [r["plays"] for r in rows["top_playlists"]]
    duck_lists = [int(n) for _, n in duck["playlists"]][:len(lists)]
    clock = sum(r["plays"] for r in rows["clock"])
    duck_clock = sum(int(n) for *_, n in duck["clock"])
    return (daily == duck_daily and dau == duck_dau and top == duck_top and clock == duck_clock
            and artists == duck_artists and lists == duck_lists)


def timed(fn, repeat: int) -> tuple[float, Any]:
    runs, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), result


def play_cost(engine, plays: int, users: int) -> tuple[float, float]:
    """p95 of start_play + report_progress (ms), with the dashboard's subscribers and without them."""
    from sqlalchemy import update
    from sqlmodel import Session, col

    from spoticlone.models import PlayEvent, PlaySource
    from spoticlone.services.core import events
    from spoticlone.services.insight import rollups
    from spoticlone.services.listening import plays as service

    ours = [(events.PLAY_STARTED, "insight.started", rollups.play_started),
            (events.PLAY_RECORDED, "insight.recorded", rollups.play_recorded)]

    def measure(offset: int) -> list[float]:
        """``plays`` plays by listeners who each play ten songs in a row (their first of the day included)."""
        runs = []
        with Session(engine) as session:
            for n in range(plays):
                user = (offset + n // 10) % users + 1
                begun = time.perf_counter()
                play = service.start_play(session, track_id=n % 500 + 1, source=PlaySource.ALBUM, user_id=user)
                elapsed = time.perf_counter() - begun
                # As if 40 s had passed (the wall-clock cap), outside the timing.
                session.execute(update(PlayEvent).where(col(PlayEvent.id) == play)
                                .values(started_at=datetime.now(UTC) - timedelta(seconds=40)))
                session.commit()
                begun = time.perf_counter()
                service.report_progress(session, play_id=play, ms_played=35_000, user_id=user)
                runs.append(1000 * (elapsed + time.perf_counter() - begun))
        return runs

    events.subscribers(events.PLAY_STARTED)  # the core subscribers load on first use
    measure(0)  # warm up
    with_rollups: list[float] = []
    without: list[float] = []
    for block in range(4):  # alternate, so a slower moment of the machine hits both alike
        with_rollups += measure(1_000 + 1_000 * block)
        for event, name, _ in ours:
            events.unsubscribe(event, name)
        try:
            without += measure(3_000 + 1_000 * block)
        finally:
            for event, name, handler in ours:
                events.subscribe(event, name, handler)
    return float(np.percentile(with_rollups, 95)), float(np.percentile(without, 95))


def load_world(saved: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays ``--keep`` saved beside its database: the raw events for DuckDB, the sign-up moments."""
    with np.load(saved) as stored:
        arrays = {name: stored[name] for name in stored.files}
    made = {"signup": arrays.pop("signup"), "playlists": int(arrays.pop("playlists"))}
    return arrays, made


def stale_tables(engine) -> list[str]:
    """The models' tables a kept database lacks (it was written by an older schema)."""
    from sqlalchemy import inspect
    from sqlmodel import SQLModel

    import spoticlone.models  # noqa: F401 - registers the tables

    present = set(inspect(engine).get_table_names())
    return sorted(name for name in SQLModel.metadata.tables if name not in present)


@contextlib.contextmanager
def section_clock(enabled: bool):
    """While inside, time every public function of ``dashboard_sections`` (seconds summed per name)."""
    from spoticlone.services.insight import dashboard_sections as sections

    spent: dict[str, float] = {}
    originals = {name: fn for name, fn in vars(sections).items()
                 if enabled and callable(fn) and not name.startswith("_") and getattr(fn, "__module__", "") ==
                 sections.__name__}

    def clocked(name: str, fn):
        def run(*args, **kwargs):
            begun = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - begun
        return run

    for name, fn in originals.items():
        setattr(sections, name, clocked(name, fn))
    try:
        yield spent
    finally:
        for name, fn in originals.items():
            setattr(sections, name, fn)


def main() -> int:
    import duckdb
    from sqlmodel import Session, select

    from spoticlone.db import create_schema, make_engine
    from spoticlone.models import Role, User
    from spoticlone.services.insight import catchup, periods
    from spoticlone.services.insight.dashboard import admin_dashboard

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--plays", type=int, default=300, help="plays recorded for the per-play cost")
    parser.add_argument("--keep", type=Path, help="write the world into this folder once and reuse it on later runs "
                        "(writing and rolling 10M events takes most of half an hour; the timings are what is rerun)")
    parser.add_argument("--sections", action="store_true", help="print each section's share of the app's time")
    args = parser.parse_args()
    today = datetime.now(UTC).date()
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory(prefix="spoticlone-dashboard-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        saved = folder / f"world-{args.users}-{args.events}-{today.isoformat()}.npz"
        engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
        reused = saved.exists()
        if reused:
            missing = stale_tables(engine)
            if missing:
                print(f"the world kept in {folder} has no {', '.join(missing)} table: delete it to write it again")
                return 2
            data, made = load_world(saved)
            print(f"reusing {args.users:,} users and {args.events:,} play events from {folder}")
        else:
            (folder / "bench.db").unlink(missing_ok=True)
            create_schema(engine)
            started = time.perf_counter()
            made = world(engine, args.users, today, rng)
            data = play_events(engine, args.events, args.users, made, today, rng)
            print(f"wrote {args.users:,} users and {args.events:,} play events in "
                  f"{time.perf_counter() - started:.1f} s")
            with Session(engine) as session:
                result = catchup.catch_up(session)
            print(f"catch-up: {result.events:,} events in {result.seconds:.1f} s = {result.per_second:,.0f} events/s")
            if args.keep:
                np.savez(saved, signup=made["signup"], playlists=made["playlists"], **data)

        con = duckdb.connect()
        ev = {"user_id": data["user_id"], "track_id": data["track_id"],  # noqa: F841 - DuckDB reads these
              "day": data["started"].astype("datetime64[D]").astype("datetime64[s]"),
              "hour": (data["started"].astype("datetime64[h]").astype(np.int64) % 24),
              "ms": data["ms"], "counted": data["counted"], "playlist": data["playlist"]}
        tr = {"track_id": np.arange(1, TRACKS + 1), "artist_id": (np.arange(TRACKS) // 5) % ARTISTS + 1}  # noqa: F841
        signup = made["signup"].astype("datetime64[D]")
        us = {"user_id": np.arange(1, args.users + 1),  # noqa: F841
              "cohort": (signup - ((signup.astype(np.int64) + 3) % 7).astype("timedelta64[D]")).astype("datetime64[s]")}
        con.execute("CREATE TABLE ev AS SELECT * REPLACE (CAST(day AS DATE) AS day) FROM ev")
        con.execute("CREATE TABLE tr AS SELECT * FROM tr")
        con.execute("CREATE TABLE us AS SELECT * REPLACE (CAST(cohort AS DATE) AS cohort) FROM us")
        ok = True
        with Session(engine) as session:
            admin = session.exec(select(User).where(User.username == "bench_admin")).first()
            if admin is None:
                admin = User(email="admin@bench.test", username="bench_admin", role=Role.ADMIN)
                session.add(admin)
                session.commit()
            for key in ("28d", "365d"):
                period = periods.parse(key, today=today)
                with section_clock(args.sections) as spent:
                    app_time, board = timed(lambda p=period: admin_dashboard(session, actor=admin, period=p),
                                            args.repeat)
                if args.sections:
                    print(f"{key:>5}: " + ", ".join(f"{name} {1000 * t / args.repeat:.0f} ms"
                                                    for name, t in sorted(spent.items(), key=lambda kv: -kv[1])))
                duck_time, duck = timed(lambda p=period: duckdb_figures(con, p.first, p.last), args.repeat)
                equal = agree(board, duck)
                ok &= equal
                print(f"{key:>5}: dashboard {1000 * app_time:8.1f} ms   duckdb {1000 * duck_time:8.1f} ms   ratio "
                      f"{app_time / duck_time:5.2f}x (target <= 2x, <= 1 s)   plays {board.headline.plays:>10,}   "
                      f"same numbers: {'yes' if equal else 'NO'}")
        if args.keep:
            print("recording a play: not measured with --keep (its plays would be in the kept world but not in "
                  "the saved events DuckDB reads)")
        else:
            with_rollups, without = play_cost(engine, args.plays, args.users)
            print(f"recording a play (start + progress), p95: {with_rollups:.2f} ms with the dashboard's rollups, "
                  f"{without:.2f} ms without: {with_rollups / without:.2f}x (target <= 1.2x)")
        print("load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.1f}" for x in os.getloadavg())
              + f" on {os.cpu_count()} cores")
        if not ok:
            print("FAILED: the dashboard and DuckDB disagree")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
