"""The dashboard's rollups, added to as plays start and count (subscribers), or in batches (catch-up).

Two facts of a play feed the dashboard:

- it **started** (``play_started``): one more start for the hour and for the track's day and month (the
  skip rate is the share of starts that never counted), and, for a signed-in listener, activity in that
  day, week and month (active listeners, retention cohorts, the sign-up funnel);
- it **counted** (``play_recorded``, heard ``min(30 s, half the track)``): one more play and its
  listening time for the UTC hour, the track's day and month and, when started from a playlist, the
  playlist's day and month.

``roll_starts`` and ``roll_plays`` take a list of such facts, so a live play (a list of one) and
a catch-up batch of thousands go through the same statements and add up to the same rows.

Which events the subscribers roll is decided by ``InsightWatermark``: a play that starts is
always new (the first one seen sets ``live_from``); a play that counts is rolled here only
if its start was (``id >= live_from``) or the catch-up already went past it
(``id <= rolled_to``); otherwise the catch-up will see it counted. The cost on the play's own
request is one primary-key read and three to five single-row upserts, plus a few more for a
listener's first play of a day.
"""

from __future__ import annotations

import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select as sa_select, update
from sqlmodel import Session, col, select

from spoticlone.models import (
    InsightActive,
    InsightActivity,
    InsightCohort,
    InsightDay,
    InsightHour,
    InsightListener,
    InsightPlaylistDay,
    InsightPlaylistMonth,
    InsightTrackDay,
    InsightTrackMonth,
    InsightWatermark,
    PlayEvent,
    PlaySource,
    Track,
    User,
)
from spoticlone.models.common import utcnow
from spoticlone.services.core import events
from spoticlone.services.core.db_cache import engine_of
from spoticlone.services.insight.upserts import add_rows, dialect_insert, insert_if_new, set_rows

WATERMARK_ID = 1
#: Activity kinds: a day, a week (by its Monday), a month (by its first day).
DAY, WEEK, MONTH = "d", "w", "m"
#: Users per ``IN (...)`` list (SQLite allows 32,766 parameters; PostgreSQL more).
IN_CHUNK = 900
_INT64_MAX = 2**63 - 1


@dataclass(frozen=True, slots=True)
class Started:
    """A play that started: its UTC day and hour, track and signed-in listener (None when anonymous)."""

    day: date
    hour: int
    track_id: int
    user_id: int | None


@dataclass(frozen=True, slots=True)
class Counted:
    """A play that counted: its UTC day and hour, track, listening time and playlist if any."""

    day: date
    hour: int
    track_id: int
    ms_played: int
    playlist_id: int | None


def utc_moment(moment: datetime) -> datetime:
    """``moment`` in UTC (SQLite hands back naive datetimes, stored as UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def week_of(day: date) -> date:
    """The Monday of ``day``'s week: how weeks are named here."""
    return day - timedelta(days=day.weekday())


def month_of(day: date) -> date:
    """The first day of ``day``'s month: how months are named here."""
    return day.replace(day=1)


def playlist_of(source: PlaySource | str, source_id: str | None) -> int | None:
    """The playlist id a play was started from, when its source says so and the id is sane."""
    value = source.value if isinstance(source, PlaySource) else str(source)
    if value != PlaySource.PLAYLIST.value or not source_id or not source_id.isdigit():
        return None
    number = int(source_id)
    return number if 0 < number <= _INT64_MAX else None


def started_fact(event: PlayEvent) -> Started:
    """What the rollups keep of a play that started."""
    moment = utc_moment(event.started_at)
    return Started(moment.date(), moment.hour, event.track_id, event.user_id)


def counted_fact(event: PlayEvent, ms_played: int) -> Counted:
    """What the rollups keep of a play that counted, with the time heard when it counted."""
    moment = utc_moment(event.started_at)
    return Counted(moment.date(), moment.hour, event.track_id, int(ms_played or 0),
                   playlist_of(event.source, event.source_id))


def watermark(session: Session, *, lock: bool = False) -> InsightWatermark:
    """The one watermark row, created on first use; ``lock`` holds it for a catch-up batch."""
    query = select(InsightWatermark).where(col(InsightWatermark.id) == WATERMARK_ID)
    if lock:
        # SQLite has no row locks: a write takes the database's write lock before reading.
        session.execute(update(InsightWatermark).where(col(InsightWatermark.id) == WATERMARK_ID)
                        .values(rolled_to=InsightWatermark.rolled_to))
        query = query.with_for_update()
    mark = session.exec(query).first()
    if mark is None:
        session.execute(dialect_insert(session)(InsightWatermark).values(id=WATERMARK_ID, rolled_to=0)
                        .on_conflict_do_nothing(index_elements=["id"]))
        mark = session.exec(query).one()
    return mark


def roll_starts(session: Session, facts: Iterable[Started]) -> None:
    """Add plays that started: starts per hour and per track and day, then listener activity."""
    facts = list(facts)
    if not facts:
        return
    hours = Counter((f.day, f.hour) for f in facts)
    tracks = Counter((f.day, f.track_id) for f in facts)
    months = Counter((month_of(f.day), f.track_id) for f in facts)
    add_rows(session, InsightHour, ["day", "hour"], [{"day": d, "hour": h, "starts": n} for (d, h), n in hours.items()])
    add_rows(session, InsightTrackDay, ["day", "track_id"],
             [{"day": d, "track_id": t, "starts": n} for (d, t), n in tracks.items()])
    add_rows(session, InsightTrackMonth, ["month", "track_id"],
             [{"month": m, "track_id": t, "starts": n} for (m, t), n in months.items()])
    _activity(session, {(f.user_id, f.day) for f in facts if f.user_id is not None})


def roll_plays(session: Session, facts: Iterable[Counted]) -> None:
    """Add plays that counted: plays and listening time per hour, per track and day, and per playlist."""
    facts = list(facts)
    if not facts:
        return
    hours: defaultdict[tuple[date, int], list[int]] = defaultdict(lambda: [0, 0])
    tracks: defaultdict[tuple[date, int], list[int]] = defaultdict(lambda: [0, 0])
    months: defaultdict[tuple[date, int], list[int]] = defaultdict(lambda: [0, 0])
    for f in facts:
        for bucket in (hours[(f.day, f.hour)], tracks[(f.day, f.track_id)], months[(month_of(f.day), f.track_id)]):
            bucket[0] += 1
            bucket[1] += f.ms_played
    playlists = Counter((f.day, f.playlist_id) for f in facts if f.playlist_id is not None)
    playlist_months = Counter((month_of(f.day), f.playlist_id) for f in facts if f.playlist_id is not None)
    add_rows(session, InsightHour, ["day", "hour"],
             [{"day": d, "hour": h, "plays": n, "ms_played": ms} for (d, h), (n, ms) in hours.items()])
    add_rows(session, InsightTrackDay, ["day", "track_id"],
             [{"day": d, "track_id": t, "plays": n, "ms_played": ms} for (d, t), (n, ms) in tracks.items()])
    add_rows(session, InsightTrackMonth, ["month", "track_id"],
             [{"month": m, "track_id": t, "plays": n, "ms_played": ms} for (m, t), (n, ms) in months.items()])
    add_rows(session, InsightPlaylistDay, ["day", "playlist_id"],
             [{"day": d, "playlist_id": p, "plays": n} for (d, p), n in playlists.items()])
    add_rows(session, InsightPlaylistMonth, ["month", "playlist_id"],
             [{"month": m, "playlist_id": p, "plays": n} for (m, p), n in playlist_months.items()])


def _add_activity(session: Session, kind: str, user_id: int, start: date) -> bool:
    """Write one activity row if it is new and count it in ``InsightActive``; whether it was new."""
    if not insert_if_new(session, InsightActivity, ["kind", "start", "user_id"],
                         {"kind": kind, "start": start, "user_id": user_id}):
        return False
    add_rows(session, InsightActive, ["kind", "start"], [{"kind": kind, "start": start, "users": 1}])
    return True


def _activity(session: Session, user_days: set[tuple[int, date]]) -> None:
    """Activity rows per day, week and month, the listeners' own rows and the cohorts.

    For one play: a listener already active that day is active that week and month too, so
    only a new day is looked at further and a listener's second play of a day costs one
    statement. For a batch, see ``_activity_batch``.
    """
    if len(user_days) != 1:
        _activity_batch(session, user_days)
        return
    (user_id, day), = user_days
    if not _add_activity(session, DAY, user_id, day):
        return
    listener = _listeners(session, user_days)[user_id]
    week = week_of(day)
    if _add_activity(session, WEEK, user_id, week) and week >= listener.cohort:
        add_rows(session, InsightCohort, ["cohort", "week"], [{"cohort": listener.cohort, "week": week, "users": 1}])
    _add_activity(session, MONTH, user_id, month_of(day))


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    return (values[i:i + IN_CHUNK] for i in range(0, len(values), IN_CHUNK))


def _activity_batch(session: Session, user_days: set[tuple[int, date]]) -> None:
    """A batch's activity: insert what is missing, then recount the periods and cohort cells it touched.

    Asking which of thousands of rows are new costs more than inserting them all with
    ``ON CONFLICT DO NOTHING`` and counting each touched period again from its rows (an
    index range each), which gives the same figures.
    """
    if not user_days:
        return
    _listeners(session, user_days)
    connection, table = session.connection(), InsightActivity.__table__  # type: ignore[attr-defined]
    for kind, start_of in ((DAY, lambda d: d), (WEEK, week_of), (MONTH, month_of)):
        pairs = {(u, start_of(d)) for u, d in user_days}
        connection.execute(dialect_insert(session)(table).on_conflict_do_nothing(),
                           [{"kind": kind, "start": s, "user_id": u} for u, s in pairs])
        counted: list[Any] = []
        for starts in _chunks(sorted({s for _, s in pairs})):
            counted += connection.execute(
                sa_select(table.c.start, func.count()).where(table.c.kind == kind, table.c.start.in_(starts))
                .group_by(table.c.start)).all()
        set_rows(session, InsightActive, ["kind", "start"],
                 [{"kind": kind, "start": s, "users": n} for s, n in counted])
        if kind == WEEK:
            _recount_cohorts(session, sorted({s for _, s in pairs}))


def _recount_cohorts(session: Session, weeks: list[date]) -> None:
    """Set the cohort cells of ``weeks`` from the weekly activity rows and the listeners' sign-up weeks."""
    activity, listener = InsightActivity.__table__, InsightListener.__table__  # type: ignore[attr-defined]
    cells: list[Any] = []
    for chunk in _chunks(weeks):
        cells += session.connection().execute(
            sa_select(listener.c.cohort, activity.c.start, func.count())
            .join(listener, listener.c.user_id == activity.c.user_id)
            .where(activity.c.kind == WEEK, activity.c.start.in_(chunk), activity.c.start >= listener.c.cohort)
            .group_by(listener.c.cohort, activity.c.start)).all()
    set_rows(session, InsightCohort, ["cohort", "week"], [{"cohort": c, "week": w, "users": n} for c, w, n in cells])


@dataclass(slots=True)
class _Listener:
    signup_day: date
    cohort: date
    first_day: date
    last_day: date
    returned_week2: bool
    known: bool


def _listeners(session: Session, new_days: set[tuple[int, date]]) -> dict[int, _Listener]:
    """Create or widen the ``InsightListener`` rows of listeners with a new active day."""
    per_user: defaultdict[int, list[date]] = defaultdict(list)
    for user_id, day in new_days:
        per_user[user_id].append(day)
    users = list(per_user)
    rows: dict[int, _Listener] = {}
    table = InsightListener.__table__  # type: ignore[attr-defined]
    for i in range(0, len(users), IN_CHUNK):
        chunk = users[i:i + IN_CHUNK]
        for uid, signup, cohort, first, last, returned in session.execute(
            sa_select(table.c.user_id, table.c.signup_day, table.c.cohort, table.c.first_day, table.c.last_day,
                      table.c.returned_week2).where(table.c.user_id.in_(chunk))
        ):
            rows[uid] = _Listener(signup, cohort, first, last, bool(returned), True)
        missing = [u for u in chunk if u not in rows]
        if missing:
            for found, created in session.execute(sa_select(col(User.id), col(User.created_at))
                                                  .where(col(User.id).in_(missing))):
                signup = utc_moment(created).date()
                days = per_user[int(found)]
                rows[int(found)] = _Listener(signup, week_of(signup), min(days), max(days), False, False)
    fresh, changed = [], []
    for user_id, days in per_user.items():
        row = rows[user_id]
        row.first_day, row.last_day = min(row.first_day, *days), max(row.last_day, *days)
        row.returned_week2 = row.returned_week2 or any(7 <= (d - row.signup_day).days <= 13 for d in days)
        values = {"uid": user_id, "first_day": row.first_day, "last_day": row.last_day,
                  "returned_week2": row.returned_week2}
        if row.known:
            changed.append(values)
        else:
            fresh.append({"user_id": user_id, "signup_day": row.signup_day, "cohort": row.cohort,
                          **{k: v for k, v in values.items() if k != "uid"}})
    connection = session.connection()
    if fresh:
        connection.execute(table.insert(), fresh)
    if changed:
        connection.execute(table.update().where(table.c.user_id == bindparam("uid"))
                           .values(first_day=bindparam("first_day"), last_day=bindparam("last_day"),
                                   returned_week2=bindparam("returned_week2")), changed)
    return rows


#: Databases (engines) whose watermark this process has seen with ``live_from`` set.
_LIVE: weakref.WeakSet[Any] = weakref.WeakSet()


def _live(mark: Any, event_id: int) -> bool:
    """Whether a counted play is the subscribers' to roll (``mark``: the watermark or its two columns)."""
    return event_id <= mark.rolled_to or (mark.live_from is not None and event_id >= mark.live_from)


@events.subscriber(events.PLAY_STARTED, "insight.started")
def play_started(session: Session, *, event: PlayEvent) -> None:
    """Roll a play that just started (in the transaction that started it).

    A new play is always the subscribers' to roll once ``live_from`` is set, and it is never
    unset again (a reset moves it past the newest event), so each process reads the
    watermark here only until it has seen it set, per database.
    """
    assert event.id is not None
    bind = engine_of(session)
    if bind not in _LIVE:
        mark = watermark(session)
        if mark.live_from is None:
            mark.live_from = event.id
            session.add(mark)
        _LIVE.add(bind)
    roll_starts(session, [started_fact(event)])


@events.subscriber(events.PLAY_RECORDED, "insight.recorded")
def play_recorded(session: Session, *, event: PlayEvent) -> None:
    """Roll a play that just counted, with the listening time stored when it counted."""
    assert event.id is not None
    mark = session.execute(sa_select(col(InsightWatermark.rolled_to), col(InsightWatermark.live_from))
                           .where(col(InsightWatermark.id) == WATERMARK_ID)).first()
    # Two columns, not the ORM object: this read is on every counted play's request.
    if not _live(mark or watermark(session), event.id):
        return
    # The counting UPDATEs bypass the identity map, so the row is read, not the object.
    ms_played = session.exec(select(PlayEvent.ms_played).where(col(PlayEvent.id) == event.id)).one()
    roll_plays(session, [counted_fact(event, ms_played)])


@events.subscriber(events.TRACK_PUBLISHED, "insight.published")
def track_published(session: Session, *, track: Track) -> None:
    """One more publication today (a scheduled release counts on the day it comes out)."""
    add_rows(session, InsightDay, ["day"], [{"day": utcnow().date(), "publications": 1}])


def last_event_id(session: Session) -> int:
    """The newest play event's id (0 without any)."""
    return int(session.exec(select(func.max(PlayEvent.id))).one() or 0)
