"""Background jobs that keep the data safe: the daily backup and backups admins ask for.

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


@queue.task(retries=0)
def requested_backup(run_id: int) -> str | None:
    """A backup an administrator asked for (``POST /api/v1/admin/backups``), recorded in its run."""
    from spoticlone.config import get_settings
    from spoticlone.db import get_engine
    from spoticlone.services.lifecycle.schedule import scheduled_backup

    outcome = scheduled_backup(settings=get_settings(), engine=get_engine(), run_id=run_id, trigger="admin")
    return outcome.path if outcome else None
