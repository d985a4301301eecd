"""The rollups behind artist analytics, kept up to date as plays count.

When a play counts (``services.listening.plays``: heard ``min(30 s, half the track)``),
``record_play`` runs inside that transaction (a ``play_recorded`` subscriber) and

- adds one play and the listening time heard so far to ``TrackPlaysDaily`` for the
  play's track, UTC day (the day the play started, as the charts count it) and source;
- inserts, if missing, the ``ArtistListenerDaily`` row of the track's artist, that day and
  that listener (``u:<user id>``, or ``a:`` and a hash of the anonymous browser token);
- and then widens that listener's ``ArtistListener`` row (first and last day) to that day.
  Any ``ArtistListenerDaily`` row added through the ORM does the same (``_listener_row_added``),
  so the two tables cannot disagree whoever writes the daily rows.

So every analytics figure is a sum or a ``COUNT(DISTINCT listener)`` over rows that grow
with tracks × days, never with plays. ``rebuild_rollups`` recomputes both tables from the
counted play events in one pass, for a catalog that had plays before analytics existed or
for a repair.

Listening time is the time heard when the play counted, plus, after a rebuild, whatever the
listener reported after that (the rebuild reads each event's final ``ms_played``).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, case, cast, delete, event as sa_event, func, select as sa_select
from sqlmodel import Session, col, select

from spoticlone.models import (
    ArtistListener,
    ArtistListenerDaily,
    PlayEvent,
    PlaySource,
    Track,
    TrackPlaysDaily,
)
from spoticlone.services.core import events

log = logging.getLogger(__name__)

#: Rows written per INSERT while rebuilding (keeps memory flat on a large catalog).
REBUILD_BATCH = 5_000


def _utc_day(moment: datetime) -> date:
    """The UTC calendar day of ``moment`` (SQLite hands back naive datetimes, stored as UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.date()


def day_of(session: Session, column: Any) -> ColumnElement[Any]:
    """SQL for the UTC day of a timestamp column, on SQLite and on PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        # The column is timestamptz: take the UTC wall time, whatever the server's TimeZone.
        return cast(func.timezone("UTC", column), Date)
    return func.date(column)


def as_date(value: date | str) -> date:
    """A day read back from ``day_of`` (SQLite returns ``YYYY-MM-DD`` text)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _listener_key(user_id: int | None, anonymous_session: str | None) -> str | None:
    """``u:<id>`` for a signed-in listener, ``a:<hash>`` for an anonymous one, else None."""
    if user_id is not None:
        return f"u:{user_id}"
    if anonymous_session:
        return "a:" + hashlib.sha256(anonymous_session.encode()).hexdigest()[:40]
    return None


def _source(value: PlaySource | str) -> str:
    return value.value if isinstance(value, PlaySource) else str(value)


def _insert(session: Session) -> Any:
    return _insert_for(session.get_bind().dialect.name)


def _insert_for(dialect: str) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert
        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert
    return sqlite_insert


def _widen_listener(insert: Any, artist_id: int, listener: str, day: date) -> Any:
    """The upsert that makes ``ArtistListener``'s first and last day of ``listener`` include ``day``."""
    statement = insert(ArtistListener).values(artist_id=artist_id, listener=listener, first_day=day, last_day=day)
    new, first, last = statement.excluded, col(ArtistListener.first_day), col(ArtistListener.last_day)
    return statement.on_conflict_do_update(
        index_elements=["artist_id", "listener"],
        set_={"first_day": case((new.first_day < first, new.first_day), else_=first),
              "last_day": case((new.last_day > last, new.last_day), else_=last)},
    )


@sa_event.listens_for(ArtistListenerDaily, "after_insert")
def _listener_row_added(_mapper: Any, connection: Any, row: ArtistListenerDaily) -> None:
    """A daily listener row added through the ORM widens the listener's ``ArtistListener`` row too."""
    connection.execute(_widen_listener(_insert_for(connection.dialect.name), row.artist_id, row.listener, row.day))


@events.subscriber(events.PLAY_RECORDED, "studio.analytics")
def record_play(session: Session, *, event: PlayEvent) -> None:
    """Add one counted play to the analytics rollups (subscribed to ``play_recorded``).

    Does not commit: it belongs to the transaction that counts the play, so the rollups
    never drift from the counted events.

    Args:
        session: The caller's session, inside the transaction that counted the play.
        event: The play event that just counted.
    """
    # The counting UPDATEs bypass the identity map, so the row is read, not the object.
    ms_played, artist_id = session.exec(
        select(PlayEvent.ms_played, Track.artist_id)
        .join(Track, col(Track.id) == col(PlayEvent.track_id))
        .where(col(PlayEvent.id) == event.id)
    ).one()
    day = _utc_day(event.started_at)
    insert = _insert(session)
    session.execute(
        insert(TrackPlaysDaily)
        .values(day=day, track_id=event.track_id, source=_source(event.source), plays=1, ms_played=ms_played)
        .on_conflict_do_update(
            index_elements=["day", "track_id", "source"],
            set_={"plays": TrackPlaysDaily.plays + 1, "ms_played": col(TrackPlaysDaily.ms_played) + ms_played},
        )
    )
    listener = _listener_key(event.user_id, event.anonymous_session)
    if listener is not None:
        added = session.execute(
            insert(ArtistListenerDaily).values(artist_id=artist_id, day=day, listener=listener)
            .on_conflict_do_nothing(index_elements=["artist_id", "day", "listener"])
            .returning(col(ArtistListenerDaily.listener))
        ).first()
        if added is not None:  # a new day for this listener (RETURNING: rowcount is -1 on psycopg)
            session.execute(_widen_listener(insert, artist_id, listener, day))


def rebuild_rollups(session: Session) -> int:
    """Recompute the analytics rollups from the counted play events, in one pass.

    For a catalog that had plays before analytics existed, or a repair; safe to run again
    (the tables are replaced, not added to; ``ArtistListener`` is derived from the rebuilt
    daily listener rows). Commits.

    Args:
        session: A session of its own (a job or the command line).

    Returns:
        How many daily track rows were written.
    """
    day = day_of(session, PlayEvent.started_at)
    counted = col(PlayEvent.counted).is_(True)
    session.execute(delete(TrackPlaysDaily))
    session.execute(delete(ArtistListener))
    session.execute(delete(ArtistListenerDaily))
    # SQLModel sets ``__table__`` on every table class but does not declare it.
    plays_table = TrackPlaysDaily.__table__.insert()  # type: ignore[attr-defined]
    track_rows = session.execute(
        sa_select(day, col(PlayEvent.track_id), col(PlayEvent.source), func.count(), func.sum(PlayEvent.ms_played))
        .where(counted).group_by(day, col(PlayEvent.track_id), col(PlayEvent.source))
    )
    written = 0
    batch: list[dict[str, Any]] = []
    for d, track_id, source, plays, ms in track_rows:
        batch.append({"day": as_date(d), "track_id": track_id, "source": _source(source),
                      "plays": plays, "ms_played": int(ms or 0)})
        written += 1
        if len(batch) >= REBUILD_BATCH:
            _insert_rows(session, plays_table, batch)
    _insert_rows(session, plays_table, batch)
    listener_rows = session.execute(
        sa_select(col(Track.artist_id), day, col(PlayEvent.user_id), col(PlayEvent.anonymous_session))
        .join(Track, col(Track.id) == col(PlayEvent.track_id)).where(counted)
        .group_by(col(Track.artist_id), day, col(PlayEvent.user_id), col(PlayEvent.anonymous_session))
    )
    # Two groups can share a key (an event with both a user and a token): the insert skips repeats.
    listeners = _insert(session)(ArtistListenerDaily).on_conflict_do_nothing()
    for artist_id, d, user_id, anonymous in listener_rows:
        if (key := _listener_key(user_id, anonymous)) is not None:
            batch.append({"artist_id": artist_id, "day": as_date(d), "listener": key})
        if len(batch) >= REBUILD_BATCH:
            _insert_rows(session, listeners, batch)
    _insert_rows(session, listeners, batch)
    daily = ArtistListenerDaily.__table__  # type: ignore[attr-defined]
    session.execute(ArtistListener.__table__.insert().from_select(  # type: ignore[attr-defined]
        ["artist_id", "listener", "first_day", "last_day"],
        sa_select(daily.c.artist_id, daily.c.listener, func.min(daily.c.day), func.max(daily.c.day))
        .group_by(daily.c.artist_id, daily.c.listener),
    ))
    session.commit()
    log.info("analytics rollups rebuilt: %d daily track rows", written)
    return written


def _insert_rows(session: Session, statement: Any, batch: list[dict[str, Any]]) -> None:
    if batch:
        session.execute(statement, batch)
        batch.clear()
