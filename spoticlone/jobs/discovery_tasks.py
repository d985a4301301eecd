"""Background jobs of the recommendation engine. Each one calls a service; none holds a rule of its own."""

from __future__ import annotations

import logging

from huey import crontab

from spoticlone.jobs.queue import queue

log = logging.getLogger(__name__)


@queue.periodic_task(crontab(minute="25", hour="*/6"), retries=1, retry_delay=300)
def scheduled_recommendation_training() -> dict:
    """Every six hours: retrain the engine on all signals (``discovery.recommendations``)."""
    return train_recommendations.call_local()


@queue.task(retries=1, retry_delay=300)
def train_recommendations() -> dict:
    """Retrain now (``cli recommend train --queue``, the admin button later)."""
    from spoticlone.db import session_scope
    from spoticlone.services.discovery.recommendations import train_engine

    with session_scope() as session:
        report = train_engine(session)
    log.info("recommendations trained: %s", report)
    return report.model_dump()
