"""Track page: cover, credits, audio facts and plain-text lyrics."""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.branding import page_title as document_title
from spoticlone.services.catalog import browse
from spoticlone.services.core.errors import NotFound
from spoticlone.state.common import call_service, track_view


class TrackState(rx.State):
    """Reads the ``track_ref`` route param ("<id>-<slug>"; only the id matters)."""

    track: dict[str, Any] = {}
    loaded_ref: str = ""
    not_found: bool = False

    @rx.var
    def page_title(self) -> str:
        if self.not_found:
            return document_title("Not found")
        title = self.track.get("title")
        artist = self.track.get("artist_name")
        return document_title(f"{title} - {artist}" if title else "Track")

    @rx.var
    def ready(self) -> bool:
        return bool(self.track)

    @rx.var
    def quality(self) -> str:
        """Format facts that are known, e.g. ``FLAC · 44.1 kHz · 900 kbps``."""
        parts = [str(self.track.get("audio_format") or "").upper()]
        if self.track.get("sample_rate"):
            parts.append(f"{self.track['sample_rate'] / 1000:g} kHz")
        if self.track.get("bitrate"):
            parts.append(f"{round(self.track['bitrate'] / 1000)} kbps")
        return " · ".join(p for p in parts if p)

    @rx.event
    async def load(self):
        ref = str(self.track_ref or "")
        if ref != self.loaded_ref:
            self.track, self.not_found = {}, False
            yield
        track_id = routes.parse_ref(ref)
        try:
            if track_id is None:
                raise NotFound("Malformed track reference.")
            detail = await call_service(browse.get_track, track_id=track_id)
        except NotFound:
            self.not_found, self.loaded_ref = True, ref
            return
        self.track = track_view(detail)
        self.not_found, self.loaded_ref = False, ref
