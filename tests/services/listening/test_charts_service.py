"""Charts: the incremental aggregate, its rebuild, the formula, periods, genres, ranks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from spoticlone.models import ChartDaily, PlayEvent, Playlist, PlaySource, TrackStatus
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.library import collection, ratings
from spoticlone.services.listening import charts, plays
from tests import factories

TODAY = date(2026, 3, 10)


def counted_play(session, track, user, source=PlaySource.TRACK, source_id=None):
    play_id = plays.start_play(session, track_id=track.id, source=source, source_id=source_id, user_id=user.id)
    plays.report_progress(session, play_id=play_id, ms_played=4_000, user_id=user.id)


def old_event(session, track, days_ago, *, counted=True, today=TODAY):
    midnight = datetime.combine(today - timedelta(days=days_ago), datetime.min.time(), UTC)
    started = midnight + timedelta(hours=12)
    session.add(PlayEvent(track_id=track.id, user_id=None, anonymous_session="x" * 20, started_at=started,
                          ms_played=60_000, counted=counted))
    session.commit()


def daily(session):
    session.expire_all()
    return sorted((r.day, r.track_id, r.plays) for r in session.exec(select(ChartDaily)))


def test_a_counted_play_updates_the_aggregate_once(session):
    listener = factories.make_user(session)
    song = factories.make_track(session, duration_ms=8_000)
    pl = factories.make_playlist(session, owner=listener, visibility="public", tracks=[song])
    counted_play(session, song, listener)
    counted_play(session, song, listener, source=PlaySource.PLAYLIST, source_id=str(pl.id))
    play_id = plays.start_play(session, track_id=song.id, source="track", user_id=listener.id)
    plays.report_progress(session, play_id=play_id, ms_played=100, user_id=listener.id)  # too short
    today = datetime.now(UTC).date()
    assert daily(session) == [(today, song.id, 2)]
    assert session.get(Playlist, pl.id).play_count == 1
    # Re-reporting a counted play does not count it again.
    event = session.exec(select(PlayEvent).where(PlayEvent.counted == True)).first()  # noqa: E712
    plays.report_progress(session, play_id=event.id, ms_played=4_500, user_id=listener.id)
    assert daily(session) == [(today, song.id, 2)]
    incremental = daily(session)
    charts.rebuild_daily(session)
    assert daily(session) == incremental and session.get(Playlist, pl.id).play_count == 1


def test_rebuild_backfills_from_events(session):
    a, b = factories.make_track(session), factories.make_track(session)
    for days in (0, 0, 1, 30):
        old_event(session, a, days)
    old_event(session, b, 2)
    old_event(session, b, 2, counted=False)
    assert charts.rebuild_daily(session) == 4
    assert daily(session) == sorted([
        (TODAY, a.id, 2), (TODAY - timedelta(days=1), a.id, 1), (TODAY - timedelta(days=30), a.id, 1),
        (TODAY - timedelta(days=2), b.id, 1),
    ])


def test_formula_periods_and_kinds(session):
    users = [factories.make_user(session) for _ in range(3)]
    rock = factories.make_genre(session, name="Rock")
    loud, quiet = factories.make_artist(session), factories.make_artist(session)
    album = factories.make_album(session, artist_id=loud.id, genre_id=rock.id)
    hit = factories.make_track(session, artist_id=loud.id, album_id=album.id, genre_id=rock.id)
    oldie = factories.make_track(session, artist_id=quiet.id)
    draft = factories.make_track(session, status=TrackStatus.DRAFT)
    for _ in range(3):
        old_event(session, hit, 1)
    for _ in range(10):
        old_event(session, oldie, 40)
    old_event(session, draft, 0)
    charts.rebuild_daily(session)
    collection.like_track(session, actor=users[0], track_id=hit.id)
    ratings.rate(session, actor=users[1], target="track", target_id=hit.id, stars=5)
    ratings.rate(session, actor=users[2], target="album", target_id=album.id, stars=1)
    # Likes and ratings are "now"; evaluate the week ending today so they fall inside it.
    today = datetime.now(UTC).date()
    for days in range(3):
        old_event(session, hit, days, today=today)
    charts.rebuild_daily(session)

    week = charts.chart(session, kind="tracks", period="week", today=today)
    assert [(e.track.id, e.plays, e.likes, e.rating_points, e.score) for e in week.entries] == [
        (hit.id, 3, 1, 4.0, 3 + 3 * 1 + 4)]  # oldie's plays are 40 days old; the draft never shows
    all_time = charts.chart(session, kind="tracks", period="all", today=today)
    # All time: hit has 3 old + 3 recent plays, + 3 (like) + 4 (5 stars) = 13.
    assert [(e.track.id, e.score) for e in all_time.entries] == [(hit.id, 13.0), (oldie.id, 10.0)]
    albums = charts.chart(session, kind="albums", period="all", today=today)
    assert [(e.album.id, e.score) for e in albums.entries] == [(album.id, 13.0 - 4)]  # 1-star album: -4
    artists = charts.chart(session, kind="artists", period="all", today=today)
    assert [(e.artist.id, e.score) for e in artists.entries] == [(quiet.id, 10.0), (loud.id, 9.0)]
    week_artists = charts.chart(session, kind="artists", period="week", today=today)
    assert [(e.artist.id, e.score) for e in week_artists.entries] == [(loud.id, 6.0)]
    rock_artists = charts.chart(session, kind="artists", period="all", genre="rock", today=today)
    assert [e.artist.id for e in rock_artists.entries] == [loud.id]
    assert charts.artist_rank(session, artist_id=loud.id, period="all", today=today).rank == 2
    assert charts.artist_rank(session, artist_id=loud.id, period="week", today=today).rank == 1
    assert charts.artist_rank(session, artist_id=quiet.id, period="week", today=today).rank is None
    for bad in ({"kind": "genres"}, {"period": "month"}, {"limit": 0}, {"limit": 101}):
        with pytest.raises(Invalid):
            charts.chart(session, **bad)
    with pytest.raises(NotFound):
        charts.chart(session, genre="polka")
    with pytest.raises(NotFound):
        charts.artist_rank(session, artist_id=999_999)
