"""The rollups equal a recomputation from the raw play events, however the events arrived.

Random histories (seeded): some events exist before the dashboard (the catch-up's), some
arrive live through the subscribers, some old ones count only later (before or after the
catch-up passed them), and the catch-up runs in small batches in between. Whatever the mix,
every rollup table must equal what pandas computes from ``PlayEvent`` directly; and after a
reset and a full catch-up, again.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd  # type: ignore[import-untyped]
import pytest
from sqlalchemy import func, select as sa_select, update
from sqlmodel import Session, col, select

from spoticlone.db import create_schema
from spoticlone.models import (
    InsightActive,
    InsightActivity,
    InsightCohort,
    InsightHour,
    InsightListener,
    InsightPlaylistDay,
    InsightPlaylistMonth,
    InsightTrackDay,
    InsightTrackMonth,
    PlayEvent,
    PlaySource,
)
from spoticlone.services.core import events
from spoticlone.services.insight import catchup
from tests.factories import make_playlist, make_track, make_user
from tests.pg import postgres_schema

START = datetime(2026, 1, 1, tzinfo=UTC)


def monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def raw(session) -> pd.DataFrame:
    columns: list[Any] = [PlayEvent.user_id, PlayEvent.track_id, PlayEvent.started_at, PlayEvent.ms_played,
                          PlayEvent.counted, PlayEvent.source, PlayEvent.source_id]
    rows = session.execute(sa_select(*columns)).all()
    frame = pd.DataFrame(rows, columns=["user_id", "track_id", "started_at", "ms", "counted", "source", "source_id"])
    frame["day"] = [m.date() for m in frame["started_at"]]
    frame["hour"] = [m.hour for m in frame["started_at"]]
    return frame


def expected(session, signups: dict[int, date]) -> dict[str, set]:
    ev = raw(session)
    played = ev[ev["counted"]]
    out: dict[str, set] = {}
    days = ev.groupby("day").size().rename("starts").to_frame().join(
        played.groupby("day").agg(plays=("ms", "size"), ms=("ms", "sum")), how="left").fillna(0)
    out["day"] = {(d, int(r.starts), int(r.plays), int(r.ms)) for d, r in days.iterrows()}
    tracks = ev.groupby(["day", "track_id"]).size().rename("starts").to_frame().join(
        played.groupby(["day", "track_id"]).agg(plays=("ms", "size"), ms=("ms", "sum")), how="left").fillna(0)
    out["track"] = {(d, t, int(r.starts), int(r.plays), int(r.ms)) for (d, t), r in tracks.iterrows()}
    ev["month"] = [d.replace(day=1) for d in ev["day"]]
    played = ev[ev["counted"]]
    months = ev.groupby(["month", "track_id"]).size().rename("starts").to_frame().join(
        played.groupby(["month", "track_id"]).agg(plays=("ms", "size"), ms=("ms", "sum")), how="left").fillna(0)
    out["track_month"] = {(m, t, int(r.starts), int(r.plays), int(r.ms)) for (m, t), r in months.iterrows()}
    hours = ev.groupby(["day", "hour"]).size().rename("starts").to_frame().join(
        played.groupby(["day", "hour"]).agg(plays=("ms", "size"), ms=("ms", "sum")), how="left").fillna(0)
    out["hour"] = {(d, h, int(r.starts), int(r.plays), int(r.ms)) for (d, h), r in hours.iterrows()}
    from_list = [getattr(s, "value", s) == "playlist" and str(i).isdigit()
                 for s, i in zip(played["source"], played["source_id"], strict=True)]
    lists = played[pd.Series(from_list, index=played.index, dtype=bool)]
    out["playlist"] = {(d, int(p), int(n)) for (d, p), n in lists.groupby(["day", "source_id"]).size().items()}
    out["playlist_month"] = {(m, int(p), int(n)) for (m, p), n in lists.groupby(["month", "source_id"]).size().items()}
    people = ev.dropna(subset=["user_id"]).astype({"user_id": "int64"})
    activity = set()
    for u, d in zip(people["user_id"], people["day"], strict=True):
        activity |= {("d", d, u), ("w", monday(d), u), ("m", d.replace(day=1), u)}
    out["activity"] = activity
    out["active"] = {(k, s, n) for (k, s), n in pd.Series([(k, s) for k, s, _ in activity]).value_counts().items()}
    listeners = set()
    for u, group in people.groupby("user_id"):
        signup = signups[u]
        listeners.add((u, signup, monday(signup), min(group["day"]), max(group["day"]),
                       any(7 <= (d - signup).days <= 13 for d in group["day"])))
    out["listener"] = listeners
    cohorts = pd.Series([(monday(signups[u]), s) for k, s, u in activity if k == "w" and s >= monday(signups[u])])
    out["cohort"] = {(c, w, n) for (c, w), n in cohorts.value_counts().items()} if len(cohorts) else set()
    return out


def stored(session) -> dict[str, set]:
    def rows(*columns):
        return {tuple(r) for r in session.exec(select(*columns)).all()}

    return {
        "day": {tuple(r) for r in session.execute(
            sa_select(col(InsightHour.day), func.sum(InsightHour.starts), func.sum(InsightHour.plays),
                      func.sum(InsightHour.ms_played)).group_by(col(InsightHour.day))).all()},
        "track": rows(InsightTrackDay.day, InsightTrackDay.track_id, InsightTrackDay.starts, InsightTrackDay.plays,
                      InsightTrackDay.ms_played),
        "track_month": rows(InsightTrackMonth.month, InsightTrackMonth.track_id, InsightTrackMonth.starts,
                            InsightTrackMonth.plays, InsightTrackMonth.ms_played),
        "hour": rows(InsightHour.day, InsightHour.hour, InsightHour.starts, InsightHour.plays, InsightHour.ms_played),
        "playlist": rows(InsightPlaylistDay.day, InsightPlaylistDay.playlist_id, InsightPlaylistDay.plays),
        "playlist_month": rows(InsightPlaylistMonth.month, InsightPlaylistMonth.playlist_id,
                               InsightPlaylistMonth.plays),
        "activity": rows(InsightActivity.kind, InsightActivity.start, InsightActivity.user_id),
        "active": rows(InsightActive.kind, InsightActive.start, InsightActive.users),
        "listener": rows(InsightListener.user_id, InsightListener.signup_day, InsightListener.cohort,
                         InsightListener.first_day, InsightListener.last_day, InsightListener.returned_week2),
        "cohort": rows(InsightCohort.cohort, InsightCohort.week, InsightCohort.users),
    }


def count_later(session, event: PlayEvent, ms: int) -> None:
    """What ``plays.report_progress`` does when a play crosses the counting rule."""
    session.execute(update(PlayEvent).where(col(PlayEvent.id) == event.id)
                 .values(counted=True, ms_played=ms))
    events.emit(events.PLAY_RECORDED, session, event=event)
    session.commit()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollups_equal_a_recomputation_from_raw_events(session, seed):
    random_history_matches(session, seed)


@pytest.mark.postgres
def test_rollups_equal_a_recomputation_on_postgres():
    """The upserts have their own PostgreSQL statements (ON CONFLICT, date_trunc): same result."""
    with postgres_schema("insight") as engine:
        create_schema(engine)
        with Session(engine) as session:
            random_history_matches(session, 4)


def random_history_matches(session, seed: int) -> None:
    """A seeded random history, rolled live and by the catch-up, equals the recount; and after a reset."""
    rng = random.Random(seed)
    users = [make_user(session, created_at=START + timedelta(days=rng.randrange(0, 20))) for _ in range(5)]
    signups = {int(u.id or 0): u.created_at.date() for u in users}
    tracks = [make_track(session) for _ in range(4)]
    mix = make_playlist(session, owner=users[0])

    def new_event() -> PlayEvent:
        user = rng.choice([*users, None])
        source, source_id = rng.choice([(PlaySource.ALBUM, None), (PlaySource.PLAYLIST, str(mix.id)),
                                        (PlaySource.PLAYLIST, "not-a-number")])
        return PlayEvent(user_id=user.id if user else None, anonymous_session=None if user else "z" * 20,
                         track_id=int(rng.choice(tracks).id or 0), source=source, source_id=source_id,
                         started_at=START + timedelta(days=rng.randrange(0, 70), hours=rng.randrange(0, 24)))

    old = [new_event() for _ in range(60)]  # before the dashboard existed
    for e in old:
        if rng.random() < 0.5:
            e.counted, e.ms_played = True, rng.randrange(30_000, 200_000)
    session.add_all(old)
    session.commit()
    uncounted = [e for e in old if not e.counted]
    for step in range(80):
        e = new_event()
        session.add(e)
        session.flush()
        events.emit(events.PLAY_STARTED, session, event=e)
        session.commit()
        if rng.random() < 0.6:
            count_later(session, e, rng.randrange(30_000, 200_000))
        if uncounted and rng.random() < 0.2:  # an old play counts now: before or after the catch-up saw it
            count_later(session, uncounted.pop(), rng.randrange(30_000, 200_000))
        if step % 10 == 0:
            catchup.catch_up(session, batch=7, max_batches=2)
    result = catchup.catch_up(session, batch=7)
    assert result.done
    want = expected(session, signups)
    assert stored(session) == want
    catchup.reset(session)
    assert catchup.pending(session) > 0
    assert catchup.catch_up(session, batch=13).done
    assert stored(session) == want


def test_the_hourly_job_catches_up_and_resumes(engine, session):
    from spoticlone.jobs import insight_tasks

    user, track = make_user(session), make_track(session)
    session.add_all([PlayEvent(user_id=user.id, track_id=int(track.id or 0), started_at=START, counted=True,
                               ms_played=40_000) for _ in range(5)])
    session.commit()
    assert catchup.pending(session) == 5
    session.commit()  # pending() made the watermark row; the job works in a session of its own
    insight_tasks.hourly_insight_catch_up.call_local()
    session.expire_all()
    assert catchup.pending(session) == 0
    session.commit()
    assert stored(session)["day"] == {(START.date(), 5, 5, 200_000)}
    assert insight_tasks.insight_catch_up.call_local() == 0  # nothing left: rolled once
