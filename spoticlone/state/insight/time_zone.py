"""Ask the browser for its time zone once, then read the page's figures in it.

The app stores no time zone for a listener, so ``/me/stats`` and ``/me/year/<year>`` ask the
browser (``Intl``) on their first load and count days and hours in its answer; a zone the server
does not know becomes "" (UTC). One mixin for both pages, so they cannot drift apart.

A mixin (``rx.State, mixin=True``) rather than a parent state: each page stays a direct substate
and keeps its own answer, as it did before the block was shared.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.core.errors import Invalid
from spoticlone.services.insight import listener_stats

#: Run in the browser; an empty answer (an old browser) means UTC.
BROWSER_TIME_ZONE = "Intl.DateTimeFormat().resolvedOptions().timeZone || ''"


def browser_zone(value: Any) -> str:
    """The browser's zone name if it is one we know, else "" (UTC)."""
    try:
        return listener_stats.time_zone(str(value or "")[:64])[1] if value else ""
    except Invalid:
        return ""


class BrowserTimeZone(rx.State, mixin=True):
    """Mix into a page's state: ``class PageState(BrowserTimeZone, rx.State)``, with ``_refresh``."""

    browser_time_zone: str = ""
    asked_time_zone: bool = False

    async def _refresh(self) -> Any:
        """Read and show the page's figures in ``browser_time_zone``: each page says how."""
        raise NotImplementedError

    async def _refresh_in_browser_zone(self) -> Any:
        """For ``on_load``: the first time, ask the browser (its answer calls ``got_time_zone``,
        which reads the figures); later loads of the same page read at once with the zone known."""
        if not self.asked_time_zone:
            return rx.call_script(BROWSER_TIME_ZONE, callback=type(self).got_time_zone)
        return await self._refresh()

    @rx.event
    async def got_time_zone(self, value: Any):
        """The browser's answer (any string: checked before use), then the page's figures."""
        self.asked_time_zone, self.browser_time_zone = True, browser_zone(value)
        return await self._refresh()
