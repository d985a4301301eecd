"""The onboarding taste picker (``/welcome/tastes``): a few genres and artists, skippable.

The choices and the current picks come from the service; toggling a chip changes only this
page's selection, and "Done" saves it through ``preferences.set_taste_picks`` (which refuses
unknown ids and more than 20 of each).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.services.discovery import preferences
from spoticlone.state.acting import act, as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import call_service, dump_all
from spoticlone.state.safety import guarded


class TastePickerState(rx.State):
    """What the picker offers, what is chosen, and where to go after."""

    genres: list[dict[str, Any]] = []
    artists: list[dict[str, Any]] = []
    genre_ids: list[int] = []
    artist_ids: list[int] = []
    loaded: bool = False
    error: str = ""

    @rx.var
    def picked_count(self) -> int:
        return len(self.genre_ids) + len(self.artist_ids)

    @rx.event
    @guarded
    async def load(self):
        self.error = ""
        user_id = await signed_in_user_id(self)
        if user_id is None:
            return sign_in_redirect(self)
        choices = await call_service(as_actor(preferences.taste_choices), user_id=user_id)
        self.genres = dump_all(choices.genres)
        self.artists = dump_all(choices.artists)
        self.genre_ids, self.artist_ids = list(choices.genre_ids), list(choices.artist_ids)
        self.loaded = True
        return None

    @rx.event
    def toggle_genre(self, genre_id: int):
        self.genre_ids = _toggled(self.genre_ids, genre_id, {g["id"] for g in self.genres})

    @rx.event
    def toggle_artist(self, artist_id: int):
        self.artist_ids = _toggled(self.artist_ids, artist_id, {a["id"] for a in self.artists})

    @rx.event
    @guarded
    async def save(self):
        """Save the picks and go Home, where the mixes now follow them."""
        saved, redirect = await act(self, preferences.set_taste_picks, genre_ids=list(self.genre_ids),
                                    artist_ids=list(self.artist_ids))
        if redirect is not None or saved is None:
            return redirect
        return rx.redirect(routes.HOME)


def _toggled(current: list[int], value: Any, offered: set[int]) -> list[int]:
    """``current`` with ``value`` added or removed; anything the page did not offer is ignored."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in offered:
        return current
    if value in current:
        return [v for v in current if v != value]
    return [*current, value] if len(current) < preferences.MAX_PICKS else current
