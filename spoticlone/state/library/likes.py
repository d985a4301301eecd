"""Hearts and saves: which songs the signed-in listener likes, which album they saved.

Every track list on a page, and the player bar for the playing song, asks for the liked
ids among its rows whenever they change (one query per list, ``services.library.collection.liked_ids``);
every heart then reads ``LikeState.liked_ids``, the one source of truth in a tab.
The handlers resolve the listener from the session cookie on the server each time
(``AuthState.current_user_id``) and pass that actor to the service, so a websocket
client can never like or save as somebody else. Signed-out visitors are sent to
sign in instead of seeing an error.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.services.core.errors import DomainError
from spoticlone.services.library import collection
from spoticlone.state.acting import as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.safety import guarded, refusal

#: How many liked ids one tab remembers (a few pages' worth of rows).
KEEP_LIKED = 600


def clean_ids(raw: Any, limit: int = collection.MAX_LIKED_LOOKUP) -> list[int]:
    """Positive int ids from whatever the browser sent, de-duplicated, at most ``limit``."""
    ids: list[int] = []
    for value in raw if isinstance(raw, (list, tuple)) else []:
        if isinstance(value, bool):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if number > 0 and number not in ids:
            ids.append(number)
    return ids[:limit]


class LikeState(rx.State):
    """Liked song ids for the rows on screen, and the album page's save button."""

    liked_ids: list[int] = []
    album_saved: bool = False
    _owner: int = 0  # the listener ``liked_ids`` belongs to (0: nobody)

    async def _listener(self) -> int | None:
        user_id = await signed_in_user_id(self)
        if (user_id or 0) != self._owner:  # signed out or in as someone else: forget
            self.liked_ids, self._owner = [], user_id or 0
        return user_id

    @rx.event
    @guarded
    async def load_liked(self, track_ids: list[int]):
        """Learn which of one list's rows are liked (one query for the whole list)."""
        ids = clean_ids(track_ids)
        user_id = await self._listener()
        if not user_id or not ids:
            return
        liked = await call_service(as_actor(collection.liked_ids), user_id=user_id, track_ids=ids)
        asked = set(ids)
        kept = [i for i in self.liked_ids if i not in asked]
        self.liked_ids = (kept + [i for i in ids if i in liked])[-KEEP_LIKED:]

    @rx.event
    @guarded
    async def toggle_like(self, track_id: int):
        """Like or unlike a song (whichever its heart does not show now)."""
        ids = clean_ids([track_id], 1)
        user_id = await self._listener()
        if not user_id:
            return sign_in_redirect(self)
        if not ids:
            return None
        liked = ids[0] in self.liked_ids
        try:
            count = await call_service(as_actor(collection.set_like), user_id=user_id, track_id=ids[0],
                                       like=not liked)  # the database's count (see set_like)
        except DomainError as exc:
            return refusal(exc)
        if liked:
            self.liked_ids = [i for i in self.liked_ids if i != ids[0]]
            await self._drop_from_liked_view(ids[0])
        else:
            self.liked_ids = [*self.liked_ids, ids[0]][-KEEP_LIKED:]
        from spoticlone.state.library.sidebar import SidebarLibraryState

        sidebar = await self.get_state(SidebarLibraryState)
        sidebar.liked_count = count
        return None

    async def _drop_from_liked_view(self, track_id: int) -> None:
        """An unliked song leaves the Liked Songs list at once, as on Spotify."""
        from spoticlone.state.library.page import LibraryPageState

        page = await self.get_state(LibraryPageState)
        if any(t.get("id") == track_id for t in page.liked_tracks):
            page.liked_tracks = [t for t in page.liked_tracks if t.get("id") != track_id]
            page.liked_count = max(0, page.liked_count - 1)

    def _album_id(self) -> int | None:
        return routes.parse_ref(str(self.album_ref or ""))

    @rx.event
    @guarded
    async def load_album_saved(self):
        """``on_load`` of the album page: is the album in the listener's library?"""
        self.album_saved = False
        album_id, user_id = self._album_id(), await self._listener()
        if album_id is None or not user_id:
            return
        saved = await call_service(as_actor(collection.saved_album_ids), user_id=user_id, album_ids=[album_id])
        self.album_saved = album_id in saved

    @rx.event
    @guarded
    async def toggle_album_save(self):
        """Save this page's album to Your Library, or remove it."""
        album_id, user_id = self._album_id(), await self._listener()
        if not user_id:
            return sign_in_redirect(self)
        if album_id is None:
            return None
        try:
            await call_service(as_actor(collection.unsave_album if self.album_saved else collection.save_album),
                               user_id=user_id, album_id=album_id)
        except DomainError as exc:
            return refusal(exc)
        self.album_saved = not self.album_saved
        return rx.toast("Saved to Your Library" if self.album_saved else "Removed from Your Library")
