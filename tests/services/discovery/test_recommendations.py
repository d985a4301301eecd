"""Stored recommendations: fallback before training, training, fold-in, hiding, reasons, the job and CLI."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from spoticlone.models import PlayEvent, Track, TrackStatus
from spoticlone.services.core.errors import Invalid, PermissionDenied
from spoticlone.services.discovery import preferences, recommendations, store
from tests.factories import make_artist, make_track, make_user

T0 = datetime.now(UTC) - timedelta(days=3)


def _play(session, user, track, minutes=0):
    session.add(PlayEvent(user_id=user.id, track_id=track.id, completed=True, counted=True, ms_played=180_000,
                          started_at=T0 + timedelta(minutes=minutes)))


@pytest.fixture
def world(session, settings):
    """Two tastes, each three artists of four tracks; twelve listeners of each taste."""
    tastes = []
    for _ in range(2):
        tracks = []
        for _ in range(3):
            artist = make_artist(session)
            tracks += [make_track(session, artist_id=artist.id) for _ in range(4)]
        tastes.append(tracks)
    for taste in tastes:
        for n in range(12):
            listener = make_user(session)
            for i, track in enumerate(taste):
                if (i + n) % 3:
                    _play(session, listener, track, i)
    session.commit()
    return tastes


def test_before_any_training_a_listener_gets_popular_tracks(session, world):
    for i, track in enumerate(world[1]):
        track.play_count = 100 + i
    session.commit()
    newcomer = make_user(session)
    picks = recommendations.recommendations_for(session, actor=newcomer, limit=5)
    assert [p.track.id for p in picks] == [t.id for t in reversed(world[1][-5:])]
    assert {p.reason for p in picks} == {"Popular right now"}


def test_first_plays_change_picks_after_training_without_retraining(session, world):
    report = recommendations.train_engine(session)
    assert report.tracks == 24 and report.users == 24 and store.load_engine() is not None
    newcomer = make_user(session)
    cold = [p.track.id for p in recommendations.recommendations_for(session, actor=newcomer, limit=10)]
    for i, track in enumerate(world[0][:3]):
        _play(session, newcomer, track, 10_000 + i)
    session.commit()
    warm = recommendations.recommendations_for(session, actor=newcomer, limit=10)
    assert [p.track.id for p in warm] != cold
    assert not {p.track.id for p in warm} & {t.id for t in world[0][:3]}
    assert sum(p.track.id in {t.id for t in world[0]} for p in warm[:6]) >= 5
    seeded = [p for p in warm if p.seed_track_id]
    assert seeded and all(p.seed_track_id in {t.id for t in world[0][:3]} for p in seeded)
    titles = {t.id: t.title for t in world[0]}
    assert any(p.reason in (f"Because you played {titles[p.seed_track_id]}",) or p.reason.startswith("Fans of ")
               for p in seeded)
    artists = [p.track.artist.id for p in warm]
    assert len(artists) == 10 and max(artists.count(a) for a in artists) <= 2


def test_hidden_and_withdrawn_tracks_never_show(session, world):
    recommendations.train_engine(session)
    fan = make_user(session)
    for i, track in enumerate(world[0][:2]):
        _play(session, fan, track, 10_000 + i)
    session.commit()
    first = recommendations.recommendations_for(session, actor=fan, limit=10)
    hidden, withdrawn = first[0].track, first[1].track
    preferences.mark_not_interested(session, actor=fan, artist_id=hidden.artist.id)
    session.get(Track, withdrawn.id).status = TrackStatus.WITHDRAWN
    session.commit()
    after = recommendations.recommendations_for(session, actor=fan, limit=10)
    assert withdrawn.id not in {p.track.id for p in after}
    assert hidden.artist.id not in {p.track.artist.id for p in after}
    recommendations.refresh_for_user(session, actor=fan)
    refreshed = recommendations.recommendations_for(session, actor=fan, limit=10)
    assert hidden.artist.id not in {p.track.artist.id for p in refreshed}


def test_recommendations_need_a_listener_and_a_sane_limit(session, world):
    with pytest.raises(PermissionDenied):
        recommendations.recommendations_for(session, actor=None)
    listener = make_user(session)
    for limit in (0, 51, True):
        with pytest.raises(Invalid):
            recommendations.recommendations_for(session, actor=listener, limit=limit)


def test_the_job_and_the_cli_train_the_engine(engine, session, world, capsys):
    from spoticlone.cli import main
    from spoticlone.jobs.discovery_tasks import train_recommendations

    assert store.load_engine() is None
    assert train_recommendations.call_local()["tracks"] == 24
    assert store.load_engine() is not None
    assert main(["recommend", "train"]) == 0
    assert "Trained" in capsys.readouterr().out
    assert main(["recommend", "evaluate", "--data", "demo"]) == 0
    out = capsys.readouterr().out
    assert "popularity" in out and "blend" in out
    make_artist(session)


def test_training_with_no_catalog_is_not_an_error_and_saves_nothing(session, settings):
    report = recommendations.train_engine(session)
    assert report.tracks == 0 and report.generators == []
    assert store.load_engine() is None
    assert recommendations.recommendations_for(session, actor=make_user(session)) == []


def _fresh_play(session, user, track):
    session.add(PlayEvent(user_id=user.id, track_id=track.id, completed=True, counted=True, ms_played=180_000,
                          started_at=datetime.now(UTC) + timedelta(seconds=1)))
    session.commit()


def test_home_counts_plays_past_the_first_few_once_the_rows_are_ttl_old_and_the_api_at_once(
        session, world, monkeypatch):
    from spoticlone.services.discovery import mix_cache

    regular, newcomer = make_user(session), make_user(session)
    for i, track in enumerate(world[0][:mix_cache.EXACT_PLAYS + 2]):
        _play(session, regular, track, i)
    _play(session, newcomer, world[0][0])
    session.commit()
    for listener in (regular, newcomer):
        assert recommendations.refresh_if_stale(session, actor=listener, settle_plays=True)  # no rows yet
        assert not recommendations.refresh_if_stale(session, actor=listener, settle_plays=True)
        _fresh_play(session, listener, world[0][5])
    assert recommendations.refresh_if_stale(session, actor=newcomer, settle_plays=True)  # a first play: at once
    assert not recommendations.refresh_if_stale(session, actor=regular, settle_plays=True)
    later = time.time() + mix_cache.TTL
    monkeypatch.setattr(recommendations.time, "time", lambda: later)
    assert recommendations.refresh_if_stale(session, actor=regular, settle_plays=True)
    _fresh_play(session, regular, world[0][6])
    assert recommendations.refresh_if_stale(session, actor=regular)  # the API: every play, at once


def test_the_freshness_check_runs_on_postgresql(pg_session, settings):
    listener = make_user(pg_session)
    artist = make_artist(pg_session)
    track = make_track(pg_session, artist_id=artist.id)
    for n in range(3):  # tracks left to pick
        make_track(pg_session, artist_id=artist.id, play_count=n + 1)
    _play(pg_session, listener, track)
    pg_session.commit()
    assert recommendations.refresh_if_stale(pg_session, actor=listener)
    assert not recommendations.refresh_if_stale(pg_session, actor=listener, settle_plays=True)
    _fresh_play(pg_session, listener, track)
    assert recommendations.refresh_if_stale(pg_session, actor=listener, settle_plays=True)  # a first few play
