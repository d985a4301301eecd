"""Run an ``rx.State`` event handler for real, to completion, with no browser or server.

The one driver for state tests: plugin authors get it through ``spoticlone.testing`` and
the core's own tests (``tests/state/``) import it from here, so both run handlers the
same way.

``state_for(MyState, route, session_token=...)`` builds the state inside a fresh root
state that is "on" ``route`` (with the session cookie a signed-in browser would send).
A Reflex handler's function is plain, a coroutine or an async generator; ``drive`` runs
any of them in a fresh event loop and records what came back. Tests read that through
one of three views: the state itself (``run``), what the handler handed back
(``call``), or every client event it sent (``events_of``); the readers at the end
(``event_kind``, ``redirect_target``...) take those events apart.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import json
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class Outcome:
    """What a handler produced: its return value and, for a generator, each item it yielded."""

    returned: Any = None
    yielded: list[Any] = field(default_factory=list)
    is_generator: bool = False

    @property
    def last(self) -> Any:
        """What the browser acts on last: the final yield of a generator, else the return value."""
        if self.is_generator:
            return self.yielded[-1] if self.yielded else None
        return self.returned

    @property
    def events(self) -> list[Any]:
        """Every event sent to the browser, in order, with lists flattened and ``None`` dropped."""
        out: list[Any] = []
        for item in [*self.yielded, self.returned]:
            if isinstance(item, (list, tuple)):
                out.extend(e for e in item if e is not None)
            elif item is not None:
                out.append(item)
        return out


def state_for(state_cls: Any, route: str = "/", *, query: dict[str, str] | None = None,
              session_token: str | None = None, path: str | None = None) -> Any:
    """An instance of ``state_cls`` in a fresh state tree, on ``route``, signed in if a token is given.

    ``path`` is the address the browser shows when it differs from the route pattern
    (``/album/[album_ref]`` seen as ``/album/3-night-run``); ``session_token`` comes from
    ``spoticlone.services.auth.sessions.create_session``.
    """
    import reflex as rx
    from reflex.istate.data import RouterData

    from spoticlone.api.session_cookie import SESSION_COOKIE

    root = rx.State(_reflex_internal_init=True)
    headers = {"origin": "http://test"}
    if session_token:
        headers["cookie"] = f"{SESSION_COOKIE}={session_token}"
    root.router = RouterData.from_router_data(
        {"pathname": route, "asPath": path or route, "query": dict(query or {}), "headers": headers})
    return root.get_substate(state_cls.get_full_name().split("."))


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion in a thread of its own.

    A test process that already runs an event loop on its main thread (Playwright's sync
    API, in the same pytest session) cannot start another one there; a thread always can,
    whatever order the tests run in.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def drive(handler: Any, state: Any, *args: Any,
          settle: Callable[[], Awaitable[Any]] | None = None) -> Outcome:
    """Run ``handler`` (``MyState.load``) on ``state`` with ``args``, in a fresh event loop.

    ``settle`` is awaited afterwards in the same loop, for work the handler left running in
    the background (mail being sent).
    """

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
        if settle is not None:
            await settle()
        return outcome

    return run_async(go())


def run(handler: Any, state: Any, *args: Any) -> Any:
    """Run a handler for its effect on ``state``; returns the state."""
    drive(handler, state, *args)
    return state


def call(handler: Any, state: Any, *args: Any) -> Any:
    """Run a handler; return what the browser would act on (see ``Outcome.last``)."""
    return drive(handler, state, *args).last


def events_of(handler: Any, state: Any, *args: Any,
              settle: Callable[[], Awaitable[Any]] | None = None) -> list[Any]:
    """Run a handler; return every client event it sent (see ``Outcome.events``)."""
    return drive(handler, state, *args, settle=settle).events


def event_kind(spec: Any) -> str:
    """Which client action an event is ("_redirect", "_call_script"): the wrapped function's name."""
    fn = spec.handler.fn
    return fn.__qualname__.split(".")[0]


def event_arg(spec: Any, name: str) -> Any:
    """One argument of an event, decoded from the JSON it is sent as."""
    for key, value in spec.args:
        if str(key) == name:
            return json.loads(str(value))
    raise KeyError(name)


def spec_name(spec: Any) -> str:
    """The qualified name of the handler an event calls ("" for something that is not an event)."""
    handler = getattr(spec, "handler", None)
    return handler.fn.__qualname__ if handler is not None else ""


def spec_args(spec: Any) -> dict[str, Any]:
    """An event's arguments as Python values (those that are plain JSON; the rest as text)."""
    out: dict[str, Any] = {}
    for key, value in spec.args:
        try:
            out[str(key)] = json.loads(str(value))
        except ValueError:
            out[str(key)] = str(value)
    return out


def is_sign_in_redirect(spec: Any) -> bool:
    """Whether an event sends the browser to the sign-in page (to come back afterwards)."""
    return (spec is not None and "redirect" in spec_name(spec)
            and "/signin?next=" in str(spec_args(spec).get("path")))


def redirect_target(event: Any) -> str | None:
    """The path of an ``rx.redirect`` EventSpec, or None if ``event`` is something else."""
    if event is None or getattr(event.handler, "fn", None).__qualname__ != "_redirect":
        return None
    args = {str(name): value for name, value in event.args}
    return args["path"]._var_value
