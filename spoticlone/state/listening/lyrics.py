"""The side panels opened from the player bar (queue or lyrics) and the lyrics they show.

The current synced line is highlighted in the browser (``assets/player.js`` compares the
audio element's ``currentTime`` with each line's ``data-lyric-time`` on every
``timeupdate``), not here: a state-side index would cost a websocket round trip several
times a second per listener and would lag the audio by that round trip.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.catalog import lyrics as lyrics_service
from spoticlone.services.core.errors import NotFound
from spoticlone.state.common import call_service
from spoticlone.state.listening.player import PlayerState

PANELS = ("queue", "lyrics")


def _line(line: Any) -> dict[str, Any]:
    get = line.get if isinstance(line, dict) else lambda key: getattr(line, key, None)
    # An empty timed line marks an instrumental gap; show a note so it can be highlighted.
    return {"time_ms": max(0, int(get("time_ms") or 0)), "text": str(get("text") or "") or "\u266a"}


class LyricsState(rx.State):
    """Lyrics of the current track: synced lines, or plain text, or nothing."""

    track_id: int = 0
    synced: bool = False
    lines: list[dict[str, Any]] = []
    plain: str = ""
    has_lyrics: bool = False
    loading: bool = False

    async def load_for(self, track_id: int) -> list[rx.event.EventSpec]:
        """Fetch lyrics for ``track_id`` unless they are already shown."""
        if track_id == self.track_id and not self.loading:
            return [rx.call_script("window.scPlayer && window.scPlayer.refreshLyrics()")]
        self.track_id, self.loading = track_id, True
        self.lines, self.plain, self.synced, self.has_lyrics = [], "", False, False
        if track_id:
            try:
                found = await call_service(lyrics_service.lyrics_for_track, track_id=track_id)
            except NotFound:
                found = None
            if found is not None and found.has_lyrics:
                self.synced = bool(found.synced)
                self.lines = [_line(line) for line in found.lines] if found.synced else []
                self.plain = "" if found.synced else str(found.plain or "")
                self.has_lyrics = bool(self.lines or self.plain.strip())
        self.loading = False
        return [rx.call_script("window.scPlayer && window.scPlayer.refreshLyrics()")]


class PanelState(rx.State):
    """Which panel is open beside the player bar ("", "queue" or "lyrics"), and whether
    the phone's full-screen now-playing view is open (panels then open over it)."""

    panel: str = ""
    expanded: bool = False

    @rx.event
    def expand(self):
        self.expanded = True

    @rx.event
    def collapse(self):
        self.expanded, self.panel = False, ""

    @rx.event
    async def toggle(self, name: str):
        self.panel = "" if self.panel == name or name not in PANELS else name
        if self.panel == "lyrics":
            return await self.refresh_lyrics()
        return None

    @rx.event
    def close(self):
        self.panel = ""

    async def refresh_lyrics(self) -> list[rx.event.EventSpec] | None:
        """Load the current track's lyrics when the lyrics panel is open."""
        if self.panel != "lyrics":
            return None
        player = await self.get_state(PlayerState)
        lyrics = await self.get_state(LyricsState)
        return await lyrics.load_for(player.current_id)
