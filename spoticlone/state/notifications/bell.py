"""The bell in the top bar: the signed-in listener's unread count.

It is refreshed when the shell mounts, that is on every page navigation, and after the list
marks something read; there is no polling. The shell shows the bell twice (desktop header,
phone top bar), so the second refresh for the same page within a second is skipped.
"""

from __future__ import annotations

import time

import reflex as rx

from spoticlone.services.core.errors import DomainError
from spoticlone.services.notifications import inbox
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.common import call_service

DEDUPE_SECONDS = 1.0


class NotificationBellState(rx.State):
    unread: int = 0
    _refreshed_at: float = 0.0
    _refreshed_page: str = ""

    @rx.var
    def badge(self) -> str:
        """What the badge shows: nothing at zero, "99+" past 99."""
        if self.unread <= 0:
            return ""
        return "99+" if self.unread > 99 else str(self.unread)

    @rx.var
    def label(self) -> str:
        """The bell's accessible name, with the count."""
        if self.unread <= 0:
            return "Notifications, none unread"
        return f"Notifications, {self.badge} unread"

    @rx.event
    async def refresh(self):
        """Count unread notifications again (once per navigation; both bells mount together)."""
        now, here = time.monotonic(), str(self.router.url.path or "")
        if here == self._refreshed_page and now - self._refreshed_at < DEDUPE_SECONDS:
            return
        self._refreshed_at, self._refreshed_page = now, here
        await self.recount()

    async def recount(self) -> None:
        """Count now, whatever the last refresh (after marking read)."""
        user_id = await signed_in_user_id(self)
        if user_id is None:
            self.unread = 0
            return
        try:
            self.unread = await call_service(as_actor(inbox.unread_count), user_id=user_id)
        except DomainError:  # suspended since the page loaded: nothing to show
            self.unread = 0
