"""Home's "From artists and listeners you follow" shelf (``services.library.follows.home_feed``).

Empty for visitors and for listeners who follow nobody with news; the page hides the
section then. Items are flattened to the album-card shape so the shelf reuses the cards.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.core.errors import DomainError
from spoticlone.services.library import follows
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.common import assign_changed, call_service, dump

FEED_SHOWN = 12


def feed_card(item) -> dict[str, Any]:
    """One feed item (a new release or a new public playlist) as a card dict."""
    if item.kind == "album" and item.album is not None:
        album = dump(item.album)
        return {"kind": "album", "title": album["title"], "url": album["url"], "cover_url": album["cover_url"],
                "artist_name": album["artist"]["name"], "year": album["year"]}
    playlist = dump(item.playlist)
    return {"kind": "playlist", "title": playlist["name"], "url": playlist["url"],
            "cover_url": playlist["cover_url"], "artist_name": "Playlist · " + playlist["owner"]["display_name"],
            "year": None}


class FeedState(rx.State):
    items: list[dict[str, Any]] = []

    @rx.event
    async def load(self):
        user_id = await signed_in_user_id(self)
        if user_id is None:
            self.items = []
            return
        try:
            page = await call_service(as_actor(follows.home_feed), user_id=user_id, page=1, page_size=FEED_SHOWN)
        except DomainError:  # e.g. the account was suspended since the page loaded
            self.items = []
            return
        assign_changed(self, items=[feed_card(i) for i in page.items if i.album is not None or i.playlist is not None])
