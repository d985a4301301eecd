"""Background jobs of the artist studio. Each one calls a service; none holds a rule of its own."""

from __future__ import annotations

import logging

from huey import crontab

from spoticlone.jobs.queue import queue

log = logging.getLogger(__name__)


@queue.task(retries=2, retry_delay=30, context=True)
def ingest_upload(upload_id: int, task=None) -> int | None:
    """Make a received upload a draft track, or a song's new audio (a sandboxed parse: seconds),
    then measure its loudness.

    A refused file is not an error: the upload says FAILED and why. An unexpected error
    (a full disk, a locked database) is retried; after the last try the upload is marked
    FAILED too, so its artist is never left waiting on a file nobody will process.
    """
    from spoticlone.db import session_scope
    from spoticlone.integrations.media_store import default_store
    from spoticlone.jobs.media_tasks import make_renditions
    from spoticlone.jobs.tasks import measure_loudness
    from spoticlone.services.studio import uploads

    try:
        with session_scope() as session:
            track_id = uploads.process_upload(session, store=default_store(), upload_id=upload_id)
    except Exception:
        if task is None or not task.retries:
            with session_scope() as session:
                uploads.fail_upload(session, upload_id=upload_id)
        raise
    if track_id is not None:
        measure_loudness(track_id)
        make_renditions(track_id)
    return track_id


@queue.periodic_task(crontab(minute="43"), retries=1, retry_delay=60)
def hourly_upload_sweep() -> int:
    """Remove resumable uploads abandoned mid-file (``chunked.expire_sessions``), then files of
    uploads cut off by a server stop (``uploads.sweep_incoming``)."""
    from spoticlone.db import session_scope
    from spoticlone.services.studio import chunked, uploads

    with session_scope() as session:
        expired = chunked.expire_sessions(session)
        return expired + uploads.sweep_incoming(session)


@queue.periodic_task(crontab(hour="4", minute="7"), retries=1, retry_delay=600)
def nightly_analytics_rebuild() -> int:
    """Recount the analytics rollups from play events (``studio.rollups.rebuild_rollups``).

    A play enters the rollups when it starts to count (30 seconds heard); what is heard after
    that reaches its play event only. The nightly rebuild adds it, so listening time is exact
    up to the previous night. It reads every counted play: fine for thousands of plays a day,
    a candidate for a per-day rebuild when catalogs grow.
    """
    from spoticlone.db import session_scope
    from spoticlone.services.studio.rollups import rebuild_rollups

    with session_scope() as session:
        return rebuild_rollups(session)
