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
#: A listener started a track (a "now playing" moment; it may not count as a play).
#: Payload: ``event`` (the ``PlayEvent`` row, ``completed`` not yet known).
PLAY_STARTED = "play_started"
#: A track became public (published now, or a scheduled release came out).
#: Payload: ``track`` (the ``Track`` row).
TRACK_PUBLISHED = "track_published"
#: A listener followed an artist or another listener.
#: Payload: ``follower_id`` (int), ``artist_id`` (int or None), ``followed_user_id`` (int or None).
USER_FOLLOWED = "user_followed"
#: An account was created. Payload: ``user`` (the ``User`` row).
USER_SIGNED_UP = "user_signed_up"
#: A listener liked a track. Payload: ``user_id`` (int), ``track_id`` (int).
TRACK_LIKED = "track_liked"
#: An administrator answered a support request (the answer is already saved).
#: Payload: ``request_id`` (int), ``user_id`` (int, the listener who asked), ``message_id`` (int).
SUPPORT_REPLIED = "support_replied"
#: A listener followed someone's playlist. Payload: ``playlist_id`` (int), ``follower_id`` (int),
#: ``owner_id`` (int).
PLAYLIST_FOLLOWED = "playlist_followed"
#: A playlist owner invited a collaborator. Payload: ``playlist_id`` (int), ``user_id`` (int, invited),
#: ``invited_by`` (int).
COLLABORATOR_INVITED = "collaborator_invited"

EVENTS = (PLAY_RECORDED, PLAY_STARTED, TRACK_PUBLISHED, USER_FOLLOWED, USER_SIGNED_UP, TRACK_LIKED,
          SUPPORT_REPLIED, PLAYLIST_FOLLOWED, COLLABORATOR_INVITED)

#: Modules whose import registers the core subscribers.
CORE_SUBSCRIBERS = ("spoticlone.services.listening.charts", "spoticlone.services.studio.rollups",
                    "spoticlone.services.insight.rollups",
                    "spoticlone.services.notifications.subscribers")

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
    """Import the core's subscriber modules, then put their subscribers first, in the order of
    ``CORE_SUBSCRIBERS``: whichever module some other import happened to load first, the core
    always runs in the same order, and plugins after it.
    """
    global _core_loaded
    if not _core_loaded:
        for module in CORE_SUBSCRIBERS:
            importlib.import_module(module)
        rank = {module: position for position, module in enumerate(CORE_SUBSCRIBERS)}
        for registry in _registries.values():
            registry.reorder(lambda name, handler: rank.get(getattr(handler, "__module__", ""), len(rank)))
        _core_loaded = True
