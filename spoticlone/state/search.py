"""Search page state: the query box, its shareable URL and one page of grouped hits.

Thin on purpose: ``services.search`` does matching and ranking; this turns the query
into a service call (off the event loop) and the DTOs into small flat dicts. The URL
follows the box (``/search?q=...``, replaced in place, no history spam), so a search
can be shared or reloaded, and ``load`` reads it back on page load.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import reflex as rx

from spoticlone import routes
from spoticlone.services import search
from spoticlone.state.common import album_views, call_service, dump, dump_all, track_view, track_views

RESULTS_PER_GROUP = 5


def search_url(query: str) -> str:
    """``/search?q=...`` for a query (just ``/search`` for an empty one)."""
    query = query.strip()
    return f"{routes.SEARCH}?q={quote(query)}" if query else routes.SEARCH


class SearchState(rx.State):
    query: str = ""
    searched: str = ""  # the query the results below belong to
    corrected: str = ""
    top: dict[str, Any] = {}
    tracks: list[dict[str, Any]] = []
    artists: list[dict[str, Any]] = []
    albums: list[dict[str, Any]] = []
    genres: list[dict[str, Any]] = []
    lyrics: list[dict[str, Any]] = []
    total: int = 0

    @rx.var
    def has_query(self) -> bool:
        return bool(self.searched.strip())

    async def _search(self, query: str) -> None:
        query = query[: search.MAX_QUERY_CHARS]
        result = await call_service(search.search, query=query, limit_per_group=RESULTS_PER_GROUP)
        if query != self.query[: search.MAX_QUERY_CHARS]:
            return  # the box changed while this ran; the newer search wins
        self.searched, self.corrected = result.query, result.corrected or ""
        self.top = dump(result.top) if result.top else {}
        self.tracks = track_views(result.tracks)
        self.artists = dump_all(result.artists)
        self.albums = album_views(result.albums)
        self.genres = dump_all(result.genres)
        self.lyrics = [{**track_view(m.track), "snippet": m.snippet} for m in result.lyrics]
        self.total = result.total

    @rx.event
    async def load(self):
        """On page load: search for ``?q=`` (a shared or reloaded link)."""
        self.query = str((self.router.url.query_parameters or {}).get("q", ""))[:search.MAX_QUERY_CHARS]
        await self._search(self.query)

    @rx.event
    async def set_query(self, value: str):
        """The box changed (debounced in the browser): search and mirror it in the URL."""
        self.query = str(value)[: search.MAX_QUERY_CHARS]
        yield rx.call_script(
            f"window.history.replaceState(window.history.state, '', {json.dumps(search_url(self.query))})"
        )
        await self._search(self.query)
