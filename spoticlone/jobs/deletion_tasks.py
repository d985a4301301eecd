"""The hourly erasure of accounts whose deletion grace period is over.

Hourly rather than daily so that an account is gone within an hour of its due date,
never a day late. The work is ``services.accounts.deletion_erase.erase_due``: one
transaction per account, so a failure leaves the others erased and the next run retries.
"""

from __future__ import annotations

import logging

from huey import crontab

from spoticlone.jobs.queue import queue

log = logging.getLogger(__name__)


@queue.periodic_task(crontab(minute="41"), retries=2, retry_delay=300)
def hourly_account_erasure() -> int:
    """Erase every account past its grace period (``SPOTICLONE_DELETION_GRACE_DAYS``)."""
    from spoticlone.db import session_scope
    from spoticlone.integrations.media_store import default_store
    from spoticlone.services.accounts.deletion_erase import erase_due

    with session_scope() as session:
        erased = erase_due(session, store=default_store())
    if erased:
        log.info("erased %d account(s) past their grace period", erased)
    return erased
