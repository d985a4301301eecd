"""Owner-only playlist dialogs: details, cover, collaborators and delete.

The services decide who may do each of these (``services.library.playlists.access``); these
handlers only pass along the signed-in actor and the page's playlist id, and show the
service's message when it says no. The cover upload streams in chunks to a background
handler that reads them through ``picture_uploads.read_picture``, which stops past the
size cap (Reflex's upload route has none).
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.integrations.media_store import default_store
from spoticlone.services.core.errors import DomainError
from spoticlone.services.library.playlists import manage
from spoticlone.services.media import picture_uploads
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.common import call_service
from spoticlone.state.library.playlist import PlaylistState, playlist_view
from spoticlone.state.refusals import needs_sign_in, ui_message
from spoticlone.state.uploads import sent_files

TOO_BIG = picture_uploads.TOO_BIG


class PlaylistEditState(rx.State):
    """The edit and delete dialogs of the playlist page."""

    edit_open: bool = False
    delete_open: bool = False
    error: str = ""
    uploading: bool = False
    form_version: int = 0  # bumped when the dialog opens so its uncontrolled inputs reset

    async def _call(self, fn, **kwargs) -> Any:
        """``fn`` as the signed-in listener on this page's playlist; raises ``DomainError``."""
        page = await self.get_state(PlaylistState)
        playlist_id = page.playlist_id()
        user_id = await signed_in_user_id(self)
        return await call_service(as_actor(fn), user_id=user_id, playlist_id=playlist_id or -1, **kwargs)

    def _refused(self, exc: DomainError):
        """Show the service's message; a signed-out visitor is sent to sign in instead."""
        if needs_sign_in(exc):
            return rx.redirect(routes.sign_in_url(self.router.url.path or routes.HOME))
        self.error = ui_message(exc)
        return None

    async def _refresh(self) -> None:
        page = await self.get_state(PlaylistState)
        await page.reload()

    @rx.event
    def open_edit(self):
        self.error, self.edit_open = "", True
        self.form_version += 1

    @rx.event
    def close_edit(self):
        self.edit_open, self.error = False, ""

    @rx.event
    def set_edit_open(self, value: bool):
        self.edit_open = bool(value)

    @rx.event
    async def save_details(self, form_data: dict[str, Any]):
        """Name, description, visibility and the collaborative switch, all or nothing."""
        self.error = ""
        try:
            out = await self._call(
                manage.update_playlist,
                name=str(form_data.get("name") or ""),
                description=str(form_data.get("description") or ""),
                visibility="public" if form_data.get("visibility") == "public" else "private",
                collaborative=bool(form_data.get("collaborative")),
            )
        except DomainError as exc:
            return self._refused(exc)
        self.edit_open = False
        page = await self.get_state(PlaylistState)
        page.playlist = playlist_view(out)
        # The slug follows the name: keep the address bar's share link current.
        new_url = rx.call_script(f"history.replaceState(null, '', {json.dumps(out.url)})")
        return [rx.toast.success("Playlist saved"), new_url]

    @rx.event
    def cover_rejected(self, _rejected: list[dict[str, Any]]):
        self.error = picture_uploads.NOT_A_PICTURE

    @rx.event(background=True)
    async def upload_cover(self, chunks: rx.UploadChunkIterator):
        sent = await sent_files(chunks)
        if sent is None:  # the zone refused the file and its rejected handler said why
            return None
        async with self:
            self.error, self.uploading = "", True
            client_ip = (await self.get_state(AuthState)).client_ip()
        try:
            # Stops reading past the cap: Reflex then refuses the rest of the body.
            data, refused = await picture_uploads.read_picture(chunk.data async for chunk in sent), None
        except DomainError as exc:
            data, refused = b"", exc
        async with self:
            try:
                if refused is not None:
                    raise refused
                await self._call(manage.set_cover, image_bytes=data, store=default_store(),
                                 client_ip=client_ip)
                await self._refresh()
            except DomainError as exc:
                self.error = ui_message(exc)
            self.uploading = False

    @rx.event
    async def use_automatic_cover(self):
        self.error = ""
        try:
            await self._call(manage.clear_cover, store=default_store())
            await self._refresh()
        except DomainError as exc:
            return self._refused(exc)

    @rx.event
    async def add_collaborator(self, form_data: dict[str, Any]):
        self.error = ""
        try:
            await self._call(manage.add_collaborator, username=str(form_data.get("username") or "").strip())
            await self._refresh()
        except DomainError as exc:
            return self._refused(exc)

    @rx.event
    async def remove_collaborator(self, username: str):
        self.error = ""
        try:
            await self._call(manage.remove_collaborator, username=str(username))
            await self._refresh()
        except DomainError as exc:
            return self._refused(exc)

    @rx.event
    def ask_delete(self):
        self.error, self.delete_open = "", True

    @rx.event
    def cancel_delete(self):
        self.delete_open = False

    @rx.event
    async def delete(self):
        """Delete after the confirmation dialog, then go to the library."""
        self.error = ""
        try:
            await self._call(manage.delete_playlist, store=default_store())
        except DomainError as exc:
            self.delete_open = False
            return self._refused(exc)
        self.delete_open = False
        return [rx.toast("Playlist deleted"), rx.redirect(routes.LIBRARY)]
