"""The sidebar's "Your Library": the listener's playlists, the Liked Songs count, "+".

Loaded once per page (the sidebar mounts with every page) with one overview call,
and kept small: at most ``SIDEBAR_ROWS`` playlists travel to the browser.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.services.core.errors import DomainError
from spoticlone.services.library import collection
from spoticlone.services.library.playlists import manage
from spoticlone.state.acting import as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.refusals import ui_message
from spoticlone.state.safety import guarded

SIDEBAR_ROWS = 30
RELATION_LABELS = {"own": "Playlist", "collaborative": "Collaborative", "followed": "Following"}


def _new_playlist(session, *, actor):
    """A private playlist named after how many the listener already owns."""
    own = collection.library_overview(session, actor=actor, kind="playlist", relation="own", page_size=1).total
    return manage.create_playlist(session, actor=actor, name=f"My Playlist #{own + 1}")


def playlist_row(item: Any) -> dict[str, Any]:
    """A library item as the flat dict a compact sidebar row shows."""
    data = item.model_dump(mode="json")
    data["label"] = RELATION_LABELS.get(item.relation, "Playlist")
    data["image_url"] = data.get("image_url") or ""
    return data


class SidebarLibraryState(rx.State):
    """What the sidebar lists for the signed-in listener."""

    loaded: bool = False
    signed_in: bool = False
    liked_count: int = 0
    rows: list[dict[str, Any]] = []

    @rx.event
    @guarded
    async def load(self):
        user_id = await signed_in_user_id(self)
        self.signed_in = bool(user_id)
        if not user_id:
            self.rows, self.liked_count, self.loaded = [], 0, True
            return
        overview = await call_service(as_actor(collection.library_overview), user_id=user_id,
                                      kind="playlist", page_size=SIDEBAR_ROWS)
        self.liked_count = overview.liked_count
        self.rows = [playlist_row(i) for i in overview.items]
        self.loaded = True

    @rx.event
    @guarded
    async def create_playlist(self):
        """"+": a new private "My Playlist #N", then open it (signed out: sign in first)."""
        user_id = await signed_in_user_id(self)
        if not user_id:
            return sign_in_redirect(self)
        try:
            created = await call_service(as_actor(_new_playlist), user_id=user_id)
        except DomainError as exc:
            return rx.toast.error(ui_message(exc))
        return rx.redirect(routes.playlist_url(created.id, created.slug))
