"""The Your Library page (``/library``) and its Liked Songs view (``/library?view=liked``).

Filtering and sorting happen in ``services.library.collection.library_overview`` (one place for
the rules, shared with ``GET /api/v1/me/library``); this state only keeps the chosen
chip, text and sort and shows one page of results.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.core.errors import DomainError
from spoticlone.services.library import collection
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.common import call_service, page_number, track_views
from spoticlone.state.refusals import ui_message

PAGE_SIZE = 100
LIKED_PAGE_SIZE = 100
KINDS = {"all": None, "playlist": "playlist", "album": "album", "artist": "artist"}
SORTS = {"played": "Recents", "recent": "Recently added", "name": "Alphabetical", "creator": "Creator"}
LIKED_TITLE = "liked songs"


def item_view(item: Any) -> dict[str, Any]:
    """A library item as a flat dict for a card: a subtitle, a badge, round for artists."""
    data = item.model_dump(mode="json")
    data["image_url"] = data.get("image_url") or ""
    data["round"] = item.kind == "artist"
    # Only playlists need telling apart (yours, shared with you, someone else's you follow).
    labels = {"collaborative": "Collaborative", "followed": "Following"}
    data["badge"] = labels.get(item.relation, "") if item.kind == "playlist" else ""
    if item.kind == "album":
        data["subtitle"] = f"Album • {item.creator}"
    elif item.kind == "artist":
        data["subtitle"] = "Artist"
    elif item.relation == "own":
        data["subtitle"] = "Playlist • You"
    else:
        data["subtitle"] = f"Playlist • {item.creator}"
    return data


class LibraryPageState(rx.State):
    """What the library page shows; ``view`` is "" (everything) or "liked"."""

    loaded: bool = False
    view: str = ""
    kind: str = "all"
    text: str = ""
    sort: str = "played"
    items: list[dict[str, Any]] = []
    total: int = 0
    liked_count: int = 0
    liked_tracks: list[dict[str, Any]] = []
    liked_page: int = 1
    error: str = ""

    @rx.var
    def show_liked_tile(self) -> bool:
        """Liked Songs leads the list under All and Playlists, unless the text rules it out."""
        needle = self.text.strip().casefold()
        return self.kind in ("all", "playlist") and (not needle or needle in LIKED_TITLE)

    @rx.var
    def liked_pages(self) -> int:
        return max(1, -(-self.liked_count // LIKED_PAGE_SIZE))

    @rx.var
    def nothing_saved(self) -> bool:
        """An empty library (not merely an empty filter result)."""
        return self.loaded and self.total == 0 and self.liked_count == 0 and self.kind == "all" and not self.text

    @rx.event
    async def load(self):
        """``on_load``: the overview, or a page of liked songs for ``?view=liked``."""
        query = self.router.url.query_parameters or {}
        self.view = "liked" if str(query.get("view", "")) == "liked" else ""
        self.liked_page = page_number(query)
        self.error = ""
        if self.view == "liked":
            await self._load_liked()
        else:
            await self._load_overview()

    async def _load_overview(self):
        user_id = await signed_in_user_id(self)
        if not user_id:
            self.items, self.total, self.liked_count, self.loaded = [], 0, 0, False
            return
        try:
            overview = await call_service(as_actor(collection.library_overview), user_id=user_id, sort=self.sort,
                                          text=self.text, kind=KINDS.get(self.kind), page_size=PAGE_SIZE)
        except DomainError as exc:
            self.error = ui_message(exc)
            return
        self.items = [item_view(i) for i in overview.items]
        self.total, self.liked_count, self.loaded = overview.total, overview.liked_count, True

    async def _load_liked(self):
        user_id = await signed_in_user_id(self)
        if not user_id:
            self.liked_tracks, self.liked_count, self.loaded = [], 0, False
            return
        try:
            page = await call_service(as_actor(collection.liked_songs), user_id=user_id, page=self.liked_page,
                                      page_size=LIKED_PAGE_SIZE)
        except DomainError as exc:
            self.error = ui_message(exc)
            return
        self.liked_tracks, self.liked_count, self.loaded = track_views(page.items), page.total, True

    @rx.event
    async def choose_kind(self, kind: str):
        self.kind = kind if kind in KINDS else "all"
        await self._load_overview()

    @rx.event
    async def choose_sort(self, sort: str):
        self.sort = sort if sort in SORTS else "played"
        await self._load_overview()

    @rx.event
    async def filter_text(self, text: str):
        self.text = str(text or "")[: collection.FILTER_MAX]
        await self._load_overview()
