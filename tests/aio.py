"""Run a coroutine to completion from a synchronous test, whatever else is running.

Playwright's sync API (the e2e tests, in the same pytest process) leaves an event loop
running in the main thread, where ``asyncio.run()`` refuses to start; a thread of its
own always works, whatever order the tests run in.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
