"""Home's "Made for you" shelf and the mix page (``/mix/[mix_id]``).

Mixes are personal: a signed-out visitor sees no shelf and is sent to sign in from a mix
page. The page plays like a playlist, saves the mix as a playlist (through the playlist
service, so its rules apply) and hides a track the listener is not interested in at once.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.branding import page_title as document_title
from spoticlone.services.core.errors import DomainError, NotFound
from spoticlone.services.discovery import mixes, preferences
from spoticlone.state.acting import act, as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import assign_changed, call_service, dump, dump_all, track_views
from spoticlone.state.safety import guarded

#: How many "Recommended for you" tracks Home shows.
PICKS_SHOWN = 6


class MadeForYouState(rx.State):
    """Home's mix cards, a few recommended tracks and whether to offer the taste picker."""

    mixes: list[dict[str, Any]] = []
    picks: list[dict[str, Any]] = []
    picks_title: str = "Recommended for you"
    needs_tastes: bool = False

    @rx.event
    async def load(self):
        user_id = await signed_in_user_id(self)
        if user_id is None:
            assign_changed(self, mixes=[], picks=[], needs_tastes=False)
            return
        try:
            shelf = await call_service(as_actor(mixes.home_shelf), user_id=user_id, picks=PICKS_SHOWN)
        except DomainError:  # e.g. the account was suspended since the page loaded
            assign_changed(self, mixes=[], picks=[], needs_tastes=False)
            return
        because = next((p.reason for p in shelf.picks if p.reason.startswith("Because you")), "")
        assign_changed(self, mixes=dump_all(shelf.mixes), picks=track_views([p.track for p in shelf.picks]),
                       picks_title=because or "Recommended for you", needs_tastes=shelf.needs_tastes)


class MixState(rx.State):
    """The mix shown on ``/mix/[mix_id]`` and the listener's actions on it."""

    mix: dict[str, Any] = {}
    tracks: list[dict[str, Any]] = []
    not_found: bool = False
    error: str = ""
    notice: str = ""
    saved_url: str = ""

    @rx.var
    def ready(self) -> bool:
        return bool(self.mix)

    @rx.var
    def page_title(self) -> str:
        if self.not_found:
            return document_title("Not found")
        return document_title(self.mix.get("title") or "Mix")

    def _mix_id(self) -> str:
        return str(self.mix_id or "")[:60]  # type: ignore[attr-defined]  # the route's param on the root state

    @rx.event
    @guarded
    async def load(self):
        self.error = self.notice = self.saved_url = ""
        mix_id = self._mix_id()
        if self.mix.get("id") != mix_id:
            self.mix, self.tracks, self.not_found = {}, [], False
        user_id = await signed_in_user_id(self)
        if user_id is None:
            return sign_in_redirect(self)
        try:
            detail = await call_service(as_actor(mixes.get_mix), user_id=user_id, mix_id=mix_id)
        except NotFound:
            self.mix, self.tracks, self.not_found = {}, [], True
            return None
        self.mix = dump(detail.mix)
        self.tracks = track_views(detail.tracks)
        self.not_found = False
        return None

    @rx.event
    @guarded
    async def save(self):
        """Save the mix as a new private playlist and link to it."""
        self.saved_url = ""
        playlist, redirect = await act(self, mixes.save_mix, mix_id=self._mix_id())
        if redirect is not None or playlist is None:
            return redirect
        self.notice = f"Saved to your library as \u201c{playlist.name}\u201d."
        self.saved_url = playlist.url
        return None

    @rx.event
    @guarded
    async def not_interested(self, track_id: int):
        """Hide a track from this listener's mixes and recommendations; it leaves the list at once."""
        if isinstance(track_id, bool) or not isinstance(track_id, int) or not 0 < track_id < 2**63:
            self.error = "That track does not exist."
            return None
        _, redirect = await act(self, preferences.mark_not_interested, track_id=track_id)
        if redirect is not None:
            return redirect
        if not self.error:
            self.tracks = [t for t in self.tracks if t.get("id") != track_id]
            self.mix = {**self.mix, "track_count": len(self.tracks)}
            self.notice = "Got it: you will not hear that track in your mixes."
        return None
