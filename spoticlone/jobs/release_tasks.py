"""Background jobs of new releases: tell an artist's followers in chunks, and a safety net.

Importing this module connects the fan-out to the queue: each commit that publishes a
release queues ``fan_out_release`` for it (``services.notifications.fanout``), and each chunk
queues the next, so one worker is never held by an artist with very many followers.
"""

from __future__ import annotations

import logging

from huey import crontab

from spoticlone.jobs.queue import queue

log = logging.getLogger(__name__)


@queue.task(retries=3, retry_delay=30)
def fan_out_release(track_id: int, after_user_id: int = 0) -> int | None:
    """Tell the next chunk of followers about ``track_id``'s release, then queue the chunk after it."""
    from spoticlone.db import session_scope
    from spoticlone.services.notifications import fanout

    with session_scope() as session:
        cursor = fanout.deliver_chunk(session, track_id=track_id, after_user_id=after_user_id)
    if cursor is not None:
        fan_out_release(track_id, cursor)
    return cursor


@queue.periodic_task(crontab(minute="41"), retries=1, retry_delay=300)
def recent_release_sweep() -> int:
    """Hourly: run the releases of the last days again, for a fan-out that was never queued."""
    from spoticlone.db import session_scope
    from spoticlone.services.core.clock import SYSTEM_CLOCK
    from spoticlone.services.notifications import fanout

    with session_scope() as session:
        releases = fanout.recent_releases(session, today=SYSTEM_CLOCK.now().date())
        for track_id in releases:
            fanout.deliver_all(session, track_id=track_id)
    return len(releases)


def _dispatch(track_id: int) -> None:
    fan_out_release(track_id)


def _install() -> None:
    from spoticlone.services.notifications import fanout

    # An immediate queue (tests) would run the job inline on the configured database; the
    # fan-out's own fallback does the same on the publishing session's database instead.
    if not queue.immediate and _dispatch not in fanout.dispatchers:
        fanout.dispatchers.append(_dispatch)


_install()
