"""Artist analytics: rollups kept as plays count, the figures over each range, CSV, backfill, access."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from spoticlone.models import (
    ArtistFollow,
    ArtistListenerDaily,
    PlayEvent,
    PlaylistTrack,
    Rating,
    Role,
    SavedAlbum,
    TrackLike,
    TrackPlaysDaily,
)
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.listening import plays
from spoticlone.services.studio import analytics, rollups
from tests import factories
from tests.pinned_day import TODAY

ANON = "anon-analytics-token-01"


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), UTC)


def _play(session: Session, track, *, day: date, ms: int, source: str, **owner) -> int:
    """A play through the listening service, started on ``day``, with one report of ``ms``."""
    play_id = plays.start_play(session, track_id=track.id, source=source, **owner)
    event = session.get(PlayEvent, play_id)
    event.started_at = _at(day)
    session.add(event)
    session.commit()
    plays.report_progress(session, play_id=play_id, ms_played=ms, **owner)
    return play_id


def _artist_account(session: Session):
    user = factories.make_user(session, role=Role.ARTIST)
    return user, factories.make_artist(session, user_id=user.id)


@pytest.fixture
def catalog(session):
    """An artist with two songs, three listeners (one anonymous) and a stranger's song."""
    owner, artist = _artist_account(session)
    ann, bob = factories.make_user(session), factories.make_user(session)
    album = factories.make_album(session, artist_id=artist.id)
    song = factories.make_track(session, artist_id=artist.id, album_id=album.id, duration_ms=200_000, title="Song")
    short = factories.make_track(session, artist_id=artist.id, duration_ms=100_000, title="Short")
    stranger = factories.make_track(session)
    _play(session, song, day=TODAY - timedelta(days=2), ms=120_000, source="album", user_id=ann.id)
    _play(session, song, day=TODAY, ms=60_000, source="playlist", user_id=ann.id)
    _play(session, short, day=TODAY, ms=50_000, source="search", user_id=bob.id)
    _play(session, song, day=TODAY - timedelta(days=1), ms=40_000, source="artist", anonymous_session=ANON)
    _play(session, short, day=TODAY, ms=10_000, source="radio", user_id=bob.id)  # too short to count
    _play(session, stranger, day=TODAY, ms=90_000, source="album", user_id=ann.id)  # somebody else's
    return {"owner": owner, "artist": artist, "album": album, "song": song, "short": short, "stranger": stranger,
            "ann": ann, "bob": bob}


def test_the_figures_come_from_the_plays_that_counted(session, catalog):
    report = analytics.artist_analytics(session, actor=catalog["owner"], period="7d", today=TODAY)

    assert (report.first_day, report.last_day, len(report.days)) == (TODAY - timedelta(days=6), TODAY, 7)
    t = report.totals
    # ann on two days, bob and the anonymous browser: three people, four plays.
    assert (t.plays, t.listeners, t.listening_ms) == (4, 3, 270_000)
    by_day = {d.day: (d.plays, d.listeners, d.listening_ms) for d in report.days}
    assert by_day[TODAY - timedelta(days=2)] == (1, 1, 120_000)
    assert by_day[TODAY - timedelta(days=1)] == (1, 1, 40_000)
    assert by_day[TODAY] == (2, 2, 110_000)
    assert sum(p for p, _, _ in by_day.values()) == 4
    assert [(s.source, s.plays) for s in report.sources[:4]] == [
        ("album", 1), ("artist", 1), ("playlist", 1), ("search", 1)]
    assert all(s.plays == 0 and s.daily == [0] * 7 for s in report.sources[4:])
    playlist = next(s for s in report.sources if s.source == "playlist")
    assert (playlist.label, playlist.daily) == ("Playlist", [0, 0, 0, 0, 0, 0, 1])
    assert [(x.title, x.plays, x.listening_ms) for x in report.top_tracks] == [("Song", 3, 220_000),
                                                                               ("Short", 1, 50_000)]


def test_a_range_leaves_out_older_days(session, catalog):
    yesterday = analytics.artist_analytics(session, actor=catalog["owner"], period="7d",
                                           today=TODAY - timedelta(days=1))
    assert (yesterday.totals.plays, yesterday.totals.listeners) == (2, 2)
    everything = analytics.artist_analytics(session, actor=catalog["owner"], period="all", today=TODAY)
    assert everything.first_day == TODAY - timedelta(days=2)
    assert [d.plays for d in everything.days] == [1, 1, 2]


def test_followers_likes_saves_adds_and_ratings(session, catalog):
    artist, song, album = catalog["artist"], catalog["song"], catalog["album"]
    fans = [factories.make_user(session) for _ in range(3)]
    for fan, days_ago in zip(fans, (40, 3, 0), strict=True):
        session.add(ArtistFollow(user_id=fan.id, artist_id=artist.id, created_at=_at(TODAY - timedelta(days=days_ago))))
    session.add(TrackLike(user_id=fans[0].id, track_id=song.id, created_at=_at(TODAY)))
    session.add(TrackLike(user_id=fans[0].id, track_id=catalog["stranger"].id, created_at=_at(TODAY)))
    session.add(TrackLike(user_id=fans[1].id, track_id=song.id, created_at=_at(TODAY - timedelta(days=9))))
    session.add(SavedAlbum(user_id=fans[1].id, album_id=album.id, created_at=_at(TODAY - timedelta(days=1))))
    session.add(Rating(user_id=fans[0].id, track_id=song.id, stars=5, updated_at=_at(TODAY)))
    session.add(Rating(user_id=fans[1].id, album_id=album.id, stars=4, updated_at=_at(TODAY)))
    session.add(Rating(user_id=fans[2].id, track_id=song.id, stars=1, updated_at=_at(TODAY - timedelta(days=30))))
    session.commit()
    playlist = factories.make_playlist(session, owner=fans[2], tracks=[song, catalog["short"], catalog["stranger"]])
    for entry in session.exec(select(PlaylistTrack).where(PlaylistTrack.playlist_id == playlist.id)):
        entry.added_at = _at(TODAY)  # added on the pinned day, not on the wall clock's
        session.add(entry)
    session.commit()

    week = analytics.artist_analytics(session, actor=catalog["owner"], period="7d", today=TODAY)
    t = week.totals
    assert (t.followers, t.new_followers, t.likes, t.saves, t.playlist_adds) == (3, 2, 1, 1, 2)
    assert (t.ratings, t.average_rating) == (2, 4.5)
    assert [d.followers for d in week.days] == [1, 1, 1, 2, 2, 2, 3]
    assert [d.new_followers for d in week.days] == [0, 0, 0, 1, 0, 0, 1]
    assert (week.days[-1].likes, week.days[-2].saves, week.days[-1].playlist_adds) == (1, 1, 2)

    year = analytics.artist_analytics(session, actor=catalog["owner"], period="365d", today=TODAY)
    assert (year.totals.likes, year.totals.new_followers, year.totals.ratings) == (2, 3, 3)
    assert year.totals.average_rating == round(10 / 3, 2)
    assert analytics.artist_analytics(session, actor=catalog["owner"], period="all", today=TODAY).first_day == (
        TODAY - timedelta(days=40))


def test_an_empty_catalog_gives_zeros(session):
    owner, artist = _artist_account(session)
    report = analytics.artist_analytics(session, actor=owner, period="28d", today=TODAY)
    assert len(report.days) == 28 and report.artist_id == artist.id
    assert all((d.plays, d.listeners, d.listening_ms, d.followers, d.likes) == (0, 0, 0, 0, 0) for d in report.days)
    assert report.totals.model_dump() == {
        "plays": 0, "listeners": 0, "listening_ms": 0, "followers": 0, "new_followers": 0, "likes": 0, "saves": 0,
        "playlist_adds": 0, "ratings": 0, "average_rating": None}
    assert report.top_tracks == [] and len(report.sources) == 10  # every PlaySource, "share" included
    assert [d.day for d in analytics.artist_analytics(session, actor=owner, period="all", today=TODAY).days] == [TODAY]


def test_csv_has_one_row_per_day_and_a_column_per_metric(session, catalog):
    export = analytics.analytics_csv(session, actor=catalog["owner"], period="7d", today=TODAY)
    assert export.filename == f"analytics-{catalog['artist'].slug}-7d-{TODAY.isoformat()}.csv"
    rows = list(csv.DictReader(io.StringIO(export.content)))
    assert [r["date"] for r in rows] == [(TODAY - timedelta(days=n)).isoformat() for n in range(6, -1, -1)]
    last = rows[-1]
    assert (last["plays"], last["unique_listeners"], last["listening_ms"]) == ("2", "2", "110000")
    assert (last["plays_from_playlist"], last["plays_from_search"], last["plays_from_radio"]) == ("1", "1", "0")
    assert sum(int(r["plays"]) for r in rows) == 4


def test_the_backfill_equals_the_incremental_rollups(session, catalog):
    def snapshot():
        return (sorted(session.exec(select(TrackPlaysDaily.day, TrackPlaysDaily.track_id, TrackPlaysDaily.source,
                                           TrackPlaysDaily.plays)).all()),
                sorted((r.artist_id, r.day, r.listener) for r in session.exec(select(ArtistListenerDaily))),
                sorted(session.exec(select(TrackPlaysDaily.track_id, TrackPlaysDaily.ms_played)).all()))

    incremental = snapshot()
    before = analytics.artist_analytics(session, actor=catalog["owner"], period="all", today=TODAY)
    assert len(incremental[0]) == 5 and len(incremental[1]) == 5  # stranger's artist heard by ann too
    assert rollups.rebuild_rollups(session) == 5
    assert snapshot() == incremental
    assert analytics.artist_analytics(session, actor=catalog["owner"], period="all", today=TODAY) == before
    # The anonymous browser's token is not copied into the rollup.
    assert not any(ANON in listener for _, _, listener in incremental[1])


def test_listening_after_the_play_counted_is_picked_up_by_the_rebuild(session, catalog):
    ann, song = catalog["ann"], catalog["song"]
    play_id = _play(session, song, day=TODAY - timedelta(days=3), ms=30_000, source="track", user_id=ann.id)
    plays.report_progress(session, play_id=play_id, ms_played=180_000, user_id=ann.id)
    owner = catalog["owner"]
    counted_then = analytics.artist_analytics(session, actor=owner, period="7d", today=TODAY).totals
    assert (counted_then.plays, counted_then.listening_ms) == (5, 300_000)
    rollups.rebuild_rollups(session)
    rebuilt = analytics.artist_analytics(session, actor=owner, period="7d", today=TODAY).totals
    assert (rebuilt.plays, rebuilt.listening_ms) == (5, 450_000)


def test_the_nightly_job_adds_what_was_heard_after_a_play_counted(engine, session, catalog):
    from spoticlone.jobs.studio_tasks import nightly_analytics_rebuild

    ann, song, owner = catalog["ann"], catalog["song"], catalog["owner"]
    play_id = _play(session, song, day=TODAY - timedelta(days=2), ms=30_000, source="track", user_id=ann.id)
    plays.report_progress(session, play_id=play_id, ms_played=200_000, user_id=ann.id)
    before = analytics.artist_analytics(session, actor=owner, period="7d", today=TODAY).totals.listening_ms
    nightly_analytics_rebuild.call_local()
    session.expire_all()
    after = analytics.artist_analytics(session, actor=owner, period="7d", today=TODAY).totals.listening_ms
    assert after - before == 170_000


def test_who_may_read_analytics(session, catalog):
    artist = catalog["artist"]
    with pytest.raises(PermissionDenied):
        analytics.artist_analytics(session, actor=None)
    with pytest.raises(PermissionDenied, match="artist profile"):
        analytics.artist_analytics(session, actor=catalog["ann"])
    with pytest.raises(PermissionDenied, match="artist profile"):
        analytics.artist_analytics(session, actor=catalog["ann"], artist_id=artist.id)
    other, _ = _artist_account(session)
    with pytest.raises(NotFound):
        analytics.analytics_csv(session, actor=other, artist_id=artist.id)
    assert analytics.artist_analytics(session, actor=other).totals.plays == 0
    assert analytics.artist_analytics(session, actor=catalog["owner"], artist_id=artist.id).artist_id == artist.id
    admin = factories.make_user(session, role=Role.ADMIN)
    seen = analytics.artist_analytics(session, actor=admin, artist_id=artist.id, period="7d", today=TODAY)
    assert seen.totals.plays == 4
    with pytest.raises(NotFound):
        analytics.artist_analytics(session, actor=admin, artist_id=10**12)
    with pytest.raises(PermissionDenied):
        analytics.artist_analytics(session, actor=admin)  # no profile of their own
    with pytest.raises(Invalid, match="7d, 28d, 365d"):
        analytics.artist_analytics(session, actor=catalog["owner"], period="3w")


@pytest.mark.postgres
def test_rollups_and_figures_on_postgres(pg_session):
    session = pg_session
    owner, artist = _artist_account(session)
    listener = factories.make_user(session)
    song = factories.make_track(session, artist_id=artist.id, duration_ms=100_000)
    _play(session, song, day=TODAY - timedelta(days=1), ms=60_000, source="radio", user_id=listener.id)
    _play(session, song, day=TODAY, ms=50_000, source="radio", user_id=listener.id)
    _play(session, song, day=TODAY, ms=40_000, source="radio", user_id=listener.id)
    _play(session, song, day=TODAY, ms=45_000, source="search", anonymous_session=ANON)
    session.add(ArtistFollow(user_id=listener.id, artist_id=artist.id, created_at=_at(TODAY)))
    session.commit()

    report = analytics.artist_analytics(session, actor=owner, period="7d", today=TODAY)
    assert (report.totals.plays, report.totals.listeners, report.totals.listening_ms) == (4, 2, 195_000)
    assert [(d.plays, d.listeners) for d in report.days[-2:]] == [(1, 1), (3, 2)]
    assert [(s.source, s.plays) for s in report.sources[:2]] == [("radio", 3), ("search", 1)]
    assert (report.totals.followers, report.days[-1].followers) == (1, 1)
    rollups.rebuild_rollups(session)
    assert analytics.artist_analytics(session, actor=owner, period="7d", today=TODAY) == report


def test_the_cli_rebuilds_the_analytics(engine, session, catalog, capsys):
    from spoticlone import cli

    owner = catalog["owner"]
    before = analytics.artist_analytics(session, actor=owner, period="all", today=TODAY).totals
    assert cli.main(["rebuild-analytics"]) == 0
    assert "Analytics rebuilt:" in capsys.readouterr().out
    session.expire_all()
    assert analytics.artist_analytics(session, actor=owner, period="all", today=TODAY).totals == before
