"""Background jobs of the admin dashboard: the catch-up of the play rollups.

The subscribers roll plays as they happen; this catches up whatever they did not see (plays
from before the dashboard, or everything after ``rebuild-insight`` reset the rollups). It is
resumable, so a bounded run per hour finishes a large history over a few runs without holding
a worker for long.
"""

from __future__ import annotations

import logging

from huey import crontab

from spoticlone.jobs.queue import queue

log = logging.getLogger(__name__)

#: Batches per run: about 2M events an hour at the default batch size.
MAX_BATCHES = 100


@queue.periodic_task(crontab(minute="17"), retries=1, retry_delay=120)
def hourly_insight_catch_up() -> int:
    """Roll the play events the dashboard's subscribers did not see; returns how many."""
    from spoticlone.db import session_scope
    from spoticlone.services.insight import catchup

    with session_scope() as session:
        result = catchup.catch_up(session, max_batches=MAX_BATCHES)
    return result.events


@queue.task(retries=2, retry_delay=60)
def insight_catch_up() -> int:
    """The same catch-up on demand (after a reset), all of it."""
    from spoticlone.db import session_scope
    from spoticlone.services.insight import catchup

    with session_scope() as session:
        result = catchup.catch_up(session)
    return result.events
