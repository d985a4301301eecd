"""Services marked as quick reads: a caller on an event loop may run them there.

Reflex states call services through ``state.common.call_service``, which runs them on a
worker thread so that a call that waits never stalls the event loop serving every other
listener. On SQLite (``db.reads_on_the_loop``) a quick read runs on the loop instead: in WAL
mode a reader never waits for a lock, and the work is Python under the GIL either way, so
the thread only adds its hand-offs (the loop waits for the GIL the thread holds, then the
thread for the loop). Under 200 simulated listeners those hand-offs were about a tenth of the
worker's CPU and most of the slow round trips (README, *Load*).

A quick read is a service that runs indexed queries and nothing else that waits: no hash, no
file, no network, and no write, since a write can wait up to the busy timeout for the job
worker's transaction. A read that now and then has something to record (when a session was
last used, a search that found nothing) hands it to ``write_after_read``: on the loop the
caller runs it in a session of its own on a thread once the read has answered, anywhere else
it is written at once, as before. A marked call that writes all the same is logged as an
error (refused with ``SPOTICLONE_ENV=test``, so the test suite finds it; ``db``).

A *quick write* (``quick_write``) is the same bargain for the few small writes every listener
makes all the time (a play starting, its progress, a like). On SQLite the caller tries it on
the loop without waiting for the write lock (``db.run_without_waiting``: busy timeout 0).
If another connection holds the lock (the job worker, a write on a thread), the first write
statement fails at once, the transaction rolls back, and the whole call runs again on a thread
that waits as every write did before. So a quick write must do nothing a rollback cannot undo
before its first write statement: no event emitted, no file, no network (an event emitted
after it runs while the lock is held, and a commit in WAL mode never waits). A commit of its
own before that point (a rate limit's counter) may then happen twice: a limit counts that
attempt twice and refuses a little early, never late.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_MARK = "__spoticlone_quick_read__"
_WRITE_MARK = "__spoticlone_quick_write__"
#: The quick read running on this loop's task, and the writes it left for after its answer.
_RUNNING: ContextVar[tuple[str, list[Callable[[Any], Any]]] | None] = ContextVar(
    "spoticlone_quick_read", default=None)


def quick_read(fn: F) -> F:
    """Mark the service ``fn`` as a quick read (see the module docstring)."""
    setattr(fn, _MARK, True)
    return fn


def is_quick_read(fn: Callable[..., Any]) -> bool:
    """Whether ``fn`` is marked, or a ``functools.partial`` of a marked service.

    A partial only binds arguments, so it reads as quickly as its service. Other wrappers may
    add work of their own and carry the mark only if they copy it (``state.acting.as_actor``).
    """
    return _marked(fn, _MARK)


def quick_write(fn: F) -> F:
    """Mark the service ``fn`` as a quick write (see the module docstring)."""
    setattr(fn, _WRITE_MARK, True)
    return fn


def is_quick_write(fn: Callable[..., Any]) -> bool:
    """Whether ``fn`` is marked a quick write, or a ``functools.partial`` of one."""
    return _marked(fn, _WRITE_MARK)


def _marked(fn: Callable[..., Any], mark: str) -> bool:
    while isinstance(fn, functools.partial):
        fn = fn.func
    return getattr(fn, mark, False)


@contextmanager
def reading_quickly(fn: Callable[..., Any]) -> Iterator[list[Callable[[Any], Any]]]:
    """Run the block as the quick read ``fn`` on the loop; gives the list of writes it leaves.

    Each is ``write(session)``, for the caller to run in a session of its own off the loop.
    """
    writes: list[Callable[[Any], Any]] = []
    token = _RUNNING.set((getattr(fn, "__qualname__", repr(fn)), writes))
    try:
        yield writes
    finally:
        _RUNNING.reset(token)


def running_quick_read() -> str | None:
    """The name of the quick read running here on the loop, if one is (``db`` watches its statements)."""
    running = _RUNNING.get()
    return running[0] if running else None


def write_after_read(session: Any, write: Callable[..., Any], /, **kwargs: Any) -> None:
    """``write(session, **kwargs)`` now, or, inside a quick read on the loop, once it has answered.

    Then it runs in its own session and transaction, on a thread: for bookkeeping that may
    land a moment later (never what the read's answer depends on).
    """
    running = _RUNNING.get()
    if running is None:
        write(session, **kwargs)
        return
    running[1].append(functools.partial(write, **kwargs))
