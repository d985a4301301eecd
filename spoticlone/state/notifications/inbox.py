"""The ``/notifications`` page: the list, newest first, with mark read and mark all read.

Opening an item marks it read and goes to its link. Pages of ``PAGE_SIZE`` load on demand
("Show more"), so the state never holds more than the listener asked to see.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.notifications import inbox
from spoticlone.state.acting import act, as_actor, signed_in_user_id
from spoticlone.state.common import call_service, dump
from spoticlone.state.notifications.bell import NotificationBellState

PAGE_SIZE = 20
#: At most this many are kept in the page's state ("Show more" stops there).
MAX_SHOWN = 200
ICONS = {"release": "disc-3", "follower": "user-plus", "playlist_follower": "list-music",
         "collaboration": "users", "support_reply": "life-buoy"}


def item_view(dto) -> dict[str, Any]:
    """One notification as the page shows it (with its icon and a short date)."""
    row = dump(dto)
    row["icon"] = ICONS.get(row["kind"], "bell")
    row["when"] = dto.created_at.strftime("%d %b %Y, %H:%M")
    return row


class NotificationsState(rx.State):
    items: list[dict[str, Any]] = []
    page: int = 1
    has_more: bool = False
    loaded: bool = False
    error: str = ""

    @rx.var
    def unread_here(self) -> int:
        return sum(1 for item in self.items if not item["read"])

    @rx.event
    async def load(self):
        """``on_load``: the first page."""
        self.error, self.page = "", 1
        await self._fetch(replace=True)

    @rx.event
    async def show_more(self):
        """The next page, appended."""
        if not self.has_more or len(self.items) >= MAX_SHOWN:
            return
        self.page += 1
        await self._fetch(replace=False)

    async def _fetch(self, *, replace: bool) -> None:
        user_id = await signed_in_user_id(self)
        if user_id is None:
            self.items, self.loaded = [], True
            return
        found = await call_service(as_actor(inbox.list_notifications), user_id=user_id, page=self.page,
                                   page_size=PAGE_SIZE)
        rows = [item_view(n) for n in found.items]
        self.items = rows if replace else [*self.items, *rows]
        self.has_more = found.has_next and len(self.items) < MAX_SHOWN
        self.loaded = True

    @rx.event
    async def open_item(self, notification_id: Any, link: Any):
        """Mark one read and go where it points (a path on this site only)."""
        if not isinstance(notification_id, int) or isinstance(notification_id, bool):
            return None
        marked, redirect = await act(self, inbox.mark_read, notification_id=notification_id)
        if marked is None:
            return redirect
        self.items = [{**item, "read": True} if item["id"] == notification_id else item for item in self.items]
        bell = await self.get_state(NotificationBellState)
        await bell.recount()
        target = marked.link
        return rx.redirect(target) if target.startswith("/") and not target.startswith("//") else None

    @rx.event
    async def mark_all_read(self):
        """Mark every notification read."""
        count, redirect = await act(self, inbox.mark_all_read)
        if count is None:
            return redirect
        self.items = [{**item, "read": True} for item in self.items]
        bell = await self.get_state(NotificationBellState)
        await bell.recount()
        return None
