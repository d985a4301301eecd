"""Play events: the counting rule, counting exactly once, ownership, recently played."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from spoticlone.models import PlayEvent, PlaySource, Track, TrackStatus, utcnow
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.listening import plays
from tests.factories import make_track, make_user
from tests.pg import postgres_schema
from tests.sql_log import statements_run

ANON = "anon-session-token-0001"
OTHER_ANON = "anon-session-token-0002"


def _backdate(session: Session, play_id: int, minutes: int = 30) -> None:
    """Pretend the play started a while ago, so the wall-clock cap allows long listens."""
    event = session.get(PlayEvent, play_id)
    event.started_at = utcnow() - timedelta(minutes=minutes)
    session.add(event)
    session.commit()


def _start(session, track, **owner) -> int:
    owner = owner or {"anonymous_session": ANON}
    play_id = plays.start_play(session, track_id=track.id, source="album", source_id="7", **owner)
    _backdate(session, play_id)
    return play_id


def _play_count(session, track) -> int:
    return session.exec(select(Track.play_count).where(Track.id == track.id)).one()


@pytest.mark.parametrize(
    ("ms", "duration", "counts"),
    [
        (29_999, 240_000, False),
        (30_000, 240_000, True),
        (30_000, 60_000, True),
        (19_999, 40_000, False),  # a 40 s interlude counts at half: 20 s
        (20_000, 40_000, True),
        (2_000, 4_000, True),
        (29_999, 0, False),  # unknown duration: the full 30 s
        (30_000, 0, True),
        (0, 1, False),  # something must have been heard
    ],
)
def test_counting_rule(ms, duration, counts):
    assert plays.counts_as_play(ms, duration) is counts


def test_start_play_records_the_event(session):
    track = make_track(session)
    play_id = plays.start_play(
        session, track_id=track.id, source=PlaySource.GENRE, source_id="rock",
        anonymous_session=ANON,
    )
    event = session.get(PlayEvent, play_id)
    assert (event.track_id, event.source, event.source_id) == (track.id, PlaySource.GENRE, "rock")
    assert (event.anonymous_session, event.user_id, event.ms_played, event.counted) == (
        ANON, None, 0, False,
    )


@pytest.mark.parametrize(
    "owner",
    [
        {},
        {"user_id": 1, "anonymous_session": ANON},
        {"anonymous_session": "short"},
        {"anonymous_session": "x" * 65},
        {"anonymous_session": "has spaces in the token!"},
        {"anonymous_session": "../../etc/passwd-aaaaaaaa"},
    ],
)
def test_start_play_needs_exactly_one_well_formed_owner(session, owner):
    track = make_track(session)
    with pytest.raises(Invalid):
        plays.start_play(session, track_id=track.id, source="album", **owner)


def test_start_play_rejects_unknown_sources_and_long_source_ids(session):
    track = make_track(session)
    with pytest.raises(Invalid):
        plays.start_play(session, track_id=track.id, source="telepathy", anonymous_session=ANON)
    with pytest.raises(Invalid):
        plays.start_play(
            session, track_id=track.id, source="album", source_id="x" * 65, anonymous_session=ANON
        )


def test_start_play_needs_a_published_track_and_a_real_user(session):
    draft = make_track(session, status=TrackStatus.DRAFT)
    for track_id in (draft.id, 999_999):
        with pytest.raises(NotFound):
            plays.start_play(session, track_id=track_id, source="track", anonymous_session=ANON)
    with pytest.raises(NotFound):
        plays.start_play(session, track_id=make_track(session).id, source="track", user_id=999)


def test_long_track_counts_at_30_seconds_once(session):
    track = make_track(session, duration_ms=240_000, play_count=5)
    play_id = _start(session, track)
    first = plays.report_progress(session, play_id=play_id, ms_played=29_000, anonymous_session=ANON)
    assert (first.counted, first.play_count) == (False, 5)
    second = plays.report_progress(session, play_id=play_id, ms_played=30_000, anonymous_session=ANON)
    assert (second.counted, second.play_count) == (True, 6)
    for ms in (40_000, 120_000, 240_000):
        again = plays.report_progress(
            session, play_id=play_id, ms_played=ms, completed=True, anonymous_session=ANON
        )
        assert (again.counted, again.play_count) == (True, 6)
    assert _play_count(session, track) == 6
    assert session.get(Track, track.id).play_count == 6  # the identity map is not stale


def test_short_track_counts_at_half_its_length(session):
    track = make_track(session, duration_ms=20_000)
    play_id = _start(session, track)
    assert not plays.report_progress(
        session, play_id=play_id, ms_played=9_999, anonymous_session=ANON
    ).counted
    assert plays.report_progress(
        session, play_id=play_id, ms_played=10_000, anonymous_session=ANON
    ).counted
    assert _play_count(session, track) == 1


def test_two_plays_of_the_same_track_count_twice(session):
    track = make_track(session)
    for _ in range(2):
        plays.report_progress(
            session, play_id=_start(session, track), ms_played=60_000, anonymous_session=ANON
        )
    assert _play_count(session, track) == 2


def test_ms_played_is_monotonic_and_capped_at_the_duration(session):
    track = make_track(session, duration_ms=100_000)
    play_id = _start(session, track)
    plays.report_progress(session, play_id=play_id, ms_played=50_000, anonymous_session=ANON)
    late = plays.report_progress(session, play_id=play_id, ms_played=10_000, anonymous_session=ANON)
    assert late.ms_played == 50_000
    huge = plays.report_progress(session, play_id=play_id, ms_played=10**12, anonymous_session=ANON)
    assert huge.ms_played == 100_000 + plays.DURATION_SLACK_MS


def test_listening_time_cannot_run_ahead_of_the_clock(session):
    track = make_track(session, duration_ms=240_000)
    play_id = plays.start_play(session, track_id=track.id, source="track", anonymous_session=ANON)
    instant = plays.report_progress(session, play_id=play_id, ms_played=60_000, anonymous_session=ANON)
    assert not instant.counted and instant.ms_played <= plays.ELAPSED_SLACK_MS + 1_000
    assert _play_count(session, track) == 0


def test_flags_stick_and_bad_times_are_refused(session):
    track = make_track(session)
    play_id = _start(session, track)
    plays.report_progress(session, play_id=play_id, ms_played=1_000, skipped=True, anonymous_session=ANON)
    plays.report_progress(session, play_id=play_id, ms_played=2_000, anonymous_session=ANON)
    session.expire_all()
    assert session.get(PlayEvent, play_id).skipped is True
    for bad in (-1, 1.5, "10", True):
        with pytest.raises(Invalid):
            plays.report_progress(session, play_id=play_id, ms_played=bad, anonymous_session=ANON)


def test_only_the_owner_may_report(session):
    user, other_user = make_user(session), make_user(session)
    track = make_track(session)
    anon_play = _start(session, track)
    user_play = _start(session, track, user_id=user.id)
    attempts = [
        (anon_play, {"anonymous_session": OTHER_ANON}),
        (anon_play, {"user_id": user.id}),
        (user_play, {"user_id": other_user.id}),
        (user_play, {"anonymous_session": ANON}),
        (999_999, {"anonymous_session": ANON}),
    ]
    for play_id, owner in attempts:
        with pytest.raises(NotFound):
            plays.report_progress(session, play_id=play_id, ms_played=60_000, **owner)
    assert _play_count(session, track) == 0
    assert plays.report_progress(
        session, play_id=user_play, ms_played=60_000, user_id=user.id
    ).counted


def _race(engine) -> int:
    """Four sessions on four threads report the same crossing at the same moment, 3 times."""
    with Session(engine, expire_on_commit=False) as setup:
        track = make_track(setup, duration_ms=200_000)
        play_id = _start(setup, track)
    for round_ms in (40_000, 80_000, 120_000):
        barrier = threading.Barrier(4)
        results, errors = [], []

        def report(ms=round_ms, barrier=barrier, results=results, errors=errors):
            try:
                with Session(engine, expire_on_commit=False) as own:
                    barrier.wait()
                    results.append(
                        plays.report_progress(own, play_id=play_id, ms_played=ms, anonymous_session=ANON)
                    )
            except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
                errors.append(exc)

        threads = [threading.Thread(target=report) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert not errors and len(results) == 4
        assert all(r.counted for r in results)
    with Session(engine) as check:
        return _play_count(check, track)


def test_concurrent_reports_count_once(engine):
    assert _race(engine) == 1


@pytest.mark.postgres
def test_concurrent_reports_count_once_on_postgres():
    from sqlmodel import SQLModel

    with postgres_schema("plays") as engine:
        SQLModel.metadata.create_all(engine)
        assert _race(engine) == 1


def test_a_start_time_in_the_future_does_not_block_counting(session):
    """A database storing local time ahead of UTC must not make every play uncountable."""
    track = make_track(session)
    play_id = plays.start_play(session, track_id=track.id, source="track", anonymous_session=ANON)
    _backdate(session, play_id, minutes=-120)
    assert plays.report_progress(session, play_id=play_id, ms_played=40_000, anonymous_session=ANON).counted


def test_recently_played_is_distinct_newest_first_and_published_only(session):
    a, b, c = (make_track(session, title=t) for t in ("A", "B", "C"))
    hidden = make_track(session, title="Hidden")
    for track in (a, b, hidden, a, c):
        _start(session, track)
    hidden.status = TrackStatus.DRAFT
    session.add(hidden)
    session.commit()
    _start(session, make_track(session), anonymous_session=OTHER_ANON)
    recent = plays.recently_played(session, anonymous_session=ANON)
    assert [t.title for t in recent] == ["C", "A", "B"]
    assert [t.title for t in plays.recently_played(session, anonymous_session=ANON, limit=2)] == [
        "C", "A",
    ]
    with pytest.raises(Invalid):
        plays.recently_played(session, anonymous_session=ANON, limit=0)
    with pytest.raises(Invalid):
        plays.recently_played(session)


def test_recently_played_reads_the_newest_plays_a_window_at_a_time(session, monkeypatch):
    """Home asks on every visit: what it costs follows the window, not the whole history."""
    monkeypatch.setattr(plays, "RECENT_WINDOW", 3)
    t0, t1, t2, t3 = (make_track(session, title=f"T{n}") for n in range(4))
    for track in (t0, t0, t0, t0, t1, t2, t1, t3):  # oldest first
        _start(session, track)
    with statements_run(session.get_bind()) as statements:
        # Newest first: T3 T1 T2 | T1 T0 T0 | T0 T0 (windows of three).
        assert [t.title for t in plays.recently_played(session, anonymous_session=ANON, limit=3)] == [
            "T3", "T1", "T2"]
    reads = [s for s in statements if "FROM playevent" in s]
    assert len(reads) == 1 and "LIMIT" in reads[0] and "GROUP BY" not in reads[0]
    assert [t.title for t in plays.recently_played(session, anonymous_session=ANON, limit=4)] == [
        "T3", "T1", "T2", "T0"]
    assert len(plays.recently_played(session, anonymous_session=ANON, limit=10)) == 4
    monkeypatch.setattr(plays, "RECENT_WINDOWS", 1)  # never more than this many windows
    assert [t.title for t in plays.recently_played(session, anonymous_session=ANON, limit=4)] == [
        "T3", "T1", "T2"]
    plan = " ".join(str(row) for row in session.connection().exec_driver_sql(
        "EXPLAIN QUERY PLAN SELECT track_id FROM playevent WHERE user_id = 1 "
        "ORDER BY started_at DESC, id DESC LIMIT 3"))
    assert "ix_playevent_user_started" in plan and "TEMP B-TREE" not in plan


@pytest.mark.postgres
def test_recently_played_on_postgres(monkeypatch):
    from sqlmodel import SQLModel

    monkeypatch.setattr(plays, "RECENT_WINDOW", 2)
    with postgres_schema("recent") as engine:
        SQLModel.metadata.create_all(engine)
        with Session(engine, expire_on_commit=False) as session:
            user = make_user(session)
            a, b, c = (make_track(session, title=t) for t in "ABC")
            for track in (a, b, a, a, c, b):
                _start(session, track, user_id=user.id)
            assert [t.title for t in plays.recently_played(session, user_id=user.id)] == ["B", "C", "A"]


def test_claim_moves_anonymous_plays_to_the_user(session):
    user = make_user(session)
    first, second = make_track(session, title="First"), make_track(session, title="Second")
    play_id = _start(session, first)
    _start(session, second)
    _start(session, first, anonymous_session=OTHER_ANON)
    assert plays.claim_anonymous_plays(session, anonymous_session=ANON, user_id=user.id) == 2
    assert [t.title for t in plays.recently_played(session, user_id=user.id)] == ["Second", "First"]
    assert plays.recently_played(session, anonymous_session=ANON) == []
    with pytest.raises(NotFound):  # the anonymous session lost the event
        plays.report_progress(session, play_id=play_id, ms_played=1_000, anonymous_session=ANON)
    assert plays.report_progress(session, play_id=play_id, ms_played=60_000, user_id=user.id).counted
    with pytest.raises(NotFound):
        plays.claim_anonymous_plays(session, anonymous_session=ANON, user_id=999_999)
