""""Add to playlist" in every track row's menu: pick one of your playlists, or a new one.

The choices (playlists the listener owns or was invited to edit) are read when a
row's menu opens, so they are fresh and no page has to load them up front. The
handlers take a playlist id from the browser, so the service checks that the
cookie's account may change that playlist's tracks; nothing here decides that.
The service also refuses a song that is already in the playlist unless told to
allow it; the refusal opens the "add anyway?" dialog (``components.add_to_playlist``).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.core.errors import AlreadyInPlaylist, DomainError
from spoticlone.services.library import collection
from spoticlone.services.library.playlists import manage, tracks
from spoticlone.state.acting import as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.library.playlist import PlaylistState
from spoticlone.state.refusals import needs_sign_in, ui_message
from spoticlone.state.safety import guarded, refusal

MAX_CHOICES = 100


def _editable(session, *, actor) -> list[dict[str, Any]]:
    """Own and collaborative playlists, by name (the library service lists both)."""
    overview = collection.library_overview(session, actor=actor, kind="playlist", sort="name", page_size=MAX_CHOICES)
    return [{"id": i.id, "name": i.title} for i in overview.items if i.relation in ("own", "collaborative")]


def _create_with(session, *, actor, name: str, track_id: int):
    """A new private playlist named after the song, holding it (one service call each)."""
    created = manage.create_playlist(session, actor=actor, name=name)
    tracks.add_tracks(session, actor=actor, playlist_id=created.id, track_ids=[track_id])
    return created


class AddToPlaylistState(rx.State):
    """The listener's editable playlists for the submenu, the add actions, and the
    "already in this playlist" question (Spotify asks before adding a song twice)."""

    choices: list[dict[str, Any]] = []
    signed_in: bool = False
    error: str = ""  # the last refusal, also shown as a toast
    #: A song that is already in the chosen playlist: {"playlist_id", "playlist_name",
    #: "track_id"} while the "add anyway?" dialog is open, else empty.
    duplicate: dict[str, Any] = {}

    @rx.var
    def asking(self) -> bool:
        return bool(self.duplicate)

    @rx.event
    @guarded
    async def menu_opened(self, is_open: bool):
        if not is_open:
            return
        user_id = await signed_in_user_id(self)
        self.signed_in = user_id is not None
        if user_id is None:
            self.choices = []
            return
        try:
            self.choices = await call_service(as_actor(_editable), user_id=user_id)
        except DomainError:
            self.choices = []

    def _refused(self, exc: DomainError, user_id: int | None):
        if user_id is None and needs_sign_in(exc):
            return sign_in_redirect(self)
        self.error = ui_message(exc)
        return refusal(exc)

    async def _add(self, playlist_id: int, track_id: int, *, allow_duplicate: bool):
        self.error, self.duplicate = "", {}
        user_id = await signed_in_user_id(self)
        try:
            detail = await call_service(as_actor(tracks.add_tracks), user_id=user_id,
                                        playlist_id=playlist_id, track_ids=[track_id],
                                        allow_duplicate=allow_duplicate)
        except AlreadyInPlaylist:
            name = next((c["name"] for c in self.choices if c.get("id") == playlist_id), "this playlist")
            self.duplicate = {"playlist_id": playlist_id, "playlist_name": name, "track_id": track_id}
            return None
        except DomainError as exc:
            return self._refused(exc, user_id)
        await self._refresh_page(detail)
        return rx.toast.success(f"Added to {detail.playlist.name}")

    @rx.event
    @guarded
    async def add(self, playlist_id: int, track_id: int):
        """Add the song; if it is in that playlist already, ask first (``duplicate``)."""
        return await self._add(_int(playlist_id), _int(track_id), allow_duplicate=False)

    @rx.event
    @guarded
    async def add_anyway(self):
        """"Add anyway" in the dialog: the listener confirmed the second copy."""
        pending = self.duplicate
        if not pending:
            return None
        return await self._add(_int(pending.get("playlist_id")), _int(pending.get("track_id")),
                               allow_duplicate=True)

    @rx.event
    def keep_one(self):
        """"Don't add" (or Escape): nothing changes."""
        self.duplicate = {}

    @rx.event
    @guarded
    async def add_to_new(self, track_id: int, track_title: str):
        """Create a playlist named after the song and put the song in it."""
        self.error = ""
        user_id = await signed_in_user_id(self)
        name = str(track_title or "").strip()[:100] or "New playlist"
        try:
            created = await call_service(as_actor(_create_with), user_id=user_id, name=name, track_id=_int(track_id))
        except DomainError as exc:
            return self._refused(exc, user_id)
        self.choices = [{"id": created.id, "name": created.name}, *self.choices]
        return rx.toast.success(f"Added to {created.name}")

    async def _refresh_page(self, detail) -> None:
        """If this tab is *on* the page of the playlist that changed, show the new song.

        ``PlaylistState`` keeps the last playlist page's data after the listener moves on,
        so the check is the route on screen now (``playlist_id()`` reads the current
        ``playlist_ref``; it is None anywhere but a playlist page), not the stale dict.
        """
        page = await self.get_state(PlaylistState)
        if page.playlist and page.playlist_id() == detail.playlist.id:
            await page.reload()


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
