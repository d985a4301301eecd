"""``/playlists``: public playlists by popularity or newest, narrowed by genre or artist.

The filters travel in the query string (``?genre=ambient``, ``?artist=hollow-pines``,
``?order=newest``, ``?page=2``) so every view is a shareable link and the page's
``on_load`` reloads it; ``services.library.playlists.browse`` does the choosing.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.catalog import browse
from spoticlone.services.core.errors import DomainError
from spoticlone.services.library.playlists import browse as playlists_browse
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.common import call_service, page_number
from spoticlone.state.library.playlist import playlist_view
from spoticlone.state.refusals import ui_message

PER_PAGE = 24
FILTER_CHIPS = 50


def _chips(session) -> dict[str, list[dict[str, Any]]]:
    genres = browse.list_genres(session, page_size=FILTER_CHIPS).items
    artists = browse.list_artists(session, page_size=FILTER_CHIPS).items
    return {
        "genres": [{"slug": g.slug, "name": g.name} for g in genres],
        "artists": [{"slug": a.slug, "name": a.name} for a in artists],
    }


class PlaylistsBrowseState(rx.State):
    playlists: list[dict[str, Any]] = []
    genres: list[dict[str, Any]] = []
    artists: list[dict[str, Any]] = []
    genre: str = ""
    artist: str = ""
    order: str = "popular"
    page: int = 1
    pages: int = 1
    total: int = 0
    loaded: bool = False
    error: str = ""

    @rx.var
    def tab(self) -> str:
        if self.genre:
            return "genre"
        if self.artist:
            return "artist"
        return self.order

    @rx.var
    def genre_tab_href(self) -> str:
        slug = self.genre or (self.genres[0]["slug"] if self.genres else "")
        return f"/playlists?genre={slug}" if slug else "/playlists"

    @rx.var
    def artist_tab_href(self) -> str:
        slug = self.artist or (self.artists[0]["slug"] if self.artists else "")
        return f"/playlists?artist={slug}" if slug else "/playlists"

    @rx.var
    def base_url(self) -> str:
        """This view's address ready for ``page=N`` to be appended (the pager adds it)."""
        params = [f"{k}={v}" for k, v in (("genre", self.genre), ("artist", self.artist)) if v]
        if self.order != "popular":
            params.append(f"order={self.order}")
        return "/playlists" + ("?" + "&".join(params) + "&" if params else "?")

    @rx.event
    async def load(self):
        query = self.router.url.query_parameters or {}
        self.genre = str(query.get("genre") or "")[:80]
        self.artist = str(query.get("artist") or "")[:80]
        self.order = "newest" if query.get("order") == "newest" else "popular"
        self.error = ""
        if not self.genres:
            chips = await call_service(_chips)
            self.genres, self.artists = chips["genres"], chips["artists"]
        user_id = await signed_in_user_id(self)
        try:
            result = await call_service(
                as_actor(playlists_browse.browse_playlists), user_id=user_id,
                genre=self.genre or None, artist=self.artist or None, order=self.order,
                page=page_number(query), page_size=PER_PAGE,
            )
        except DomainError as exc:
            self.playlists, self.total, self.page, self.pages = [], 0, 1, 1
            self.error, self.loaded = ui_message(exc), True
            return
        self.playlists = [playlist_view(p) for p in result.items]
        self.page, self.total = result.page, result.total
        self.pages = max(1, -(-result.total // PER_PAGE))
        self.loaded = True

