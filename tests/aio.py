"""Run a coroutine to completion from a synchronous test, whatever else is running.

The one implementation is ``spoticlone.testing.driver.run_async`` (a thread of its own,
since Playwright's sync API leaves an event loop running in the main thread); the tests
that import it from here keep doing so.
"""

from __future__ import annotations

from spoticlone.testing.driver import run_async

__all__ = ["run_async"]
