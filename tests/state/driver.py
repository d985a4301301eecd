"""The one way state tests run an event handler: for real, to completion, no browser.

A Reflex handler's function is plain, a coroutine or an async generator; ``drive`` runs
any of them in a fresh event loop (``tests.aio.run_async``) and records what came back.
The views below are what tests read: the state itself (``run``), what the handler
handed back (``call``), or every client event it sent (``events_of``); the readers at
the end take those events apart.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tests.aio import run_async


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


def drive(handler, state, *args, settle: Callable[[], Awaitable[Any]] | None = None) -> Outcome:
    """Run ``handler`` on ``state`` with ``args``; ``settle`` is awaited afterwards in the same
    loop, for work the handler left running in the background (mail being sent)."""

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


def run(handler, state, *args):
    """Run a handler for its effect on ``state``; returns the state."""
    drive(handler, state, *args)
    return state


def call(handler, state, *args) -> Any:
    """Run a handler; return what the browser would act on (see ``Outcome.last``)."""
    return drive(handler, state, *args).last


def events_of(handler, state, *args, settle: Callable[[], Awaitable[Any]] | None = None) -> list[Any]:
    """Run a handler; return every client event it sent (see ``Outcome.events``)."""
    return drive(handler, state, *args, settle=settle).events


def event_kind(spec) -> str:
    """Which client action an event is ("_redirect", "_call_script"): the wrapped function's name."""
    fn = spec.handler.fn
    return fn.__qualname__.split(".")[0]


def event_arg(spec, name: str):
    """One argument of an event, decoded from the JSON it is sent as."""
    for key, value in spec.args:
        if str(key) == name:
            return json.loads(str(value))
    raise KeyError(name)


def spec_name(spec) -> str:
    handler = getattr(spec, "handler", None)
    return handler.fn.__qualname__ if handler is not None else ""


def spec_args(spec) -> dict:
    """An event's arguments as Python values (those that are plain JSON)."""
    out = {}
    for key, value in spec.args:
        try:
            out[str(key)] = json.loads(str(value))
        except ValueError:
            out[str(key)] = str(value)
    return out


def is_sign_in_redirect(spec) -> bool:
    return spec is not None and "redirect" in spec_name(spec) and "/signin?next=" in str(spec_args(spec).get("path"))


def redirect_target(event) -> str | None:
    """The path of an ``rx.redirect`` EventSpec, or None if ``event`` is something else."""
    if event is None or getattr(event.handler, "fn", None).__qualname__ != "_redirect":
        return None
    args = {str(name): value for name, value in event.args}
    return args["path"]._var_value
