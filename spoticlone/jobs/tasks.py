"""The jobs the worker runs. Each one calls a service; none holds a rule of its own."""

from __future__ import annotations

import logging

from huey import crontab

from spoticlone.jobs.queue import queue

log = logging.getLogger(__name__)


@queue.periodic_task(crontab(minute="17"), retries=2, retry_delay=60)
def hourly_account_cleanup() -> dict[str, int]:
    """Forget expired codes, tickets, sessions and counters (see ``accounts.housekeeping``)."""
    from spoticlone.db import session_scope
    from spoticlone.services.accounts.housekeeping import cleanup

    with session_scope() as session:
        counts = cleanup(session)
    log.info("account cleanup: %s", counts)
    return counts


@queue.task(retries=2, retry_delay=60)
def account_cleanup() -> dict[str, int]:
    """The same clean-up on demand (``cli cleanup --queue``, the admin pages later)."""
    return hourly_account_cleanup.call_local()


@queue.task(retries=2, retry_delay=60)
def measure_loudness(track_id: int) -> float | None:
    """Measure a newly ingested track's loudness (a decoding pass of ffmpeg: seconds per track)."""
    from spoticlone.db import session_scope
    from spoticlone.integrations.media_store import default_store
    from spoticlone.services.media.loudness import measure_track

    with session_scope() as session:
        found = measure_track(session, track_id=track_id, store=default_store())
    return found.integrated_lufs if found else None


@queue.periodic_task(crontab(minute="*"), retries=1, retry_delay=10)
def publish_scheduled_releases() -> int:
    """Every minute: publish the releases whose scheduled time has come (``studio.publishing``)."""
    from spoticlone.db import session_scope
    from spoticlone.services.studio.publishing import publish_due_releases

    with session_scope() as session:
        return publish_due_releases(session)
