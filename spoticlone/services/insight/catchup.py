"""Rolling play events that the subscribers did not see: history from before the dashboard,
or everything again after a rebuild.

``catch_up`` works through the events between ``InsightWatermark.rolled_to`` and ``live_from``
in batches of ``BATCH`` ids, one transaction each: a batch's rollups and the watermark's move
commit together, so a catch-up stopped at any moment (a worker restart, Ctrl-C) resumes where
it stopped and never counts an event twice. It runs from the job queue (``jobs.insight_tasks``,
hourly and after a rebuild) and from ``python -m spoticlone.cli rebuild-insight``.

Each batch takes the database's write lock first (the watermark row), so a play counted while
a batch runs is rolled either by the batch or by its subscriber after the batch, never both.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, select as sa_select
from sqlmodel import Session, col

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
)
from spoticlone.services.core.dto import DTO
from spoticlone.services.insight import rollups

log = logging.getLogger(__name__)

#: Event ids per batch: a few seconds of work at most, so a live play never waits long.
BATCH = 20_000

Progress = Callable[[int, int], None]


class CatchUpResult(DTO):
    """What a catch-up did: events rolled, how long it took, and whether it is done."""

    events: int
    batches: int
    seconds: float
    rolled_to: int
    done: bool

    @property
    def per_second(self) -> float:
        """Catch-up throughput, the figure the benchmark reports."""
        return self.events / self.seconds if self.seconds > 0 else 0.0


def pending(session: Session) -> int:
    """How many event ids are left for the catch-up (0 when caught up)."""
    mark = rollups.watermark(session)
    end = mark.live_from - 1 if mark.live_from is not None else rollups.last_event_id(session)
    return max(0, end - mark.rolled_to)


def catch_up(session: Session, *, batch: int = BATCH, max_batches: int | None = None,
             progress: Progress | None = None) -> CatchUpResult:
    """Roll events the subscribers did not see, batch by batch, committing each; resumable.

    Args:
        session: A session of its own (a job or the command line); committed per batch.
        batch: Event ids per batch.
        max_batches: Stop after this many (the rest waits for the next run); None for all.
        progress: Called with (ids done, ids in total) after each batch.
    """
    began, rolled, batches = time.perf_counter(), 0, 0
    total = pending(session)
    session.commit()
    done = 0
    while max_batches is None or batches < max_batches:
        mark = rollups.watermark(session, lock=True)
        if mark.live_from is None:
            # No play seen live yet: everything up to the newest event is the catch-up's.
            mark.live_from = rollups.last_event_id(session) + 1
        low, high = mark.rolled_to, min(mark.rolled_to + batch, mark.live_from - 1)
        if high <= low:
            session.commit()
            break
        rolled += _roll_range(session, low, high)
        mark.rolled_to = high
        session.add(mark)
        session.commit()
        batches += 1
        done += high - low
        if progress is not None:
            progress(min(done, total), total)
    mark = rollups.watermark(session)
    finished = mark.live_from is not None and mark.rolled_to >= mark.live_from - 1
    session.commit()
    seconds = time.perf_counter() - began
    log.info("insight catch-up: %d events in %d batches, %.1f s", rolled, batches, seconds)
    return CatchUpResult(events=rolled, batches=batches, seconds=seconds, rolled_to=mark.rolled_to,
                         done=finished)


def _roll_range(session: Session, low: int, high: int) -> int:
    """Roll the events with ``low < id <= high``; returns how many there were."""
    columns: list[Any] = [PlayEvent.user_id, PlayEvent.track_id, PlayEvent.started_at, PlayEvent.ms_played,
                          PlayEvent.counted, PlayEvent.source, PlayEvent.source_id]
    rows = session.execute(
        sa_select(*columns).where(col(PlayEvent.id) > low, col(PlayEvent.id) <= high)
    ).all()
    starts: list[rollups.Started] = []
    counted: list[rollups.Counted] = []
    for user_id, track_id, started_at, ms, was_counted, source, source_id in rows:
        moment = rollups.utc_moment(started_at)
        starts.append(rollups.Started(moment.date(), moment.hour, track_id, user_id))
        if was_counted:
            counted.append(rollups.Counted(moment.date(), moment.hour, track_id, int(ms or 0),
                                           rollups.playlist_of(source, source_id)))
    rollups.roll_starts(session, starts)
    rollups.roll_plays(session, counted)
    return len(rows)


def reset(session: Session) -> int:
    """Empty the play rollups and hand every event so far to the catch-up; commits.

    Publications (``InsightDay``, counted as they happen) and searches that found nothing (not
    play events) are kept. Returns the number of event ids the catch-up now has to roll.
    """
    rollups.watermark(session, lock=True)
    for model in (InsightTrackDay, InsightTrackMonth, InsightHour, InsightPlaylistDay, InsightPlaylistMonth,
                  InsightActivity, InsightActive, InsightCohort, InsightListener):
        session.execute(delete(model))
    last = rollups.last_event_id(session)
    mark = rollups.watermark(session)
    mark.rolled_to, mark.live_from = 0, last + 1
    session.add(mark)
    session.commit()
    return last


def rebuild(session: Session, *, progress: Progress | None = None) -> CatchUpResult:
    """Recompute every play rollup from the events (the command line's ``rebuild-insight``)."""
    reset(session)
    return catch_up(session, progress=progress)

