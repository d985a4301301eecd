"""A page's ``on_load`` handlers run as one event instead of a chain of them.

Reflex queues each ``on_load`` handler as its own event: every one takes the session's
state lock, rebuilds the router data, computes and sends its own delta (and, with the
Redis state manager, reads and writes its states in Redis). Home has five of them (who is
signed in, the feed, Made for you, the shelves, the page itself), an album page five, so
opening a page cost the server five to eight event passes where one does the same work.

``combined_on_load`` turns a page's list into one ``PageLoadState.load_page(route)``
event, which runs the same handlers one after another, on the same state instances, in
the same order. What a handler yields is still sent when it yields it (the album page
clears the previous album at once); what it returns is routed as before; a handler that
fails gets the same answer as Reflex's last safety net gives an event (a toast, logged)
and the next one still runs. The session is checked once per page load rather than once
per handler (``auth.signed_in.checked_once``), and the handlers' service calls share one
database session (``db.one_session_for_all``).

Only plain handlers without arguments are combined; a page with anything else (an event
with arguments, a background event) keeps Reflex's chain.

Reflex would still open such a page in three event passes: ``on_load_internal`` (which
queues the page's loads), the load, and ``set_is_hydrated(True)`` to flip one flag. With
``pages_load_in_place`` the combined load runs inside ``on_load_internal`` itself and flips
the flag as it ends: one pass, one state lock, and usually one delta with the new route, the
page's data and ``is_hydrated`` together.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import reflex as rx
import reflex.state as reflex_state
from reflex.event import EventHandler
from reflex.state import BaseState

from spoticlone.db import one_session_for_all
from spoticlone.state.auth.signed_in import checked_once
from spoticlone.state.safety import backend_exception_handler

log = logging.getLogger(__name__)

#: What each page runs when it loads, by the page's route: (state class, handler function).
_LOADS: dict[str, tuple[tuple[type[BaseState], Callable[..., Any]], ...]] = {}


def _combinable(handler: Any) -> bool:
    if not isinstance(handler, EventHandler) or handler.state is None or handler.is_background:
        return False
    params = list(inspect.signature(handler.fn).parameters.values())[1:]  # after self
    return all(p.default is not inspect.Parameter.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in params)


def combined_on_load(route: str, handlers: Sequence[Any]) -> list[Any]:
    """The ``on_load`` to register for ``route``: one combined event, or ``handlers`` as given."""
    if len(handlers) < 2 or not all(_combinable(h) for h in handlers):
        return list(handlers)
    _LOADS[route] = tuple((h.state, h.fn) for h in handlers)
    return [PageLoadState.load_page(route)]


async def _run(fn: Callable[..., Any], state: BaseState) -> AsyncIterator[Any]:
    """Call one handler on its state; yield what it yields, then what it returns (if any)."""
    result = fn(state)
    if inspect.isasyncgen(result):
        async for update in result:
            yield update
        return
    if inspect.isgenerator(result):
        for update in result:
            yield update
        return
    if inspect.isawaitable(result):
        result = await result
    if result is not None:
        yield result


class PageLoadState(rx.State):
    """Runs a page's ``on_load`` handlers in one event (see the module docstring)."""

    @rx.event
    async def load_page(self, route: str):
        """Run the page's loads, then mark the page hydrated (also after a failure).

        Not when cancelled: a newer navigation supersedes this load, and its own
        ``on_load_internal`` has set ``is_hydrated`` to false for its page.
        """
        try:
            async for update in self._load(route):
                yield update
        except Exception:
            self._hydrated()
            raise
        self._hydrated()

    async def _load(self, route: str):
        handlers = _LOADS.get(route)
        if handlers is None:  # not a route this app registered: nothing to load
            return
        with checked_once(), one_session_for_all():
            for state_cls, fn in handlers:
                state = await self.get_state(state_cls)
                try:
                    async for update in _run(fn, state):
                        yield update
                except Exception as exc:  # noqa: BLE001 - one failing load must not stop the page's others
                    yield backend_exception_handler(exc)

    def _hydrated(self) -> None:
        if self.parent_state is not None:  # the root: ``is_hydrated`` is its var
            self.parent_state.is_hydrated = True


async def _load_in_place(state: BaseState, route: str) -> AsyncIterator[Any]:
    """The page's combined load, run by the ``on_load_internal`` event that opened the page.

    Reflex iterates what a handler returns when it is an async generator, sending a delta per
    update under the state lock it already holds. ``on_load_internal`` is Reflex's
    superseding event, so a newer navigation (or a reconnect) cancels this load as it
    cancelled the queued chain; the connect's hydrate runs it in place too, after the snapshot.
    """
    page = await state.get_state(PageLoadState)
    async for update in PageLoadState.event_handlers["load_page"].fn(page, route):
        yield update


def _is_hydrated_flip(event: Any) -> bool:
    handler = getattr(event, "handler", None)
    return getattr(handler, "fn", None) is reflex_state.OnLoadInternalState.set_is_hydrated.fn


def _is_combined_load(event: Any) -> bool:
    return getattr(event, "name", None) == f"{PageLoadState.get_full_name()}.load_page"


_installed: Any = None
"""The wrapper ``pages_load_in_place`` put in Reflex's place (``__wrapped__`` is Reflex's own)."""


def pages_load_in_place() -> None:
    """Run a page's combined load inside the ``on_load_internal`` event that opens the page.

    Wraps Reflex's ``_load_events_for_page`` (what ``on_load_internal`` returns, Reflex
    queueing it as new events): for a page whose loads are one combined event followed by
    Reflex's ``set_is_hydrated(True)``, the load itself as an async generator (it sets
    ``is_hydrated`` as it ends); anything else as Reflex does it. Reflex is pinned
    (requirements.txt); if the function is not there, nothing changes and pages keep the
    chain (logged once), and ``tests/state/test_page_load.py`` fails.
    """
    global _installed
    original = getattr(reflex_state, "_load_events_for_page", None)
    if original is None:
        log.warning("Reflex has no _load_events_for_page: page loads keep Reflex's chain of events")
        return
    if original is _installed:
        return

    @functools.wraps(original)
    def load_events_for_page(state: Any) -> Any:
        events = original(state)
        if events and len(events) == 2 and _is_combined_load(events[0]) and _is_hydrated_flip(events[1]):
            return _load_in_place(state, events[0].payload["route"])
        return events

    _installed = load_events_for_page
    reflex_state._load_events_for_page = load_events_for_page
