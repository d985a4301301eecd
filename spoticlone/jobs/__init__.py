"""Background jobs: one queue for work that takes longer than a request.

The queue is huey (a small, well-kept task queue): with no Redis configured it keeps
its queue in a SQLite file beside the database (``<data_dir>/jobs.db``), so the
embedded install needs no extra server; with ``SPOTICLONE_REDIS_URL`` it uses Redis,
so several machines share one queue. ``make run`` starts one worker beside the web
server (``python -m spoticlone.cli worker``). Under tests jobs run inline.

Add a job by decorating a function in ``spoticlone.jobs.tasks`` (or a plugin module
the worker imports) with ``@queue.task(...)``; calling it then enqueues it.
"""

from spoticlone.jobs.queue import queue, run_worker

__all__ = ["queue", "run_worker"]
