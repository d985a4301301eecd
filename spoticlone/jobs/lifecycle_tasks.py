"""Background jobs that keep the data safe: backups (daily, or asked for), the export of everyone,
and a weekly look for stray media files.

Each one calls ``services.lifecycle.schedule``, which writes, verifies, records and prunes;
with ``SPOTICLONE_BACKUP_DIR`` unset the daily job does nothing.
"""

from __future__ import annotations

import logging

from huey import crontab

from spoticlone.jobs.queue import queue

log = logging.getLogger(__name__)


@queue.periodic_task(crontab(hour="3", minute="23"), retries=1, retry_delay=600)
def daily_backup() -> str | None:
    """Every night at 03:23: a verified backup into ``SPOTICLONE_BACKUP_DIR``, then retention."""
    from spoticlone.config import get_settings
    from spoticlone.db import get_engine
    from spoticlone.services.lifecycle.schedule import scheduled_backup

    outcome = scheduled_backup(settings=get_settings(), engine=get_engine())
    return outcome.path if outcome else None


@queue.periodic_task(crontab(day_of_week="0", hour="4", minute="47"), retries=1, retry_delay=600)
def weekly_media_check() -> int:
    """Sundays at 04:47: look for media files no row names (a dry run: nothing is deleted) and
    record what was found for the admin page (``services.lifecycle.sweep_status``)."""
    from spoticlone.config import get_settings
    from spoticlone.db import session_scope
    from spoticlone.integrations.media_store import default_store
    from spoticlone.services.lifecycle.media_sweep import DEFAULT_AGE, find_orphans
    from spoticlone.services.lifecycle.sweep_status import record_sweep

    with session_scope() as session:
        report = find_orphans(session, default_store(), older_than=DEFAULT_AGE)
    status = record_sweep(get_settings().data_dir, report, older_than_hours=DEFAULT_AGE.total_seconds() / 3600)
    if status.files:
        log.warning("media sweep: %d stray file(s), %d bytes; `cli media-sweep --delete` removes them",
                    status.files, status.size_bytes)
    return status.files


@queue.task(retries=2, retry_delay=60)
def export_everyone(run_id: int) -> str:
    """Every account's data, one zip each, for the operator (/admin/archive); resumes when retried."""
    from spoticlone.config import get_settings
    from spoticlone.db import get_engine
    from spoticlone.integrations.media_store import default_store
    from spoticlone.services.lifecycle.bulk_export import run_bulk_export

    return run_bulk_export(run_id, engine=get_engine(), store=default_store(), origin=get_settings().public_origin)


@queue.task(retries=0)
def requested_backup(run_id: int) -> str | None:
    """A backup an administrator asked for (``POST /api/v1/admin/backups``), recorded in its run."""
    from spoticlone.config import get_settings
    from spoticlone.db import get_engine
    from spoticlone.services.lifecycle.schedule import scheduled_backup

    outcome = scheduled_backup(settings=get_settings(), engine=get_engine(), run_id=run_id, trigger="admin")
    return outcome.path if outcome else None
