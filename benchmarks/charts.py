"""Charts: the daily aggregate against a naive scan of every play event.

Builds a synthetic catalog and ``--events`` counted play events spread over 90 days
in a temporary SQLite database, fills ``ChartDaily`` with ``charts.rebuild_daily``
(timed: that is the one-off backfill cost), then times the top-50 tracks chart
(this week and all time) through ``charts.chart`` and through a naive query that
computes the same scores straight from ``PlayEvent``. Both must give the same top
50; the ratio is naive / aggregate.

    .venv/bin/python benchmarks/charts.py --events 1000000
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, time as dtime, timedelta
from pathlib import Path

import sqlalchemy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sqlmodel import Session

from spoticlone.db import create_schema, make_engine
from spoticlone.services.listening import charts

DAYS = 90


def build(engine, tracks: int, events: int, today: date) -> None:
    rng = random.Random(7)
    artists = max(1, tracks // 50)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text("INSERT INTO genre (id, name, slug, description) VALUES (1, 'Pop', 'pop', '')"))
        conn.execute(sqlalchemy.text(
            "INSERT INTO artistprofile (id, stage_name, slug, bio, verified, created_at) "
            "VALUES (:id, :n, :s, '', 0, '2024-01-01')"),
            [{"id": i, "n": f"Artist {i}", "s": f"artist-{i}"} for i in range(1, artists + 1)])
        conn.execute(sqlalchemy.text(
            "INSERT INTO track (id, title, slug, artist_id, disc_number, genre_id, duration_ms, audio_key,"
            " audio_format, mime_type, file_size, lyrics, synced_lyrics, play_count, licence, explicit, status,"
            " created_at) VALUES (:id, :t, :s, :a, 1, 1, 180000, 'k', 'mp3', 'audio/mpeg', 0, '', '', 0, '', 0,"
            " 'PUBLISHED', '2024-01-01')"),
            [{"id": i, "t": f"Track {i}", "s": f"track-{i}", "a": 1 + i % artists} for i in range(1, tracks + 1)])
        batch = []
        start = datetime.combine(today - timedelta(days=DAYS - 1), dtime(), UTC)
        for n in range(events):
            # Skewed popularity, like real listening: a few tracks get most plays.
            track = min(tracks, 1 + int(rng.paretovariate(1.2)) % tracks)
            when = start + timedelta(seconds=rng.randrange(DAYS * 86_400))
            batch.append({"t": track, "s": when.strftime("%Y-%m-%d %H:%M:%S.%f")})
            if len(batch) == 50_000 or n == events - 1:
                conn.execute(sqlalchemy.text(
                    "INSERT INTO playevent (anonymous_session, track_id, started_at, ms_played, source,"
                    " completed, skipped, counted) VALUES ('benchmark-session-0001', :t, :s, 60000, 'OTHER',"
                    " 1, 0, 1)"), batch)
                batch = []


NAIVE = """
SELECT t.id, p.plays + 3 * COALESCE(l.likes, 0) + COALESCE(r.points, 0) AS score
FROM track t
JOIN (SELECT track_id, COUNT(*) AS plays FROM playevent
      WHERE counted = 1 AND started_at >= :since GROUP BY track_id) p ON p.track_id = t.id
LEFT JOIN (SELECT track_id, COUNT(*) AS likes FROM tracklike WHERE created_at >= :since GROUP BY track_id) l
  ON l.track_id = t.id
LEFT JOIN (SELECT track_id, SUM(2 * (stars - 3)) AS points FROM rating
           WHERE track_id IS NOT NULL AND updated_at >= :since GROUP BY track_id) r ON r.track_id = t.id
WHERE t.status = 'PUBLISHED'
ORDER BY score DESC, p.plays DESC, t.id
LIMIT 50
"""


def timed(fn, repeat: int) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--tracks", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    today = datetime.now(UTC).date()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'charts.db'}")
        create_schema(engine)
        started = time.perf_counter()
        build(engine, args.tracks, args.events, today)
        print(f"built {args.tracks:,} tracks and {args.events:,} play events in {time.perf_counter() - started:.1f} s")
        with Session(engine) as session:
            started = time.perf_counter()
            rows = charts.rebuild_daily(session)
            print(f"rebuild_daily (one-off backfill): {rows:,} day rows in {time.perf_counter() - started:.1f} s")
            for period in ("week", "all"):
                first = today - timedelta(days=charts.WEEK_DAYS - 1) if period == "week" else date(1970, 1, 1)
                since = f"{first.isoformat()} 00:00:00.000000"
                agg_ms, chart = timed(
                    lambda period=period: charts.chart(session, kind="tracks", period=period, today=today),
                    args.repeat,
                )
                naive_ms, naive = timed(
                    lambda since=since: session.execute(sqlalchemy.text(NAIVE), {"since": since}).all(),
                    args.repeat,
                )
                same = [e.track.id for e in chart.entries] == [row[0] for row in naive]
                print(f"top 50 tracks, {period:>4}: aggregate {agg_ms:8.1f} ms   naive scan {naive_ms:8.1f} ms   "
                      f"ratio {naive_ms / agg_ms:6.1f}x   same ranking: {same}")
                if not same:
                    raise SystemExit("the aggregate and the naive scan disagree")
        engine.dispose()


if __name__ == "__main__":
    main()
