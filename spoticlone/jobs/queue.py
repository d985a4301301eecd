"""The huey instance, its storage choice, retries and the record of failed jobs."""

from __future__ import annotations

import importlib
import logging

from huey import Huey, RedisHuey, SqliteHuey
from huey.signals import SIGNAL_ERROR

from spoticlone.config import Settings, get_settings

log = logging.getLogger(__name__)

#: Where worker processes look for tasks; plugins and tests may name more modules.
TASK_MODULES = ("spoticlone.jobs.tasks", "spoticlone.jobs.studio_tasks", "spoticlone.jobs.media_tasks",
                "spoticlone.jobs.discovery_tasks", "spoticlone.jobs.lifecycle_tasks",
                "spoticlone.jobs.deletion_tasks", "spoticlone.jobs.export_tasks",
                "spoticlone.jobs.moderation_tasks",
                "spoticlone.jobs.notification_tasks", "spoticlone.jobs.insight_tasks",
                "spoticlone.jobs.release_tasks")


def make_queue(settings: Settings) -> Huey:
    """The queue for ``settings``: Redis when configured, else SQLite in the data folder."""
    immediate = settings.jobs_immediate if settings.jobs_immediate is not None else settings.env == "test"
    if settings.redis_url:
        return RedisHuey("spoticlone", url=settings.redis_url, immediate=immediate)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(
        "spoticlone", filename=str(settings.data_dir / "jobs.db"), immediate=immediate
    )


queue = make_queue(get_settings())


@queue.signal(SIGNAL_ERROR)
def _record_failure(signal, task, exc=None) -> None:
    """Keep a row for a job whose last try failed (earlier tries are only logged)."""
    if task.retries:
        log.warning("job %s (%s) failed, %d tries left: %r", task.name, task.id, task.retries, exc)
        return
    log.error("job %s (%s) failed for good: %r", task.name, task.id, exc)
    # Imported here: the worker's queue module must load before any database code runs.
    from spoticlone.db import session_scope
    from spoticlone.models import JobFailure

    arguments = repr((task.args, task.kwargs))[:1000]
    with session_scope() as session:
        session.add(JobFailure(task_name=task.name, task_id=task.id, arguments=arguments,
                               error=repr(exc)[:2000], retries=task.default_retries))


def run_worker(*, workers: int = 1, extra_modules: tuple[str, ...] = ()) -> None:
    """Run the consumer in this process until it is stopped (SIGINT/SIGTERM)."""
    from spoticlone.plugins.activation import worker_modules  # enabled plugins: subscribers, tasks

    for module in (*TASK_MODULES, *extra_modules, *worker_modules()):
        importlib.import_module(module)
    log.info("job worker started (%s, %d worker%s)", type(queue.storage).__name__,
             workers, "" if workers == 1 else "s")
    # Short idle polls: the SQLite backend polls (Redis blocks), and a listener waiting
    # for an export should not wait out a long back-off.
    queue.create_consumer(workers=workers, periodic=True, max_delay=1.0).run()
