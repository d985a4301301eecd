"""Browse page: every genre with published music, one page of tiles at a time."""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.catalog import browse
from spoticlone.state.common import call_service, dump_all, page_number

GENRES_PER_PAGE = 24


class BrowseState(rx.State):
    genres: list[dict[str, Any]] = []
    page: int = 1
    pages: int = 1
    total: int = 0
    loaded: bool = False

    @rx.event
    async def load(self):
        wanted = page_number(self.router.url.query_parameters)
        result = await call_service(browse.list_genres, page=wanted, page_size=GENRES_PER_PAGE)
        if not result.items and wanted > 1:
            # Past the end (an old link): show the last page instead of an empty grid.
            wanted = result.pages
            result = await call_service(browse.list_genres, page=wanted, page_size=GENRES_PER_PAGE)
        self.genres = dump_all(result.items)
        self.page, self.pages, self.total = result.page, result.pages, result.total
        self.loaded = True
