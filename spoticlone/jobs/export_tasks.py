"""Background jobs of the listener's data export: build one zip, and delete expired ones.

Both call ``services.accounts.data_export``; the build runs in the worker because an
artist's export copies every original audio file (minutes, gigabytes).
"""

from __future__ import annotations

import logging

from huey import crontab

from spoticlone.jobs.queue import queue

log = logging.getLogger(__name__)


@queue.task(retries=0)
def build_data_export(export_id: int) -> str:
    """Write the zip of export ``export_id`` with progress, then mail its link (the row records failures)."""
    from spoticlone.config import get_settings
    from spoticlone.db import get_engine
    from spoticlone.integrations.mailer import default_mailer
    from spoticlone.integrations.media_store import default_store
    from spoticlone.services.accounts.data_export import exports_folder, run_export

    settings = get_settings()
    return run_export(export_id, engine=get_engine(), folder=exports_folder(settings.data_dir),
                      store=default_store(), mailer=default_mailer(settings), origin=settings.public_origin)


@queue.periodic_task(crontab(minute="41"), retries=1, retry_delay=300)
def sweep_data_exports() -> int:
    """Every hour: delete export files that expired or were downloaded, and abandoned leftovers."""
    from spoticlone.config import get_settings
    from spoticlone.db import session_scope
    from spoticlone.services.accounts.data_export import exports_folder, sweep_exports

    with session_scope() as session:
        removed = sweep_exports(session, folder=exports_folder(get_settings().data_dir))
    log.info("data export sweep removed %d files", removed)
    return removed
