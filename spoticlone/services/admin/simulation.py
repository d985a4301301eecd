"""Synthetic listening history for demos and load tests (``simulate-activity``).

Everything happens through the same services a listener's clicks reach: sign-up and
email verification, sign-in sessions (with real browsers' user agents), plays started and
reported (so the play-count rule, the charts, the artist analytics and the discovery signals
are fed exactly as by real use), likes, saved albums, follows, ratings, playlists and
searches. Behaviour comes from ``simulation_model`` (seeded: one seed, one history).

Time travel: the services that take a ``Clock`` get one that walks through the period.
The others stamp their rows with "now" from the model defaults, so the simulation's
session rewrites the timestamps of the rows it flushes (``_stamp_rows``) to the simulated
moment; no service learns anything about simulations.

Speed: the session runs inside one outer transaction that is committed every
``COMMIT_EVERY`` plays; a service's commit only releases a savepoint and its rollback (a
refusal such as "already in this playlist") returns to one, so the services behave as
usual while their many small commits cost nothing on disk.

Every account made here is written to ``SyntheticUser``; ``remove_synthetic`` deletes
exactly those accounts (their plays, likes, playlists... go with them by cascade),
takes their plays off the tracks' play counts and rebuilds the daily rollups. Neither
runs by itself, and both refuse a production server unless told otherwise.
"""

from __future__ import annotations

import logging
import random
import secrets
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, event, func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from spoticlone.config import get_settings
from spoticlone.models import PlayEvent, SyntheticUser, Track, User, utcnow
from spoticlone.services.admin import simulation_model as model
from spoticlone.services.admin.simulation_catalog import load_catalog
from spoticlone.services.admin.simulation_people import Simulator
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid

log = logging.getLogger(__name__)

MAX_USERS = 100_000
MAX_DAYS = 3_650
#: Plays per committed batch: big enough that commits cost nothing, small enough that a
#: running server's own writes never wait long for SQLite's write lock (about a second).
COMMIT_EVERY = 200
EMAIL_DOMAIN = "synthetic.example"
#: Row attributes that hold "when it happened": rewritten to the simulated moment.
_STAMPED = ("created_at", "updated_at", "added_at", "started_at", "searched_at", "last_seen_at")

Progress = Callable[[int, int], None]


class SimulationSummary(DTO):
    """What a simulation run made, and how fast."""

    run: int
    users: int
    verified: int
    listeners: int
    plays: int
    counted: int
    skipped: int
    likes: int
    saved_albums: int
    follows: int
    ratings: int
    playlists: int
    playlist_adds: int
    searches: int
    empty_searches: int
    first_day: date
    last_day: date
    seconds: float
    plays_per_second: float


class RemovalSummary(DTO):
    """What ``remove_synthetic`` deleted."""

    users: int
    plays: int


def refuse_in_production(*, allow_production: bool) -> None:
    """``Invalid`` on a production server unless the operator said they know."""
    if get_settings().env == "production" and not allow_production:
        raise Invalid("This is a production server: synthetic activity would mix with real listening. "
                      "Add --i-know-this-is-production if that is really what you want.")


def simulate_activity(
    session: Session,
    *,
    users: int,
    days: int,
    seed: int = 0,
    end: datetime | None = None,
    allow_production: bool = False,
    progress: Progress | None = None,
) -> SimulationSummary:
    """Create ``users`` synthetic listeners and ``days`` days of their activity, ending at ``end``.

    Raises:
        Invalid: a production server (unless ``allow_production``), counts out of range,
            or no published tracks to listen to.
    """
    refuse_in_production(allow_production=allow_production)
    if isinstance(users, bool) or not isinstance(users, int) or not 1 <= users <= MAX_USERS:
        raise Invalid(f"The number of users must be between 1 and {MAX_USERS:,}.")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise Invalid(f"The number of days must be between 1 and {MAX_DAYS:,}.")
    catalog = load_catalog(session)
    if not catalog.durations:
        raise Invalid("There are no published tracks to listen to: import or seed a catalog first (make seed).")
    # Never in the future: a play "started" later than now would break the elapsed-time cap.
    end = min(end or utcnow(), utcnow())
    start = end - timedelta(days=days)
    rng = random.Random(seed)
    run = (session.exec(select(func.max(SyntheticUser.run))).one() or 0) + 1
    behaviour = model.Behaviour(rng)
    people = behaviour.personas(users, start, end)
    popularity = model.Popularity(rng, sorted(catalog.durations))
    catalog.order_artists(popularity)
    counts: Counter[str] = Counter()
    began = time.perf_counter()
    engine = session.get_bind()
    if not isinstance(engine, Engine):
        raise TypeError("simulate_activity needs a session bound to an engine, not to a connection")
    session.commit()  # the caller's reads end here; the run writes through its own connection
    connection = engine.connect()
    try:
        connection.begin()
        work = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        clock = model.SimClock(start)
        _stamp_rows(work, clock)
        simulator = Simulator(work, clock, behaviour, catalog, popularity, counts, end)
        committed_at = 0
        for done, persona in enumerate(people, 1):
            simulator.live(persona, email=f"sim{run}.{persona.number}@{EMAIL_DOMAIN}",
                           username=f"sim{run}_{persona.number:06d}",
                           password=secrets.token_urlsafe(18),
                           mark=SyntheticUser(user_id=0, run=run, seed=seed))
            if counts["plays"] - committed_at >= COMMIT_EVERY or done == len(people):
                work.commit()  # a service's last read may have opened a savepoint: close it first
                connection.commit()
                connection.begin()
                committed_at = counts["plays"]
            if progress is not None:
                progress(done, len(people))
        connection.commit()
        work.close()
    finally:
        connection.close()
    seconds = time.perf_counter() - began
    log.info("simulated %d users, %d plays in %.1f s", users, counts["plays"], seconds)
    return SimulationSummary(
        run=run, users=counts["users"], verified=counts["verified"], listeners=counts["listeners"],
        plays=counts["plays"], counted=counts["counted"], skipped=counts["skipped"], likes=counts["likes"],
        saved_albums=counts["saved_albums"], follows=counts["follows"], ratings=counts["ratings"],
        playlists=counts["playlists"], playlist_adds=counts["playlist_adds"], searches=counts["searches"],
        empty_searches=counts["empty_searches"], first_day=start.date(), last_day=end.date(),
        seconds=round(seconds, 2), plays_per_second=round(counts["plays"] / seconds, 1) if seconds else 0.0,
    )


def _stamp_rows(work: Session, clock: model.SimClock) -> None:
    """Give every row ``work`` inserts (and every ``updated_at`` it changes) the simulated time."""

    @event.listens_for(work, "before_flush")
    def stamp(flushing: Session, _context: Any, _instances: Any) -> None:
        now = clock.now()
        for row in flushing.new:
            for name in _STAMPED:
                if hasattr(row, name):
                    setattr(row, name, now)
        for row in flushing.dirty:
            if hasattr(row, "updated_at"):
                row.updated_at = now


def synthetic_user_ids(session: Session) -> list[int]:
    """Ids of every account a simulation made."""
    return list(session.exec(select(SyntheticUser.user_id).order_by(col(SyntheticUser.user_id))).all())


def remove_synthetic(session: Session, *, allow_production: bool = False) -> RemovalSummary:
    """Delete every synthetic account and its activity, keeping the aggregates consistent.

    Their counted plays come off ``Track.play_count``; the charts' daily table, playlist
    play counts, the artist analytics and the admin dashboard's rollups are rebuilt from the
    plays that remain. Commits.

    Raises:
        Invalid: a production server, unless ``allow_production``.
    """
    from spoticlone.services.insight.catchup import rebuild as rebuild_insight
    from spoticlone.services.listening.charts import rebuild_daily
    from spoticlone.services.studio.rollups import rebuild_rollups

    refuse_in_production(allow_production=allow_production)
    ids = synthetic_user_ids(session)
    plays = 0
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        mine = col(PlayEvent.user_id).in_(chunk)
        plays += session.exec(select(func.count()).select_from(PlayEvent).where(mine)).one()
        per_track = session.exec(
            select(PlayEvent.track_id, func.count()).where(mine, col(PlayEvent.counted).is_(True))
            .group_by(col(PlayEvent.track_id))
        ).all()
        for track_id, n in per_track:
            session.execute(update(Track).where(col(Track.id) == track_id)
                            .values(play_count=func.max(0, col(Track.play_count) - n)
                                    if session.get_bind().dialect.name == "sqlite"
                                    else func.greatest(0, col(Track.play_count) - n)))
        session.execute(delete(PlayEvent).where(mine))
        session.execute(delete(User).where(col(User.id).in_(chunk)))
    session.commit()
    rebuild_daily(session)
    rebuild_rollups(session)
    rebuild_insight(session)
    log.info("removed %d synthetic users and %d plays", len(ids), plays)
    return RemovalSummary(users=len(ids), plays=plays)

