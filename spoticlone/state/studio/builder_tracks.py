"""The album builder's song rows: per-song fields and the track order.

A song's title and ISRC are saved when the field loses focus, its explicit flag and
licence when they change. The order changes by the arrow buttons (keyboard: each is a
button, and focus follows the moved song) or by dragging a row, with a mouse or a finger
(``assets/studio_builder.js`` reads the new order from the list and presses the hidden
``#sc-st-order-go`` button). Both go through ``publishing.reorder_tracks``, which checks
that the order names every song of the release once. The release itself lives in
``StudioState``; results are put there with ``show_release``.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from spoticlone.services.core.errors import DomainError
from spoticlone.services.studio import publishing, release_validation, releases
from spoticlone.state.acting import sign_in_redirect
from spoticlone.state.refusals import needs_sign_in, ui_message
from spoticlone.state.studio.release_views import call_as_user, show_release
from spoticlone.state.studio.releases import StudioState

#: Most ids a dragged order may carry (a release holds at most this many songs).
MAX_ORDER = release_validation.MAX_RELEASE_TRACKS


def focus_script(element_id: str, fallback_id: str) -> str:
    """Move keyboard focus to ``element_id`` (or ``fallback_id`` if that one is disabled)."""
    return (
        f"setTimeout(() => {{ const b = document.getElementById({json.dumps(element_id)}); "
        f"const f = document.getElementById({json.dumps(fallback_id)}); "
        "const t = b && !b.disabled ? b : f; if (t) t.focus(); }, 50)"
    )


class BuilderTracksState(rx.State):
    """Edits to the songs of the release open in the builder."""

    async def _studio(self) -> StudioState:
        return await self.get_state(StudioState)

    def _refused(self, studio: StudioState, exc: DomainError, track_id: int = 0):
        if needs_sign_in(exc):
            return sign_in_redirect(self)
        studio.error, studio.track_error_id = ui_message(exc), track_id
        return None

    async def _edit(self, track_id: Any, **change: Any):
        studio = await self._studio()
        studio.error, studio.notice, studio.track_error_id = "", "", 0
        if not isinstance(track_id, int) or track_id not in {t["id"] for t in studio.tracks}:
            return None
        try:
            await call_as_user(self, publishing.update_track, track_id=track_id, **change)
            await self._read_again(studio)
        except DomainError as exc:
            return self._refused(studio, exc, track_id)
        studio.notice = "Saved."
        return None

    async def _read_again(self, studio: Any) -> None:
        """Show the release as the server has it now, keeping what is typed in its fields."""
        detail = await call_as_user(self, releases.get_release, album_id=studio.release_id)
        show_release(studio, detail, redraw=False)

    async def _current(self, track_id: Any) -> dict[str, Any] | None:
        studio = await self._studio()
        return next((t for t in studio.tracks if t["id"] == track_id), None)

    @rx.event
    async def set_title(self, track_id: Any, value: Any):
        current = await self._current(track_id)
        if current is None or str(value) == current["title"]:
            return None
        return await self._edit(track_id, title=str(value))

    @rx.event
    async def set_isrc(self, track_id: Any, value: Any):
        current = await self._current(track_id)
        if current is None or str(value).strip() == current["isrc"]:
            return None
        return await self._edit(track_id, isrc=str(value) or None)

    @rx.event
    async def set_explicit(self, track_id: Any, value: Any):
        return await self._edit(track_id, explicit=value is True)

    @rx.event
    async def set_licence(self, track_id: Any, value: Any):
        return await self._edit(track_id, licence=str(value))

    async def _reorder(self, studio: StudioState, ids: list[int]) -> bool:
        studio.error, studio.notice = "", ""
        try:
            detail = await call_as_user(self, publishing.reorder_tracks, album_id=studio.release_id, track_ids=ids)
        except DomainError as exc:
            self._refused(studio, exc)
            return False
        show_release(studio, detail, redraw=False)
        return True

    @rx.event
    async def reload(self):
        """Read the release's songs again, keeping what is typed in their fields.

        ``assets/studio_upload.js`` presses the hidden ``#sc-st-reload`` when a song's new
        audio is in place: its length and state changed on the server, not in this page.
        """
        studio = await self._studio()
        if not studio.release_id:
            return None
        try:
            await self._read_again(studio)
        except DomainError as exc:
            return self._refused(studio, exc)
        return None

    @rx.event
    async def move(self, track_id: Any, step: Any):
        """Move a song one place up (``-1``) or down (``1``); focus follows the moved song."""
        studio = await self._studio()
        ids = [t["id"] for t in studio.tracks]
        if track_id not in ids or step not in (-1, 1) or isinstance(step, bool):
            return None
        at = ids.index(track_id)
        to = at + step
        if not 0 <= to < len(ids):
            return None
        ids[at], ids[to] = ids[to], ids[at]
        if not await self._reorder(studio, ids):
            return None
        title = next(t["title"] for t in studio.tracks if t["id"] == track_id)
        studio.notice = f"Moved “{title}” to position {to + 1}."
        ahead, behind = ("up", "down") if step < 0 else ("down", "up")
        return rx.call_script(focus_script(f"sc-st-{ahead}-{track_id}", f"sc-st-{behind}-{track_id}"))

    @rx.event
    async def reorder(self, order: Any):
        """The order left by a drag and drop: the songs' ids, first to last.

        Anything that is not a list of this release's song ids, each once, is ignored (the
        list is redrawn as saved); the service checks the order again.
        """
        studio = await self._studio()
        current = [t["id"] for t in studio.tracks]
        if not isinstance(order, list) or len(order) > MAX_ORDER:
            return None
        ids = [int(i) for i in order if isinstance(i, (int, str)) and not isinstance(i, bool) and str(i).isdigit()]
        if sorted(ids) != sorted(current) or len(ids) != len(order):
            studio.form_version += 1
            return None
        if ids == current:
            return None
        if await self._reorder(studio, ids):
            studio.notice = "New order saved."
        return None
