"""The admin dashboard's figures on a small hand-made history, its refusals and its CSV."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from spoticlone.models import AuthSession, PlayEvent, PlaySource, Role
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.insight import catchup, dashboard, periods
from spoticlone.services.insight.searches import record_miss
from tests.factories import make_album, make_artist, make_genre, make_playlist, make_track, make_user

TODAY = date(2026, 3, 11)  # a Wednesday
CHROME_MAC = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/131.0.0.0 Safari/537.36")
SAFARI_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                 "Version/18.1 Mobile/15E148 Safari/604.1")


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def play(session, *, user, track, day, hour=12, counted=True, ms=60_000, source=PlaySource.ALBUM, source_id=None):
    session.add(PlayEvent(user_id=user.id if user else None, anonymous_session=None if user else "a" * 24,
                          track_id=track.id, started_at=at(day, hour), ms_played=ms if counted else 5_000,
                          counted=counted, skipped=not counted, source=source, source_id=source_id))


@pytest.fixture
def history(session):
    """Two listeners, three tracks, a week of plays; rolled by the catch-up."""
    admin = make_user(session, role=Role.ADMIN, created_at=at(TODAY - timedelta(days=60)))
    ana = make_user(session, created_at=at(TODAY - timedelta(days=9)), email_verified=True)
    bo = make_user(session, created_at=at(TODAY - timedelta(days=2)))
    genre = make_genre(session, name="Dub")
    artist = make_artist(session, stage_name="Lee")
    album = make_album(session, title="Black Ark", artist_id=artist.id)
    hit = make_track(session, title="Hit", artist_id=artist.id, album_id=album.id, genre_id=genre.id)
    miss = make_track(session, title="Filler", artist_id=artist.id, album_id=album.id, genre_id=genre.id)
    other = make_track(session, title="Elsewhere")
    mix = make_playlist(session, owner=ana, name="Morning mix")
    day0 = TODAY - timedelta(days=9)  # ana signs up, plays
    play(session, user=ana, track=hit, day=day0, hour=8)
    play(session, user=ana, track=hit, day=TODAY - timedelta(days=2), hour=8,  # back in week 2
         source=PlaySource.PLAYLIST, source_id=str(mix.id))
    play(session, user=bo, track=hit, day=TODAY, hour=21)
    play(session, user=bo, track=other, day=TODAY, hour=21, ms=200_000)
    for _ in range(5):
        play(session, user=bo, track=miss, day=TODAY, hour=22, counted=False)
    play(session, user=None, track=miss, day=TODAY, hour=22)
    session.add(AuthSession(user_id=int(ana.id or 0), token_hash="a" * 64, expires_at=at(TODAY + timedelta(days=30)),
                            created_at=at(TODAY - timedelta(days=1)), user_agent=CHROME_MAC))
    session.add(AuthSession(user_id=int(bo.id or 0), token_hash="b" * 64, expires_at=at(TODAY + timedelta(days=30)),
                            created_at=at(TODAY), user_agent=SAFARI_IPHONE))
    session.commit()
    record_miss(session, term="Bob Marley", day=TODAY)
    record_miss(session, term="bob   marley", day=TODAY)
    record_miss(session, term="Mingus", day=TODAY - timedelta(days=1))
    session.commit()
    result = catchup.catch_up(session)
    assert result.events == 10 and result.done
    return {"admin": admin, "ana": ana, "bo": bo}


def period(days: int = 28) -> periods.Period:
    return periods.parse(f"{days}d", today=TODAY)


def section(board, key):
    found = next(s for s in board.sections if s.key == key)
    return [dict(zip(found.columns, row, strict=True)) for row in found.rows], found


def test_figures_of_a_small_history(session, history):
    board = dashboard.admin_dashboard(session, actor=history["admin"], period=period())
    h = board.headline
    assert (h.plays, h.starts, h.searches_missed) == (5, 10, 3)
    assert h.listening_hours == round((4 * 60_000 + 200_000) / 3_600_000, 1)
    plays, _ = section(board, "plays")
    today = plays[-1]
    assert today["day"] == TODAY.isoformat() and (today["starts"], today["plays"]) == (8, 3)
    assert len(plays) == 28 and sum(r["plays"] for r in plays) == 5
    tracks, _ = section(board, "top_tracks")
    assert [(r["track"], r["plays"]) for r in tracks] == [("Hit", 3), ("Elsewhere", 1), ("Filler", 1)]
    assert tracks[0]["artist"] == "Lee"
    assert section(board, "top_artists")[0][0]["artist"] == "Lee" and section(board, "top_artists")[0][0]["plays"] == 4
    assert section(board, "top_albums")[0][0] == {"rank": 1, "album": "Black Ark", "plays": 4, "listening_hours": 0.07}
    assert section(board, "top_genres")[0][0]["genre"] == "Dub"
    assert section(board, "top_playlists")[0][0] == {"rank": 1, "playlist": "Morning mix",
                                                     "owner": history["ana"].username, "plays": 1}
    skips, _ = section(board, "skips")
    assert skips[0] == {"rank": 1, "track": "Filler", "artist": "Lee", "starts": 6, "skips": 5, "skip_rate": 83.3}
    clock, _ = section(board, "clock")
    cell = {(r["weekday"], r["hour"]): r["plays"] for r in clock}
    assert len(clock) == 7 * 24 and cell[("Wed", 21)] == 2 and cell[("Wed", 22)] == 1 and sum(cell.values()) == 5
    misses, _ = section(board, "search_misses")
    assert [(r["term"], r["searches"]) for r in misses] == [("bob marley", 2), ("mingus", 1)]
    devices, _ = section(board, "devices")
    assert {(r["kind"], r["name"], r["sessions"]) for r in devices} == {
        ("browser", "Chrome", 1), ("browser", "Safari", 1), ("device", "Mac", 1), ("device", "iPhone", 1)}


def test_active_listeners_funnel_and_cohorts(session, history):
    board = dashboard.admin_dashboard(session, actor=history["admin"], period=period())
    active, _ = section(board, "active")
    daily = {r["start"]: r["listeners"] for r in active if r["period"] == "day"}
    assert daily[TODAY.isoformat()] == 1 and daily[(TODAY - timedelta(days=2)).isoformat()] == 1
    weekly = {r["start"]: r["listeners"] for r in active if r["period"] == "week"}
    assert weekly[date(2026, 3, 9).isoformat()] == 2  # ana on Monday, bo today
    assert {r["start"]: r["listeners"] for r in active if r["period"] == "month"}[date(2026, 3, 1).isoformat()] == 2
    funnel, _ = section(board, "funnel")
    assert [(r["step"], r["users"]) for r in funnel] == [
        ("Signed up", 2), ("Verified their email", 1), ("Played a song", 2), ("Came back in week 2", 1)]
    cohorts, _ = section(board, "cohorts")
    by_week = {r["cohort"]: r for r in cohorts}
    ana_week, bo_week = by_week["2026-03-02"], by_week["2026-03-09"]  # ana's Monday sign-up, bo's
    assert (ana_week["size"], ana_week["week_0"], ana_week["week_1"], ana_week["week_2"]) == (1, 100.0, 100.0, None)
    assert (bo_week["size"], bo_week["week_0"], bo_week["week_1"]) == (1, 100.0, None)


def test_only_administrators_see_it(session, history):
    for actor in (None, history["ana"]):
        with pytest.raises(PermissionDenied):
            dashboard.admin_dashboard(session, actor=actor, period=period())
        with pytest.raises(PermissionDenied):
            dashboard.section_csv(session, actor=actor, key="plays", period=period())


def test_an_empty_period_says_so(session, history):
    quiet = periods.parse(None, "2025-01-01", "2025-01-31", today=TODAY)
    board = dashboard.admin_dashboard(session, actor=history["admin"], period=quiet)
    assert board.empty and all(s.empty for s in board.sections)
    assert board.headline.plays == 0 and board.headline.average_daily_listeners == 0


def test_csv_of_a_section(session, history):
    out = dashboard.section_csv(session, actor=history["admin"], key="top_tracks", period=period(7))
    lines = out.content.splitlines()
    assert lines[0] == "rank,track,artist,plays,listening_hours"
    assert lines[1] == "1,Hit,Lee,2,0.03"  # ana on Monday, bo today (the first play was 9 days ago)
    assert out.filename == f"spoticlone-top-tracks-{(TODAY - timedelta(days=6)).isoformat()}-{TODAY.isoformat()}.csv"
    with pytest.raises(NotFound):
        dashboard.section_csv(session, actor=history["admin"], key="passwords", period=period())


@pytest.mark.parametrize("args", [("1d", None, None), (None, "2026-13-01", None), (None, "2026-03-10", "2026-03-01"),
                                  (None, "1999-01-01", "2000-01-01"), (None, None, "2026-03-01"),
                                  (None, "2010-01-01", "2026-03-01")])
def test_bad_periods_are_refused_with_a_sentence(args):
    with pytest.raises(Invalid):
        periods.parse(*args, today=TODAY)


def test_a_range_is_kept_and_clipped_to_today():
    p = periods.parse(None, "2026-03-01", "2026-04-30", today=TODAY)
    assert (p.first, p.last, p.days) == (date(2026, 3, 1), TODAY, 11)
    assert p.query() == {"from": "2026-03-01", "to": TODAY.isoformat()}


def test_a_reached_week_nobody_came_back_in_shows_zero_not_blank(session):
    admin = make_user(session, role=Role.ADMIN, created_at=at(TODAY - timedelta(days=60)))
    loyal = make_user(session, created_at=at(date(2026, 2, 23)))  # cohort of Monday 23 February
    gone = make_user(session, created_at=at(date(2026, 3, 2)))  # cohort of Monday 2 March
    track = make_track(session)
    for day in (date(2026, 2, 23), date(2026, 3, 2)):
        play(session, user=loyal, track=track, day=day)
    play(session, user=gone, track=track, day=date(2026, 3, 2))
    session.commit()
    catchup.catch_up(session)
    board = dashboard.admin_dashboard(session, actor=admin, period=period())
    by_week = {r["cohort"]: r for r in section(board, "cohorts")[0]}
    assert [by_week["2026-02-23"][f"week_{n}"] for n in range(4)] == [100.0, 100.0, 0.0, None]
    # Another cohort came back in its week 1; this one did not, and its week 1 has begun: 0, not blank.
    assert [by_week["2026-03-02"][f"week_{n}"] for n in range(3)] == [100.0, 0.0, None]
