"""A smart playlist's page (``/smart/<id>``), the library's list of them, and ``.nsp`` import.

Opening the page evaluates the rules now (refreshed when opened), as whoever is signed
in: the service decides whether they may read it and always uses the owner's plays,
likes and ratings. The import reads the uploaded file in chunks and stops past the size
cap, since Reflex's upload route has none.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.branding import page_title as document_title
from spoticlone.services.core.errors import DomainError, NotFound
from spoticlone.services.library import smart_playlists as smart
from spoticlone.services.library.smart_nsp import MAX_NSP_BYTES
from spoticlone.services.library.smart_rules import SORT_FIELDS
from spoticlone.state.acting import act, as_actor, signed_in_user_id
from spoticlone.state.common import call_service, dump, track_views
from spoticlone.state.safety import guarded
from spoticlone.state.uploads import sent_files

TOO_BIG = f"That file is larger than {MAX_NSP_BYTES // 1024} KB; a smart playlist file is much smaller."


def smart_view(dto) -> dict[str, Any]:
    """A ``SmartPlaylistOut`` as a flat dict, with the words the page shows."""
    data = dump(dto)
    owner = data.pop("owner", None) or {}
    rules = data.pop("rules", None) or {}
    count = len(rules.get("rules", []))
    data.update(
        owner_name=owner.get("display_name", ""), owner_url=owner.get("url", ""),
        summary=(f"{count} rule" if count == 1 else f"{count} rules")
        + f" \u00b7 match {rules.get('match', 'all')} \u00b7 by {SORT_FIELDS.get(data['sort'], data['sort']).lower()}"
        + f" \u00b7 up to {data['limit']} songs",
        export_url=f"/api/v1/smart-playlists/{data['id']}/export",
    )
    return data


class SmartPlaylistState(rx.State):
    """The smart playlist shown on ``/smart/[smart_ref]`` and its tracks as of opening."""

    playlist: dict[str, Any] = {}
    tracks: list[dict[str, Any]] = []
    matching: int = 0
    not_found: bool = False
    error: str = ""

    @rx.var
    def ready(self) -> bool:
        return bool(self.playlist)

    @rx.var
    def page_title(self) -> str:
        if self.not_found:
            return document_title("Not found")
        return document_title(self.playlist.get("name") or "Smart playlist")

    @rx.var
    def songs_text(self) -> str:
        n = len(self.tracks)
        return f"{n} song" if n == 1 else f"{n} songs"

    def _smart_id(self) -> int:
        raw = str(self.smart_ref or "")  # type: ignore[attr-defined]  # the route's param on the root state
        return int(raw) if raw.isdigit() and 0 < len(raw) < 19 else 0

    @rx.event
    @guarded
    async def load(self):
        self.error = ""
        smart_id = self._smart_id()
        if self.playlist.get("id") != smart_id:
            self.playlist, self.tracks, self.not_found = {}, [], False
        user_id = await signed_in_user_id(self)
        try:
            detail = await call_service(as_actor(smart.smart_playlist_detail), user_id=user_id, smart_id=smart_id)
        except NotFound:
            self.playlist, self.tracks, self.not_found = {}, [], True
            return
        self.playlist = smart_view(detail.playlist)
        self.tracks = track_views(detail.tracks)
        self.matching, self.not_found = detail.matching, False

    @rx.event
    @guarded
    async def delete(self):
        _, redirect = await act(self, smart.delete_smart_playlist, smart_id=self._smart_id())
        if redirect is not None:
            return redirect
        if self.error:
            return None
        return [rx.toast.success("Smart playlist deleted"), rx.redirect(routes.LIBRARY)]


class SmartLibraryState(rx.State):
    """The listener's smart playlists (Your Library) and the ``.nsp`` import."""

    items: list[dict[str, Any]] = []
    error: str = ""
    importing: bool = False

    @rx.event
    @guarded
    async def load(self):
        user_id = await signed_in_user_id(self)
        if user_id is None:
            self.items = []
            return
        try:
            found = await call_service(as_actor(smart.my_smart_playlists), user_id=user_id)
        except DomainError:  # e.g. the account was suspended since the page loaded
            self.items = []
            return
        self.items = [smart_view(dto) for dto in found]

    @rx.event
    def import_rejected(self, _rejected: list[dict[str, Any]]):
        self.error = f"That file can't be used. Choose a Navidrome .nsp file under {MAX_NSP_BYTES // 1024} KB."

    @rx.event(background=True)
    async def import_nsp(self, chunks: rx.UploadChunkIterator):
        sent = await sent_files(chunks)
        if sent is None:  # the zone refused the file and its rejected handler said why
            return None
        async with self:
            self.error, self.importing = "", True
        data = bytearray()
        too_big = False
        async for chunk in sent:
            data.extend(chunk.data)
            if len(data) > MAX_NSP_BYTES:  # stop reading: Reflex then refuses the rest of the body
                too_big = True
                break
        async with self:
            self.importing = False
            if too_big:
                self.error = TOO_BIG
                return None
            made, redirect = await act(self, smart.import_nsp, data=bytes(data))
            if redirect is not None:
                return redirect
            if made is None:
                return None
            return [rx.toast.success(f"Imported \u201c{made.name}\u201d"), rx.redirect(made.url)]

    @rx.event
    def clear_error(self):
        self.error = ""

