""""Not interested" from a track row's menu, its Undo, and the settings list of hidden items.

Hiding goes through ``services.discovery.preferences`` (deleted from the stored
recommendations in the same transaction, never ranked again). So that the track leaves the
list the listener is looking at at once, the recommendation lists already loaded in this
browser (a mix, Home's picks, "Similar tracks") drop it here too; a reload asks the service,
which leaves it out for good. Undo puts the rows back where they were.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.discovery import hidden, preferences
from spoticlone.state.acting import act
from spoticlone.state.common import dump_all
from spoticlone.state.discovery.mixes import MadeForYouState, MixState
from spoticlone.state.discovery.similar import SimilarTracksState


def _valid_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


class NotInterestedState(rx.State):
    """The listener's hidden tracks and artists (settings) and the last hide, for Undo."""

    items: list[dict[str, Any]] = []
    loaded: bool = False
    error: str = ""
    #: The last hide, so the toast's Undo knows what to bring back.
    _undo_kind: str = ""
    _undo_id: int = 0
    #: Rows the last hide took out of loaded lists: (list number, index, row).
    _removed: list[tuple[int, int, dict[str, Any]]] = []

    async def _lists(self) -> list[tuple[rx.State, str]]:
        """The recommendation lists loaded in this browser, as (state, var name)."""
        return [(await self.get_state(MixState), "tracks"), (await self.get_state(MadeForYouState), "picks"),
                (await self.get_state(SimilarTracksState), "tracks")]

    async def _prune(self, *, track_id: int | None = None, artist_name: str | None = None) -> None:
        """Drop the hidden rows from every loaded list, remembering where they were for Undo."""
        self._removed = []
        for number, (state, name) in enumerate(await self._lists()):
            rows = [dict(r) for r in getattr(state, name)]
            gone = [i for i, row in enumerate(rows) if (row.get("id") == track_id if track_id is not None
                                                        else row.get("artist_name") == artist_name)]
            self._removed += [(number, i, rows[i]) for i in gone]
            if gone:
                kept = [row for i, row in enumerate(rows) if i not in gone]
                setattr(state, name, kept)
                if isinstance(state, MixState):
                    state.mix = {**state.mix, "track_count": len(kept)}

    async def _restore(self) -> None:
        lists = await self._lists()
        for number, index, row in self._removed:
            state, name = lists[number]
            rows = list(getattr(state, name))
            rows.insert(min(index, len(rows)), row)
            setattr(state, name, rows)
            if isinstance(state, MixState):
                state.mix = {**state.mix, "track_count": len(rows)}
        self._removed = []

    def _undo_toast(self, message: str):
        return rx.toast(message, action={"label": "Undo", "on_click": NotInterestedState.undo},
                        duration=8000)

    @rx.event
    async def hide_track(self, track_id: int, title: str = ""):
        """"Not interested" in this track: gone from recommendations now and later."""
        if not _valid_id(track_id):
            return rx.toast.error("That track does not exist.")
        _, redirect = await act(self, preferences.mark_not_interested, track_id=track_id)
        if redirect is not None:
            return redirect
        if self.error:
            return rx.toast.error(self.error)
        self._undo_kind, self._undo_id = "track", track_id
        await self._prune(track_id=track_id)
        name = str(title)[:200]
        return self._undo_toast(f"You won\u2019t be recommended \u201c{name}\u201d." if name
                                else "You won\u2019t be recommended that track.")

    @rx.event
    async def hide_artist(self, track_id: int):
        """"Not interested in <artist>" from one of their tracks."""
        if not _valid_id(track_id):
            return rx.toast.error("That track does not exist.")
        result, redirect = await act(self, hidden.hide_artist_of_track, track_id=track_id)
        if redirect is not None:
            return redirect
        if self.error or result is None:
            return rx.toast.error(self.error or "That track does not exist.")
        self._undo_kind, self._undo_id = "artist", result.artist_id
        await self._prune(artist_name=result.name)
        return self._undo_toast(f"You won\u2019t be recommended {result.name or 'that artist'}.")

    @rx.event
    async def undo(self):
        """Bring back what was just hidden (it can be recommended again from the next refresh)."""
        if not self._undo_id:
            return None
        kind, target = self._undo_kind, self._undo_id
        self._undo_kind, self._undo_id = "", 0
        await self.remove(kind, target)
        if self.error:
            return rx.toast.error(self.error)
        await self._restore()
        return rx.toast("Undone.")

    @rx.event
    async def load(self):
        """The settings list (a signed-out visitor gets an empty one; the page asks to sign in)."""
        found, _ = await act(self, hidden.hidden_items)
        self.items = dump_all(found or [])
        self.loaded = True

    @rx.event
    async def remove(self, kind: str, target: int):
        """Stop hiding a track or an artist."""
        if kind not in ("track", "artist") or not _valid_id(target):
            self.error = "That item is not hidden."
            return None
        args = {"track_id": target} if kind == "track" else {"artist_id": target}
        _, redirect = await act(self, preferences.undo_not_interested, **args)
        if redirect is not None:
            return redirect
        if not self.error:
            self.items = [i for i in self.items if not (i.get("kind") == kind and i.get("id") == target)]
        return None
