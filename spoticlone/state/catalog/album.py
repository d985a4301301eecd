"""Album page: cover, facts and the full tracklist."""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.branding import page_title as document_title
from spoticlone.services.catalog import browse
from spoticlone.services.core.errors import NotFound
from spoticlone.state.common import album_view, call_service, track_views


def _long_duration(ms: int) -> str:
    minutes, seconds = divmod(max(0, ms) // 1000, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} hr {minutes} min"
    return f"{minutes} min {seconds} sec"


class AlbumState(rx.State):
    """Reads the ``album_ref`` route param ("<id>-<slug>"; only the id matters)."""

    album: dict[str, Any] = {}
    tracks: list[dict[str, Any]] = []
    loaded_ref: str = ""
    not_found: bool = False

    @rx.var
    def ready(self) -> bool:
        return bool(self.album)

    @rx.var
    def page_title(self) -> str:
        if self.not_found:
            return document_title("Not found")
        title = self.album.get("title")
        artist = self.album.get("artist_name")
        return document_title(f"{title} - {artist}" if title else "Album")

    @rx.var
    def total_length(self) -> str:
        return _long_duration(int(self.album.get("duration_ms") or 0))

    @rx.event
    async def load(self):
        ref = str(self.album_ref or "")
        if ref != self.loaded_ref:
            self.album, self.tracks, self.not_found = {}, [], False
            yield
        album_id = routes.parse_ref(ref)
        try:
            if album_id is None:
                raise NotFound("Malformed album reference.")
            detail = await call_service(browse.get_album, album_id=album_id)
        except NotFound:
            self.not_found, self.loaded_ref = True, ref
            return
        self.album, self.tracks = album_view(detail.album), track_views(detail.tracks)
        self.not_found, self.loaded_ref = False, ref
