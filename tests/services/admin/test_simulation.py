"""simulate-activity: a synthetic history made through the services, and its removal.

One simulation (30 people, 28 days, a fixed seed and end) is shared by the module: sign-ups
hash real passwords, so running it per test would be slow. Tests that change the database
run their own smaller simulation.
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, update
from sqlmodel import Session, col, select

from spoticlone.models import (
    ArtistListenerDaily,
    AuthSession,
    ChartDaily,
    PlayEvent,
    PlaylistVisibility,
    PlaySource,
    RecentSearch,
    SyntheticUser,
    Track,
    TrackLike,
    TrackPlaysDaily,
    User,
)
from spoticlone.services.admin import simulation
from spoticlone.services.core.errors import Invalid
from spoticlone.services.listening import plays
from spoticlone.services.listening.charts import rebuild_daily
from spoticlone.services.studio.rollups import rebuild_rollups
from tests.factories import make_album, make_artist, make_playlist, make_track, make_user

END = datetime(2026, 6, 1, 21, 0, tzinfo=UTC)
DAYS = 28


def _catalog(session: Session) -> list[Track]:
    """Four artists, two albums each, five songs per album; one public playlist."""
    tracks = []
    for a in range(4):
        artist = make_artist(session, stage_name=f"Band {chr(65 + a)} Lantern")
        for b in range(2):
            album = make_album(session, artist_id=artist.id, title=f"Record {a}{b} Harbour")
            tracks += [make_track(session, artist_id=artist.id, album_id=album.id, track_number=n + 1,
                                  title=f"Song {a}{b}{n} Meadow", duration_ms=150_000 + 10_000 * n)
                       for n in range(5)]
    curator = make_user(session, username="curator")
    make_playlist(session, owner=curator, tracks=tracks[::3], visibility=PlaylistVisibility.PUBLIC)
    return tracks


def _engine(tmp_path, monkeypatch):
    from spoticlone.config import get_settings
    from spoticlone.db import create_schema, make_engine

    monkeypatch.setenv("SPOTICLONE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SPOTICLONE_ENV", "test")
    monkeypatch.delenv("SPOTICLONE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    engine = make_engine(get_settings().resolved_database_url)
    create_schema(engine)
    return engine


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A catalog, one real listener's play, then a simulated month: ``(engine, summary)``."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        engine = _engine(tmp_path_factory.mktemp("sim"), monkeypatch)
        with Session(engine, expire_on_commit=False) as session:
            _catalog(session)
            summary = simulation.simulate_activity(session, users=30, days=DAYS, seed=7, end=END)
        yield engine, summary
        engine.dispose()


@pytest.fixture
def db(world):
    with Session(world[0], expire_on_commit=False) as session:
        yield session


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _in_period(moment: datetime) -> bool:
    return END - timedelta(days=DAYS) <= _utc(moment) <= END


def _counted(session: Session):
    return session.exec(select(PlayEvent).where(col(PlayEvent.counted).is_(True))).all()


def test_plays_spread_over_the_period_not_now(world, db):
    events = db.exec(select(PlayEvent)).all()
    assert world[1].plays == len(events) > 100
    days = {e.started_at.date() for e in events}
    assert len(days) >= DAYS // 2
    assert all(_in_period(e.started_at) for e in events)
    assert {e.source for e in events} >= {PlaySource.ALBUM, PlaySource.PLAYLIST, PlaySource.RADIO,
                                          PlaySource.ARTIST, PlaySource.SEARCH}


def test_skips_and_completed_plays(world, db):
    events = db.exec(select(PlayEvent)).all()
    skipped = [e for e in events if e.skipped]
    assert 0.1 < len(skipped) / len(events) < 0.4
    assert all(not e.counted for e in skipped if e.ms_played < 30_000)
    assert any(e.completed and e.counted for e in events)
    assert world[1].counted == len(_counted(db))


def test_rollups_match_the_raw_events(world, db):
    counted = _counted(db)
    per_day_track = Counter((e.started_at.date(), e.track_id) for e in counted)
    charts = {(row.day, row.track_id): row.plays for row in db.exec(select(ChartDaily))}
    assert charts == dict(per_day_track)
    per_source = Counter((e.started_at.date(), e.track_id, e.source.value) for e in counted)
    rollup = {(r.day, r.track_id, r.source): r.plays for r in db.exec(select(TrackPlaysDaily))}
    assert rollup == dict(per_source)
    per_track = Counter(e.track_id for e in counted)
    assert {t.id: t.play_count for t in db.exec(select(Track)) if t.play_count} == dict(per_track)
    assert db.exec(select(func.count()).select_from(ArtistListenerDaily)).one() > 0


def test_track_popularity_is_zipf_shaped(db):
    per_track = Counter(e.track_id for e in db.exec(select(PlayEvent)))
    counts = [per_track.get(t, 0) for t in db.exec(select(Track.id)).all()]
    assert max(counts) >= 3 * statistics.median(counts)


def test_the_funnel_has_every_step(world):
    summary = world[1]
    assert summary.users == 30
    assert summary.users > summary.verified > summary.listeners > 0


def test_synthetic_users_are_marked_with_devices_and_backdated_activity(world, db):
    marked = set(db.exec(select(SyntheticUser.user_id)).all())
    simulated = {u.id for u in db.exec(select(User).where(col(User.username).startswith("sim1_")))}
    assert marked == simulated and len(marked) == 30
    agents = db.exec(select(AuthSession.user_agent).where(col(AuthSession.user_id).in_(marked))).all()
    assert agents and all(agent.startswith("Mozilla/5.0") for agent in agents)
    likes = db.exec(select(TrackLike)).all()
    assert world[1].likes == len(likes) > 0
    assert all(_in_period(like.created_at) for like in likes)
    signups = db.exec(select(User.created_at).where(col(User.id).in_(marked))).all()
    assert all(_in_period(moment) for moment in signups)


def test_searches_are_recorded_some_found_nothing(world, db):
    assert world[1].searches > 0
    assert db.exec(select(func.count()).select_from(RecentSearch)).one() > 0
    assert 0 <= world[1].empty_searches < world[1].searches


def test_the_same_seed_gives_the_same_history(tmp_path, monkeypatch):
    def run(folder: str):
        engine = _engine(tmp_path / folder, monkeypatch)
        with Session(engine, expire_on_commit=False) as session:
            _catalog(session)
            summary = simulation.simulate_activity(session, users=4, days=10, seed=3, end=END)
            history = [(e.track_id, e.started_at, e.ms_played, e.source)
                       for e in session.exec(select(PlayEvent).order_by(col(PlayEvent.id)))]
        engine.dispose()
        return summary.model_dump(exclude={"seconds", "plays_per_second"}), history

    assert run("one") == run("two")


def test_remove_deletes_only_synthetic_users_and_keeps_aggregates_consistent(tmp_path, monkeypatch):
    monkeypatch.setattr(simulation, "COMMIT_EVERY", 10)  # several batches, not one
    engine = _engine(tmp_path, monkeypatch)
    with Session(engine, expire_on_commit=False) as session:
        tracks = _catalog(session)
        real = make_user(session, username="real_listener")
        play = plays.start_play(session, track_id=tracks[0].id, source="album", user_id=real.id)
        # Started five minutes ago, so a minute of listening is believable and counts.
        session.execute(update(PlayEvent).values(started_at=datetime.now(UTC) - timedelta(minutes=5)))
        session.commit()
        plays.report_progress(session, play_id=play, ms_played=60_000, completed=True, user_id=real.id)
        summary = simulation.simulate_activity(session, users=6, days=14, seed=5, end=END)
        assert summary.plays > 0

        removed = simulation.remove_synthetic(session)

        assert removed.users == 6 and removed.plays == summary.plays
        assert session.exec(select(SyntheticUser)).all() == []
        assert session.exec(select(User).where(col(User.username).startswith("sim"))).all() == []
        assert [e.user_id for e in session.exec(select(PlayEvent))] == [real.id]
        session.expire_all()
        assert {t.id: t.play_count for t in session.exec(select(Track)) if t.play_count} == {tracks[0].id: 1}
        charts = sorted((r.day, r.track_id, r.plays) for r in session.exec(select(ChartDaily)))
        rollup = sorted((r.day, r.track_id, r.source, r.plays) for r in session.exec(select(TrackPlaysDaily)))
        rebuild_daily(session)
        rebuild_rollups(session)
        assert charts == sorted((r.day, r.track_id, r.plays) for r in session.exec(select(ChartDaily)))
        assert rollup == sorted((r.day, r.track_id, r.source, r.plays) for r in session.exec(select(TrackPlaysDaily)))
        assert len(charts) == 1
        assert simulation.remove_synthetic(session).users == 0
    engine.dispose()


class _Production:
    env = "production"


def test_refuses_a_production_server_unless_told(monkeypatch, session):
    monkeypatch.setattr(simulation, "get_settings", lambda: _Production())
    with pytest.raises(Invalid, match="production"):
        simulation.simulate_activity(session, users=1, days=1)
    with pytest.raises(Invalid, match="production"):
        simulation.remove_synthetic(session)
    simulation.refuse_in_production(allow_production=True)
    assert simulation.remove_synthetic(session, allow_production=True).users == 0


@pytest.mark.parametrize(("users", "days"), [(0, 5), (5, 0), (10**9, 5), (5, 10**9), (True, 5)])
def test_counts_out_of_range_are_refused(session, users, days):
    make_track(session)
    with pytest.raises(Invalid):
        simulation.simulate_activity(session, users=users, days=days)
    assert session.exec(select(User)).all() == []


def test_an_empty_catalog_is_refused_clearly(session):
    with pytest.raises(Invalid, match="no published tracks"):
        simulation.simulate_activity(session, users=2, days=2)


def test_the_command_line_simulates_and_removes(engine, session, capsys):
    from spoticlone.cli import main

    make_track(session)
    assert main(["simulate-activity", "--users", "3", "--days", "5", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "3 sign-ups" in out and "plays/s" in out
    assert len(session.exec(select(SyntheticUser)).all()) == 3
    assert main(["simulate-activity", "--remove"]) == 0
    assert "Removed 3 synthetic listeners" in capsys.readouterr().out
    assert session.exec(select(SyntheticUser)).all() == []


def test_simulates_and_removes_on_postgresql(pg_session):
    _catalog(pg_session)
    summary = simulation.simulate_activity(pg_session, users=3, days=7, seed=4, end=END)
    assert summary.users == 3
    counted = len(_counted(pg_session))
    pg_session.expire_all()
    assert sum(t.play_count for t in pg_session.exec(select(Track))) == counted
    assert sum(r.plays for r in pg_session.exec(select(ChartDaily))) == counted == summary.counted
    assert simulation.remove_synthetic(pg_session).users == 3
    assert pg_session.exec(select(PlayEvent)).all() == []
    pg_session.expire_all()
    assert all(t.play_count == 0 for t in pg_session.exec(select(Track)))
