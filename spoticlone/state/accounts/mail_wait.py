"""Sending a mail from an event handler without holding the session's lock for the mail server.

An event handler holds its session's lock until it returns. With Redis (several workers) the
lock expires after 4 s (``rxconfig.REDIS_LOCK_EXPIRATION_MS``), and the state a handler changed
after that is refused: the listener would see an error although nothing went wrong. A mail
server can take longer than that (the mailer gives it 30 s). ``within`` waits for a send at most
``WAIT_SECONDS``; a slower one carries on in the background, its failure logged, and the handler
goes on as if it had been sent (the pages that mention a sent code also offer to send it again).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
#: The longest a handler waits for the mail server.
WAIT_SECONDS = 2.5

_pending: set[asyncio.Task] = set()  # slow sends still running (the loop keeps only weak references)


def start(send: Coroutine[Any, Any, Any]) -> asyncio.Task:
    """Run ``send`` on the loop, kept referenced until it ends (``within``, or not waited for at all)."""
    task = asyncio.get_running_loop().create_task(send)
    _pending.add(task)
    task.add_done_callback(_pending.discard)
    return task


async def within(send: Coroutine[Any, Any, T], *, slow_result: T) -> T:
    """``send``'s result (or its exception) if it ends within ``WAIT_SECONDS``, else ``slow_result``."""
    task = start(send)
    done, _ = await asyncio.wait({task}, timeout=WAIT_SECONDS)
    if done:
        return task.result()
    log.warning("the mail server is slow: the mail is still being sent in the background")
    task.add_done_callback(_log_failure)
    return slow_result


def _log_failure(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("a mail sent in the background failed", exc_info=task.exception())
