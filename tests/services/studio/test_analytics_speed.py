"""The analytics' fast paths give exactly the slow paths' answers, and read only indexes.

Unique listeners over a range ending today come from ``ArtistListener`` (each listener's
first and last day); the daily rows' ``COUNT(DISTINCT)`` is the reference. Every query of
the page reads the rollups through an index that holds all it needs (SQLite's plan says so).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import event, func
from sqlmodel import col, select

from spoticlone.models import ArtistListener, ArtistListenerDaily, PlayEvent, Role, TrackPlaysDaily
from spoticlone.services.listening import plays
from spoticlone.services.studio import analytics, rollups
from tests import factories

TODAY = datetime.now(UTC).date()


def _distinct(session, artist_id: int, first, last) -> int:
    return session.exec(select(func.count(func.distinct(ArtistListenerDaily.listener))).where(
        col(ArtistListenerDaily.artist_id) == artist_id, col(ArtistListenerDaily.day) >= first,
        col(ArtistListenerDaily.day) <= last)).one()


def _summary(session) -> list[tuple]:
    return sorted(session.exec(select(ArtistListener.artist_id, ArtistListener.listener, ArtistListener.first_day,
                                      ArtistListener.last_day)).all())


def _from_daily(session) -> list[tuple]:
    return sorted(session.exec(select(ArtistListenerDaily.artist_id, ArtistListenerDaily.listener,
                                      func.min(ArtistListenerDaily.day), func.max(ArtistListenerDaily.day))
                               .group_by(ArtistListenerDaily.artist_id, ArtistListenerDaily.listener)).all())


def test_unique_listeners_equal_the_distinct_count_for_every_range(session):
    owner = factories.make_user(session, role=Role.ARTIST)
    artist = factories.make_artist(session, user_id=owner.id)
    other = factories.make_artist(session)
    rng = random.Random(7)
    for who in (artist, other):
        for _ in range(400):
            day = TODAY - timedelta(days=rng.randrange(0, 60))
            session.merge(ArtistListenerDaily(artist_id=who.id, day=day, listener=f"u:{rng.randrange(60)}"))
    session.commit()
    assert _summary(session) == _from_daily(session)  # kept by the ORM rows' hook
    for today in (TODAY, TODAY - timedelta(days=3), TODAY - timedelta(days=40), TODAY - timedelta(days=70)):
        for period, days in (("7d", 7), ("28d", 28), ("365d", 365)):
            report = analytics.artist_analytics(session, actor=owner, period=period, today=today)
            expected = _distinct(session, artist.id, today - timedelta(days=days - 1), today)
            assert report.totals.listeners == expected, (today, period)
        report = analytics.artist_analytics(session, actor=owner, period="all", today=today)
        assert report.totals.listeners == _distinct(session, artist.id, report.first_day, today)
    assert analytics.artist_analytics(session, actor=owner, period="7d", today=TODAY).totals.listeners > 0


def test_counted_plays_and_the_rebuild_keep_each_listeners_first_and_last_day(session):
    artist = factories.make_artist(session)
    song = factories.make_track(session, artist_id=artist.id, duration_ms=100_000)
    fan = factories.make_user(session)
    for days_ago in (5, 1, 9, 1):
        play_id = plays.start_play(session, track_id=song.id, source="search", user_id=fan.id)
        event_row = session.get(PlayEvent, play_id)
        event_row.started_at = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), UTC)
        session.add(event_row)
        session.commit()
        assert plays.report_progress(session, play_id=play_id, ms_played=60_000, user_id=fan.id).counted
    expected = [(artist.id, f"u:{fan.id}", TODAY - timedelta(days=9), TODAY - timedelta(days=1))]
    assert _summary(session) == expected == _from_daily(session)
    rollups.rebuild_rollups(session)
    assert _summary(session) == expected


def test_every_rollup_query_of_the_page_reads_an_index_that_covers_it(session):
    owner = factories.make_user(session, role=Role.ARTIST)
    artist = factories.make_artist(session, user_id=owner.id)
    song = factories.make_track(session, artist_id=artist.id)
    session.add(TrackPlaysDaily(day=TODAY, track_id=song.id, source="search", plays=1, ms_played=1))
    session.add(ArtistListenerDaily(artist_id=artist.id, day=TODAY, listener="u:1"))
    session.commit()
    statements: list[tuple[str, tuple]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", keep)
    try:
        for period in ("7d", "all"):
            analytics.artist_analytics(session, actor=owner, period=period, today=TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    rollup_tables = ("trackplaysdaily", "artistlistenerdaily", "artistlistener")
    checked = 0
    for statement, parameters in statements:
        if not any(table in statement for table in rollup_tables):
            continue
        plan = [row[3] for row in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)]
        reads = [step for step in plan if any(f" {table} " in f"{step} " for table in rollup_tables)]
        assert reads and all("COVERING INDEX" in step for step in reads), (statement, plan)
        checked += 1
    assert checked >= 8
