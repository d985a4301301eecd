"""Handing a committed row's work to the job queue, and saying so on the row if the queue refuses.

A request that starts slow work (a backup, a data export) first commits a ``queued`` row, so
the page can show it at once and a worker can find it, then calls ``enqueue`` (a huey task,
passed in by the adapter: services import no job module). When the queue refuses (Redis down,
the SQLite queue file unwritable), the row must not stay ``queued`` for hours with nothing
behind it: it becomes ``failed`` with a sentence the page shows, and the error goes on up,
so the adapter reports it and the admin or listener can simply ask again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sqlmodel import Session

from spoticlone.models.common import saved_id

#: What the row says when the queue refused and the caller has nothing more specific to say.
REFUSED = "The job queue did not take the request. Please try again later."


class QueuedRow(Protocol):
    """A committed row whose ``status`` and ``error`` tell the page how its job is doing."""

    id: int | None
    status: str
    error: str


def hand_to_queue(session: Session, row: QueuedRow, enqueue: Callable[[int], object], *,
                  refused: str = REFUSED) -> None:
    """Call ``enqueue(row.id)``; if it raises, commit the row as failed with ``refused``, then re-raise.

    The row must already be committed: the worker may pick the job up before this returns.
    """
    try:
        enqueue(saved_id(row))
    except Exception:
        row.status, row.error = "failed", refused
        session.add(row)
        session.commit()
        raise
