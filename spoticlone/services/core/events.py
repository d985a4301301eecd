"""Domain events: a service says what happened, subscribers registered by name react.

A service that records a play should not know that charts, analytics, recommendations
or a plugin's scrobbler care about plays. It calls ``emit(PLAY_RECORDED, session,
event=...)``; every subscriber of that event runs, in registration order, inside the
caller's transaction, so an aggregate such as the charts can never drift from the rows
it counts. A subscriber that does slow work (mail, network, retraining) must only
enqueue a job (``spoticlone.jobs``) and return.

Subscribers are registered by name, so a plugin can list, replace or remove its own,
and a second registration under the same name is refused rather than run twice::

    from spoticlone.services import events

    @events.subscriber(events.PLAY_RECORDED, "my-plugin.scrobble")
    def scrobble(session, *, event):
        enqueue_scrobble(event.id)

The core's own subscribers live in the modules named in ``CORE_SUBSCRIBERS``, which are
imported before the first event is delivered, whatever the import order of the app.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from spoticlone.services.core.registry import Registry

log = logging.getLogger(__name__)

#: A play crossed the counting rule (``plays.counts_as_play``), once per play event.
#: Payload: ``event`` (the ``PlayEvent`` row).
PLAY_RECORDED = "play_recorded"

EVENTS = (PLAY_RECORDED,)

#: Modules whose import registers the core subscribers.
CORE_SUBSCRIBERS = ("spoticlone.services.listening.charts", "spoticlone.services.studio.rollups")

Subscriber = Callable[..., None]

_registries: dict[str, Registry[Subscriber]] = {
    name: Registry(f"{name} subscribers") for name in EVENTS
}
_core_loaded = False


def _registry(event: str) -> Registry[Subscriber]:
    try:
        return _registries[event]
    except KeyError:
        raise ValueError(f"unknown event {event!r}; known: {', '.join(EVENTS)}") from None


def subscribe(event: str, name: str, handler: Subscriber) -> None:
    """Call ``handler(session, **payload)`` whenever ``event`` is emitted."""
    _registry(event).register(name, handler)


def subscriber(event: str, name: str) -> Callable[[Subscriber], Subscriber]:
    """Decorator form of :func:`subscribe`."""
    def register(handler: Subscriber) -> Subscriber:
        subscribe(event, name, handler)
        return handler

    return register


def unsubscribe(event: str, name: str) -> None:
    """Remove the subscriber ``name`` (a plugin being disabled, a test cleaning up)."""
    _registry(event).unregister(name)


def subscribers(event: str) -> list[str]:
    """Names of the subscribers of ``event``, in the order they run."""
    _load_core()
    return _registry(event).names()


def emit(event: str, session: Session, /, **payload: Any) -> None:
    """Run every subscriber of ``event`` now, in the caller's transaction.

    A subscriber's exception propagates: the caller's transaction then rolls back as a
    whole, which is what keeps aggregates exact. Subscribers that may fail for reasons
    of their own (a remote service) belong on the job queue, not here.
    """
    _load_core()
    for name, handler in _registry(event).items():
        log.debug("%s -> %s", event, name)
        handler(session, **payload)


def _load_core() -> None:
    global _core_loaded
    if not _core_loaded:
        for module in CORE_SUBSCRIBERS:
            importlib.import_module(module)
        _core_loaded = True
