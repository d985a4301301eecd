"""The album builder's cover panel: upload a picture, use a song's embedded one, or remove it.

The upload streams in chunks to a background handler that reads them through
``picture_uploads.read_picture``, which stops past the size cap (Reflex's upload route
has none); ``services/studio/covers.py`` decides who may change the cover and cleans the
picture. Refusals show in the panel, next to the cover.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.core.errors import DomainError
from spoticlone.services.media import picture_uploads
from spoticlone.services.studio import covers
from spoticlone.state.acting import sign_in_redirect
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.refusals import needs_sign_in, ui_message
from spoticlone.state.studio.release_views import call_as_user, show_release
from spoticlone.state.studio.releases import StudioState
from spoticlone.state.uploads import sent_files

UPLOAD_ID = "studio-cover-upload"


class CoverState(rx.State):
    """The cover panel of the release open in the builder."""

    error: str = ""
    uploading: bool = False

    async def _do(self, fn: Any, notice: str, **kwargs: Any):
        self.error = ""
        studio = await self.get_state(StudioState)
        try:
            detail = await call_as_user(self, fn, album_id=studio.release_id, **kwargs)
        except DomainError as exc:
            if needs_sign_in(exc):
                return sign_in_redirect(self)
            self.error = ui_message(exc)
            return None
        show_release(studio, detail, redraw=False)
        studio.error, studio.notice = "", notice
        return None

    @rx.event
    def rejected(self, _files: Any):
        self.error = picture_uploads.NOT_A_PICTURE

    @rx.event
    def clear(self):
        self.error = ""

    @rx.event(background=True)
    async def upload(self, chunks: rx.UploadChunkIterator):
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
                await self._do(covers.upload_release_cover, "New cover saved.", image_bytes=data,
                               client_ip=client_ip)
            except DomainError as exc:
                self.error = ui_message(exc)
            self.uploading = False

    @rx.event
    async def use_track(self, track_id: Any):
        """Use the picture embedded in song ``track_id`` of this release."""
        if isinstance(track_id, bool) or not isinstance(track_id, int):
            return None
        return await self._do(covers.use_track_cover, "Cover taken from the song's file.", track_id=track_id)

    @rx.event
    async def remove(self):
        return await self._do(covers.remove_release_cover, "Cover removed.")
