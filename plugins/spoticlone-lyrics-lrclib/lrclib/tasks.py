"""The lookup job: runs in the worker, retried with growing delays while LRCLIB is down."""

from __future__ import annotations

from huey.exceptions import RetryTask  # type: ignore[import-untyped]

from spoticlone.jobs.queue import queue


@queue.task(retries=5, retry_delay=60, retry_backoff=2)
def fetch_lyrics(track_id: int) -> str:
    """Look ``track_id`` up; a ``ServiceDown`` uses a retry, waiting for the rate limit does not."""
    from lrclib import fetching
    from lrclib.plugin import plugin
    from spoticlone.db import session_scope
    from spoticlone.models import PluginState
    from spoticlone.plugins import http_client, plugin_settings

    with session_scope() as session:
        state = session.get(PluginState, "lrclib")
        if state is None or not state.enabled:
            return "disabled"
        settings = plugin_settings(session, "lrclib")
        with http_client(plugin) as client:
            outcome = fetching.fetch(session, track_id=track_id, settings=settings, client=client)
    if outcome.status == "wait":
        raise RetryTask("rate limited", delay=int(outcome.wait_seconds) + 1)
    return outcome.status
