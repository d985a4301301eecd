"""The Playback settings page: streaming quality and volume normalisation, saved on each change.

Rules (which qualities exist, that only a signed-in listener saves) live in
``services.listening.playback``; a saved change also goes to the player at once, so the next
track streams at the new quality and normalisation turns on or off for the current one.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.listening import playback
from spoticlone.state.acting import act, as_actor, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.listening.player import PlayerState


class PlaybackSettingsState(rx.State):
    quality: str = playback.DEFAULT_QUALITY
    normalise: bool = playback.DEFAULT_NORMALISE
    loaded: bool = False
    error: str = ""
    notice: str = ""

    @rx.event
    async def load(self):
        """``on_load`` after ``AuthState.require_account``: the signed-in listener's settings."""
        self.error = self.notice = ""
        user_id = await signed_in_user_id(self)
        if user_id is None:
            return
        found = await call_service(as_actor(playback.get_settings), user_id=user_id)
        self.quality, self.normalise, self.loaded = found.streaming_quality, found.normalise_volume, True

    async def _save(self, what: str, **changes: Any):
        self.notice = ""
        saved, redirect = await act(self, playback.update_settings, **changes)
        if saved is None:
            return redirect
        self.quality, self.normalise = saved.streaming_quality, saved.normalise_volume
        self.notice = what
        player = await self.get_state(PlayerState)
        return player.use_settings(saved, await signed_in_user_id(self))

    @rx.event
    async def choose_quality(self, value: Any):
        """Save the streaming quality the player asks for from the next track on."""
        quality = value if isinstance(value, str) else ""
        label = playback.QUALITY_LABELS.get(quality, "")
        return await self._save(f"Streaming quality: {label}. It applies from the next song.",
                                streaming_quality=quality[:20])

    @rx.event
    async def choose_normalise(self, value: Any):
        """Turn volume normalisation on or off (the player applies it at once)."""
        if not isinstance(value, bool):  # None would mean "leave it" to the service
            self.error, self.notice = "Volume normalisation is either on or off.", ""
            return None
        return await self._save(f"Volume normalisation is {'on' if value else 'off'}.", normalise_volume=value)
