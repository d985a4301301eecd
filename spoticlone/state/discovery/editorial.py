"""The editorial shelves on Home and Browse: the live featured playlists, shelf by shelf.

Anyone sees them; the service decides what is live (period, public playlist) at each load.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.core.errors import DomainError
from spoticlone.services.discovery import editorial
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.common import assign_changed, call_service
from spoticlone.state.library.playlist import playlist_view

#: Home's title for the default shelf; other shelves show their own name.
FEATURED_TITLE = "Featured playlists"


def shelf_view(shelf: editorial.EditorialShelf) -> dict[str, Any]:
    """A shelf as a flat dict: its title and its cards (playlist fields plus the blurb)."""
    return {
        "name": shelf.name,
        "title": FEATURED_TITLE if shelf.name == editorial.DEFAULT_SHELF else shelf.name,
        "features": [{**playlist_view(f.playlist), "feature_id": f.id, "blurb": f.blurb} for f in shelf.features],
    }


class EditorialShelvesState(rx.State):
    """The live shelves; empty (and hidden) when nothing is featured."""

    shelves: list[dict[str, Any]] = []

    @rx.event
    async def load(self):
        user_id = await signed_in_user_id(self)
        try:
            found = await call_service(as_actor(editorial.live_shelves), user_id=user_id)
        except DomainError:
            self.shelves = []
            return
        assign_changed(self, shelves=[shelf_view(s) for s in found])
