"""Search page state: the query box, its shareable URL and one page of grouped hits.

Thin on purpose: ``services.search.engine`` does matching and ranking (through
``catalog.search_reads``, which shares the answers between listeners); this turns the query
into a service call (off the event loop) and the DTOs into small flat dicts. The URL
follows the box (``/search?q=...``, replaced in place, no history spam), so a search
can be shared or reloaded, and ``load`` reads it back on page load.

With an empty box the page offers genre tiles to everyone and, to a signed-in listener,
their recent searches (``services.search.recent``). A query is remembered only when
the listener commits to it: pressing Enter, opening or playing one of its results, or
picking it from the list again. Not on every debounced change: the box searches after
250 ms of quiet, mid-word ("kett", "kettl"), so those fragments would crowd out the
searches the listener meant, and a query with no results is not worth offering back.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import reflex as rx

from spoticlone import routes
from spoticlone.services.catalog import browse, search_reads
from spoticlone.services.core.errors import DomainError
from spoticlone.services.search import engine, recent as search_recent
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.common import album_views, call_service, dump, dump_all, track_view, track_views

RESULTS_PER_GROUP = 5
GENRE_TILES = 12  # the most-used genres; "Show all" leads to /browse for the rest


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
    tiles: list[dict[str, Any]] = []  # genre tiles for the empty page
    recent: list[str] = []  # the signed-in listener's recent searches, newest first

    @rx.var
    def has_query(self) -> bool:
        return bool(self.searched.strip())

    async def _search(self, query: str) -> None:
        query = query[: engine.MAX_QUERY_CHARS]
        result = await call_service(search_reads.search, query=query, limit_per_group=RESULTS_PER_GROUP)
        if query != self.query[: engine.MAX_QUERY_CHARS]:
            return  # the box changed while this ran; the newer search wins
        self.searched, self.corrected = result.query, result.corrected or ""
        self.top = dump(result.top) if result.top else {}
        self.tracks = track_views(result.tracks)
        self.artists = dump_all(result.artists)
        self.albums = album_views(result.albums)
        self.genres = dump_all(result.genres)
        self.lyrics = [{**track_view(m.track), "snippet": m.snippet} for m in result.lyrics]
        self.total = result.total

    async def _load_start(self) -> None:
        """What the empty page shows: genre tiles, and the listener's recent searches."""
        genres = await call_service(browse.list_genres, page=1, page_size=GENRE_TILES)
        self.tiles = dump_all(genres.items)
        user_id = await signed_in_user_id(self)
        self.recent = []
        if user_id is not None:
            try:
                listed = await call_service(as_actor(search_recent.list_recent), user_id=user_id)
            except DomainError:  # a suspended account: nothing to offer
                return
            self.recent = [i.query for i in listed.items]

    async def _remember(self, query: str) -> None:
        """Record ``query`` for the signed-in listener (anonymous visitors: nothing)."""
        if not search_recent.tidy(query):
            return
        user_id = await signed_in_user_id(self)
        if user_id is None:
            return
        try:
            listed = await call_service(as_actor(search_recent.record), user_id=user_id, query=query)
        except DomainError:
            return
        self.recent = [i.query for i in listed.items]

    @rx.event
    async def load(self):
        """On page load: search for ``?q=`` (a shared or reloaded link)."""
        self.query = str((self.router.url.query_parameters or {}).get("q", ""))[:engine.MAX_QUERY_CHARS]
        await self._search(self.query)
        await self._load_start()

    def _mirror_url(self) -> rx.event.EventSpec:
        return rx.call_script(
            f"window.history.replaceState(window.history.state, '', {json.dumps(search_url(self.query))})"
        )

    @rx.event
    async def set_query(self, value: str):
        """The box changed (debounced in the browser): search and mirror it in the URL.

        The URL follows with the results, in one update: the page already shows what is
        typed, and a second update per keystroke paid a whole delta and send of its own.
        """
        self.query = str(value)[: engine.MAX_QUERY_CHARS]
        await self._search(self.query)
        return self._mirror_url()

    @rx.event
    async def commit(self, form_data: dict[str, Any]):
        """Enter in the box: search for exactly what is typed now, and remember it if it found something.

        The box is debounced, so Enter can come before the last change reached the server;
        the submitted form carries the text as it is.
        """
        sent = form_data.get("q", self.query) if isinstance(form_data, dict) else self.query
        typed = str(sent)[: engine.MAX_QUERY_CHARS]
        if typed != self.query or typed != self.searched:
            self.query = typed
            yield self._mirror_url()
            await self._search(typed)
        if self.has_query and self.total > 0:
            await self._remember(self.searched)

    @rx.event
    async def opened_result(self):
        """A click on a result (open or play): the listener found what they searched for."""
        if self.has_query and self.total > 0:
            await self._remember(self.searched)

    @rx.event
    async def use_recent(self, query: str):
        """A recent search picked from the list: run it again and move it to the top."""
        self.query = str(query)[: engine.MAX_QUERY_CHARS]
        yield self._mirror_url()
        await self._search(self.query)
        if self.has_query and self.total > 0:
            await self._remember(self.query)

    @rx.event
    async def clear_recent(self):
        """The "Clear" button: forget this listener's recent searches."""
        user_id = await signed_in_user_id(self)
        self.recent = []
        if user_id is not None:
            try:
                await call_service(as_actor(search_recent.clear), user_id=user_id)
            except DomainError:
                pass  # a suspended account has no list to clear
