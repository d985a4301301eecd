"""/admin/reports: the review queue and the three decisions (hide, dismiss, restore).

Acts for the signed-in account; ``services.moderation.queue`` refuses anyone but an admin,
and a refusal just shows no queue. Each decision reloads the queue.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.config import get_settings
from spoticlone.services.moderation import queue
from spoticlone.services.moderation.queue import QueueItem
from spoticlone.state.admin.base import AdminPageState
from spoticlone.state.safety import guarded

NOUNS = {"track": "Song", "album": "Release", "playlist": "Playlist", "profile": "Profile"}


def _notify(message) -> None:
    from spoticlone.jobs.moderation_tasks import notify

    notify(message)


def item_view(item: QueueItem) -> dict[str, Any]:
    """One queue item as flat, display-ready fields (its reports as a list of dicts)."""
    return {
        "key": f"{item.target_type}-{item.target_id}",
        "target_type": item.target_type,
        "target_id": item.target_id,
        "kind": NOUNS.get(item.target_type, item.target_type),
        "title": item.title,
        "url": item.url,
        "owner": item.owner or "(no account)",
        "hidden": item.hidden,
        "counter_notice": item.counter_notice,
        "count": f"{len(item.reports)} report" + ("" if len(item.reports) == 1 else "s"),
        "reports": [{
            "id": r.id, "reason": r.reason_label, "statement": r.statement, "reporter": r.reporter,
            "contact": r.contact_email, "when": f"{r.created_at:%-d %b %Y, %H:%M} UTC",
        } for r in item.reports],
    }


class ReviewState(AdminPageState, rx.State):
    """The queue as the admin sees it; ``allowed`` stays False for anyone else."""

    items: list[dict[str, Any]] = []
    notice: str = ""
    busy: bool = False

    async def _reload(self):
        items, redirect = await self._as_admin(queue.review_queue)
        if items is not None:
            self.items = [item_view(i) for i in items]
        return redirect

    @rx.event
    @guarded
    async def load(self):
        self.error, self.notice = "", ""
        redirect = await self._reload()
        self.loaded = True
        if redirect is not None:
            yield redirect

    async def _decide(self, fn, target_type: str, target_id: int, done: str, **extra):
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        yield
        try:
            _, redirect = await self._as_admin(fn, target_type=str(target_type), target_id=int(target_id),
                                               notify=_notify, **extra)
            if redirect is not None:
                yield redirect
                return
            if not self.error:
                self.notice = done
            await self._reload()
        finally:
            self.busy = False

    @rx.event
    @guarded
    async def hide(self, target_type: str, target_id: int):
        async for update in self._decide(queue.hide, target_type, target_id,
                                         "Hidden. The reporters and the owner are being emailed.",
                                         origin=get_settings().public_origin):
            yield update

    @rx.event
    @guarded
    async def dismiss(self, target_type: str, target_id: int):
        async for update in self._decide(queue.dismiss, target_type, target_id,
                                         "Reports dismissed. The reporters are being emailed."):
            yield update

    @rx.event
    @guarded
    async def restore(self, target_type: str, target_id: int):
        async for update in self._decide(queue.restore, target_type, target_id,
                                         "Restored exactly as it was. The owner and reporters are being emailed."):
            yield update
