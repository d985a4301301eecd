"""The submission jobs (worker): a listen retried with growing delays, "playing now" tried once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spoticlone.jobs.queue import queue


def _run(fn: Callable[..., str], play_event_id: int) -> str:
    from spoticlone.db import session_scope
    from spoticlone.plugins import http_client, plugin_settings
    from spoticlone.services.admin.plugins import is_enabled
    from spoticlone_listenbrainz.plugin import plugin

    with session_scope() as session:
        if not is_enabled(session, name="listenbrainz"):
            return "disabled"
        settings: Any = plugin_settings(session, "listenbrainz")
        with http_client(plugin) as client:
            return fn(session, play_event_id=play_event_id, client=client, base_url=settings.base_url)


@queue.task(retries=8, retry_delay=30, retry_backoff=2)
def submit_listen(play_event_id: int) -> str:
    from spoticlone_listenbrainz.scrobbling import submit

    return _run(submit, play_event_id)


@queue.task(retries=0)
def playing_now(play_event_id: int) -> str:
    from spoticlone_listenbrainz import scrobbling

    try:
        return _run(scrobbling.playing_now, play_event_id)
    except scrobbling.ServiceDown:
        return "down"  # stale soon anyway: not worth a retry
