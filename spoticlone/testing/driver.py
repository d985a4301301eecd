"""Run an ``rx.State`` event handler for real, to completion, with no browser or server.

``state_for(MyState, route, session_token=...)`` builds the state inside a fresh root
state that is "on" ``route`` (with the session cookie a signed-in browser would send);
``drive`` runs a plain, async or generator handler in its own event loop and records
what it returned or yielded, which ``run`` and ``call`` read the same way as the core's
tests (``tests/state/driver.py``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Outcome:
    """What a handler produced: its return value and, for a generator, each item it yielded."""

    returned: Any = None
    yielded: list[Any] = field(default_factory=list)
    is_generator: bool = False

    @property
    def last(self) -> Any:
        if self.is_generator:
            return self.yielded[-1] if self.yielded else None
        return self.returned


def state_for(state_cls: Any, route: str = "/", *, query: dict[str, str] | None = None,
              session_token: str | None = None) -> Any:
    """An instance of ``state_cls`` in a fresh state tree, on ``route``, signed in if a token is given.

    ``session_token`` comes from ``spoticlone.services.auth.sessions.create_session``.
    """
    import reflex as rx
    from reflex.istate.data import RouterData

    from spoticlone.api.session_cookie import SESSION_COOKIE

    root = rx.State(_reflex_internal_init=True)
    headers = {"origin": "http://test"}
    if session_token:
        headers["cookie"] = f"{SESSION_COOKIE}={session_token}"
    root.router = RouterData.from_router_data(
        {"pathname": route, "asPath": route, "query": dict(query or {}), "headers": headers})
    return root.get_substate(state_cls.get_full_name().split("."))


def drive(handler: Any, state: Any, *args: Any) -> Outcome:
    """Run ``handler`` (``MyState.load``) on ``state`` with ``args``, in a fresh event loop."""

    async def go() -> Outcome:
        outcome = Outcome()
        result = handler.fn(state, *args)
        if inspect.isasyncgen(result):
            outcome.is_generator = True
            outcome.yielded = [item async for item in result]
        elif inspect.isawaitable(result):
            outcome.returned = await result
        else:
            outcome.returned = result
        return outcome

    # Its own thread: a test process that already ran an event loop (Playwright) cannot
    # start another one on the main thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, go()).result()


def run(handler: Any, state: Any, *args: Any) -> Any:
    """Run a handler for its effect; returns the state."""
    drive(handler, state, *args)
    return state


def call(handler: Any, state: Any, *args: Any) -> Any:
    """Run a handler; return what the browser would act on (last yield, or the return value)."""
    return drive(handler, state, *args).last
