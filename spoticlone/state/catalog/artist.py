"""Artist page: header, top tracks and discography."""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.branding import page_title as document_title
from spoticlone.services.catalog import browse
from spoticlone.services.core.errors import NotFound
from spoticlone.state.common import album_views, call_service, dump, track_views


class ArtistState(rx.State):
    """Reads the ``artist_slug`` route param (a root-state var, never redeclared here)."""

    artist: dict[str, Any] = {}
    top_tracks: list[dict[str, Any]] = []
    albums: list[dict[str, Any]] = []
    loaded_slug: str = ""
    not_found: bool = False

    @rx.var
    def ready(self) -> bool:
        return bool(self.artist)

    @rx.var
    def page_title(self) -> str:
        name = self.artist.get("name") if not self.not_found else "Not found"
        return document_title(name or "Artist")

    @rx.event
    async def load(self):
        slug = str(self.artist_slug or "").strip().lower()
        if slug != self.loaded_slug:
            self.artist, self.top_tracks, self.albums, self.not_found = {}, [], [], False
            yield
        try:
            detail = await call_service(browse.get_artist, slug=slug, top_tracks=10)
        except NotFound:
            self.not_found, self.loaded_slug = True, slug
            return
        self.artist = dump(detail.artist)
        self.top_tracks = track_views(detail.top_tracks)
        self.albums = album_views(detail.albums)
        self.not_found, self.loaded_slug = False, slug
