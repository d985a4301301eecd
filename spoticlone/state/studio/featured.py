"""The album builder's featured artists: find an artist by name, add them to a song, remove them.

One song's search is open at a time (``track_id``). The service decides everything (who
may edit, no duplicates, not the song's own artist, at most ten); its refusal shows
under that song's featured artists.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.core.errors import DomainError
from spoticlone.services.studio import featured, releases
from spoticlone.state.acting import sign_in_redirect
from spoticlone.state.refusals import needs_sign_in, ui_message
from spoticlone.state.studio.release_views import call_as_user, show_release
from spoticlone.state.studio.releases import StudioState


class FeaturedState(rx.State):
    """The featured-artist search of one song in the builder."""

    track_id: int = 0
    query: str = ""
    results: list[dict[str, Any]] = []
    error: str = ""
    searched: bool = False

    def _refused(self, exc: DomainError):
        if needs_sign_in(exc):
            return sign_in_redirect(self)
        self.error = ui_message(exc)
        return None

    async def _song_ids(self) -> set[int]:
        return {t["id"] for t in (await self.get_state(StudioState)).tracks}

    @rx.event
    async def open_for(self, track_id: Any):
        """Open the search under song ``track_id`` (closing any other)."""
        if isinstance(track_id, bool) or track_id not in await self._song_ids():
            return None
        self.track_id, self.query, self.results, self.error, self.searched = track_id, "", [], "", False
        field = f"sc-st-f-{int(track_id)}"
        return rx.call_script(f"setTimeout(() => {{ const f = document.getElementById('{field}'); "
                              "if (f) f.focus(); }, 50)")

    @rx.event
    def close(self):
        self.track_id, self.query, self.results, self.error, self.searched = 0, "", [], "", False

    @rx.event
    async def search(self, form: Any):
        """Artists whose name contains what was typed (the search form's ``q``)."""
        value = form.get("q", "") if isinstance(form, dict) else ""
        self.query, self.error = str(value or "")[:200], ""
        if not self.query.strip():
            self.results, self.searched = [], False
            return None
        try:
            found = await call_as_user(self, featured.search_artists, query=self.query, limit=8)
        except DomainError as exc:
            self.results = []
            return self._refused(exc)
        self.results = [{"id": a.id, "name": a.name, "verified": a.verified} for a in found]
        self.searched = True
        return None

    async def _change(self, fn: Any, track_id: Any, artist_id: Any, notice: str):
        self.error = ""
        if isinstance(artist_id, bool) or not isinstance(artist_id, int) or track_id not in await self._song_ids():
            return None
        studio = await self.get_state(StudioState)
        try:
            await call_as_user(self, fn, track_id=track_id, artist_id=artist_id)
            detail = await call_as_user(self, releases.get_release, album_id=studio.release_id)
        except DomainError as exc:
            self.track_id = track_id
            return self._refused(exc)
        show_release(studio, detail, redraw=False)
        studio.error, studio.notice = "", notice
        return None

    @rx.event
    async def add(self, artist_id: Any):
        """Feature the chosen artist on the song whose search is open."""
        name = next((r["name"] for r in self.results if r["id"] == artist_id), "The artist")
        result = await self._change(featured.add_featured, self.track_id, artist_id, f"{name} is featured now.")
        if not self.error:
            self.query, self.results, self.searched = "", [], False
        return result

    @rx.event
    async def remove(self, track_id: Any, artist_id: Any):
        return await self._change(featured.remove_featured, track_id, artist_id, "Featured artist removed.")
