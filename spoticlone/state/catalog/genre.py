"""Genre page: the genre, a shelf of its albums and its tracks, paginated."""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.branding import page_title as document_title
from spoticlone.services.catalog import browse
from spoticlone.services.core.errors import NotFound
from spoticlone.state.common import album_views, call_service, dump, page_number, track_views

TRACKS_PER_PAGE = 20
ALBUMS_SHOWN = 12


class GenreState(rx.State):
    """Reads the ``genre_slug`` route param (a root-state var, never redeclared here)."""

    genre: dict[str, Any] = {}
    albums: list[dict[str, Any]] = []
    tracks: list[dict[str, Any]] = []
    page: int = 1
    pages: int = 1
    loaded_slug: str = ""
    not_found: bool = False

    @rx.var
    def ready(self) -> bool:
        return bool(self.genre)

    @rx.var
    def page_title(self) -> str:
        name = self.genre.get("name") if not self.not_found else "Not found"
        return document_title(name or "Genre")

    @rx.event
    async def load(self):
        slug = str(self.genre_slug or "").strip().lower()
        wanted = page_number(self.router.url.query_parameters)
        if slug != self.loaded_slug:
            self.genre, self.albums, self.tracks, self.not_found = {}, [], [], False
            yield
        try:
            genre = await call_service(browse.get_genre, slug=slug)
            albums = await call_service(browse.list_albums, genre_slug=slug, page_size=ALBUMS_SHOWN)
            tracks = await call_service(
                browse.list_tracks, genre_slug=slug, page=wanted, page_size=TRACKS_PER_PAGE
            )
        except NotFound:
            self.not_found, self.loaded_slug = True, slug
            return
        self.genre, self.albums, self.tracks = dump(genre), album_views(albums.items), track_views(tracks.items)
        self.page, self.pages = tracks.page, tracks.pages
        self.not_found, self.loaded_slug = False, slug
