"""The Notifications settings tab: per kind, in the app and by email, saved on each switch."""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.notifications import preferences
from spoticlone.services.notifications.preferences import PreferenceChange
from spoticlone.state.acting import act, as_actor, signed_in_user_id
from spoticlone.state.common import call_service, dump_all

CHANNELS = ("in_app", "email")


class NotificationPreferencesState(rx.State):
    rows: list[dict[str, Any]] = []
    loaded: bool = False
    error: str = ""
    notice: str = ""

    @rx.event
    async def load(self):
        """``on_load`` after ``AuthState.require_account``."""
        self.error = self.notice = ""
        user_id = await signed_in_user_id(self)
        if user_id is None:
            return
        self.rows = dump_all(await call_service(as_actor(preferences.list_preferences), user_id=user_id))
        self.loaded = True

    @rx.event
    async def toggle(self, kind: Any, channel: Any, value: Any):
        """Turn one switch on or off (the service refuses unknown kinds)."""
        self.notice = ""
        if not isinstance(kind, str) or channel not in CHANNELS or not isinstance(value, bool):
            self.error = "That switch is either on or off."
            return None
        change = PreferenceChange(kind=kind[:32], **{channel: value})
        saved, redirect = await act(self, preferences.update_preferences, changes=[change])
        if saved is None:
            return redirect
        self.rows = dump_all(saved)
        label = next((row["label"] for row in self.rows if row["kind"] == kind), kind)
        where = "in the app" if channel == "in_app" else "by email"
        self.notice = f"{label} {where}: {'on' if value else 'off'}."
        return None
