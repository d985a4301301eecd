"""The artist profile form: create it from ``/settings``, edit it on ``/studio/profile``.

One state for both pages, so creating and editing behave alike: the page address is
suggested from the stage name until the artist types one, then checked live (debounced)
with a clear "taken" or "reserved" message; links are rows the artist adds and removes
(uncontrolled inputs named ``link_label_<key>`` / ``link_url_<key>``, read on submit).
Every handler asks ``AuthState`` who is signed in and hands that account to the service;
nothing the browser sends names the profile. The picture streams in chunks through
``picture_uploads.read_picture``, which stops past the size cap.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from spoticlone.integrations.media_store import default_store
from spoticlone.services.core.errors import DomainError, PermissionDenied
from spoticlone.services.media import picture_uploads
from spoticlone.services.studio import profile, profile_image
from spoticlone.services.studio.profile_rules import MAX_LINKS
from spoticlone.state.acting import as_actor
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.common import call_service, dump
from spoticlone.state.refusals import ui_message
from spoticlone.state.uploads import sent_files


def links_from_form(form_data: dict[str, Any], keys: list[int]) -> list[dict[str, str]]:
    """The link rows of a submitted form, in the order shown (``keys``)."""
    return [{"label": str(form_data.get(f"link_label_{key}") or ""),
             "url": str(form_data.get(f"link_url_{key}") or "")} for key in keys[: MAX_LINKS * 2]]


class ArtistProfileState(rx.State):
    """The signed-in artist's profile form (or the "become an artist" form when they have none)."""

    loaded: bool = False
    has_profile: bool = False
    artist: dict[str, Any] = {}
    link_rows: list[dict[str, Any]] = []
    form_version: int = 0  # bumped after a save so the uncontrolled inputs remount
    slug_default: str = ""
    slug_version: int = 0
    slug_touched: bool = False
    slug_message: str = ""
    slug_ok: bool = True
    error: str = ""
    message: str = ""
    picture_error: str = ""
    uploading: bool = False
    progress: int = 0
    _next_key: int = 0

    @rx.var
    def can_add_link(self) -> bool:
        return len(self.link_rows) < MAX_LINKS

    async def _user_id(self) -> int:
        auth = await self.get_state(AuthState)
        return await asyncio.to_thread(auth.require_user_id)

    def _row(self, label: str = "", url: str = "") -> dict[str, Any]:
        self._next_key += 1
        return {"key": self._next_key, "label": label, "url": url}

    def _show(self, out: profile.ArtistProfileOut, *, keep_typing: bool = False) -> None:
        """Show ``out``; with ``keep_typing``, leave the inputs alone when they already show it.

        The page can open on the state the settings page left behind, so the artist may be
        typing before ``load`` answers; remounting the form then would throw their typing
        away for the very values it already holds.
        """
        data = dump(out)
        data["previous_text"] = ", ".join(f"/artist/{slug}" for slug in out.previous_slugs[:3])
        data.pop("links", None)
        shown_links = [(row["label"], row["url"]) for row in self.link_rows]
        loaded_links = [(link.label, link.url) for link in out.links] or [("", "")]
        if keep_typing and self.has_profile and data == self.artist and shown_links == loaded_links:
            self.loaded = True
            return
        self.artist, self.has_profile, self.loaded = data, True, True
        self.link_rows = [self._row(link.label, link.url) for link in out.links] or [self._row()]
        self.slug_default, self.slug_touched, self.slug_ok, self.slug_message = out.slug, True, True, ""
        self.slug_version += 1
        self.form_version += 1

    def _start_fresh(self) -> None:
        self.artist, self.has_profile, self.loaded = {}, False, True
        self.link_rows = [self._row()]
        self.slug_default, self.slug_touched, self.slug_ok, self.slug_message = "", False, True, ""

    @rx.event
    async def load(self):
        self.error = self.message = self.picture_error = ""
        try:
            user_id = await self._user_id()
        except PermissionDenied:
            self.loaded, self.has_profile, self.artist = False, False, {}
            return
        try:
            out = await call_service(as_actor(profile.my_artist_profile), user_id=user_id)
        except PermissionDenied:
            self._start_fresh()  # signed in, no artist profile yet: the "become an artist" form
            return
        self._show(out, keep_typing=True)

    @rx.event
    async def stage_name_changed(self, value: str):
        """Suggest a free address from the stage name until the artist types their own."""
        if self.slug_touched or self.has_profile:
            return
        try:
            user_id = await self._user_id()
            check = await call_service(as_actor(profile.suggest_slug), user_id=user_id,
                                       stage_name=str(value or "")[:400])
        except DomainError:
            return
        self.slug_default, self.slug_ok = check.slug, check.available
        self.slug_message = check.message if str(value or "").strip() else ""
        self.slug_version += 1

    @rx.event
    async def slug_changed(self, value: str):
        """Check the typed address now (the input is debounced in the browser)."""
        self.slug_touched = True
        try:
            user_id = await self._user_id()
            check = await call_service(as_actor(profile.check_slug), user_id=user_id, slug=str(value or "")[:400])
        except DomainError as exc:
            self.slug_ok, self.slug_message = False, ui_message(exc)
            return
        self.slug_ok, self.slug_message = check.available, check.message

    @rx.event
    def add_link(self):
        if len(self.link_rows) < MAX_LINKS:
            self.link_rows = [*self.link_rows, self._row()]

    @rx.event
    def remove_link(self, key: int):
        self.link_rows = [row for row in self.link_rows if row["key"] != key] or [self._row()]

    def _fields(self, form_data: dict[str, Any]) -> dict[str, Any]:
        keys = [int(row["key"]) for row in self.link_rows]
        return {"stage_name": str(form_data.get("stage_name") or ""), "slug": str(form_data.get("slug") or ""),
                "bio": str(form_data.get("bio") or ""), "links": links_from_form(form_data, keys)}

    @rx.event
    async def create(self, form_data: dict[str, Any]):
        """Become an artist with the whole form; a bad field says why and creates nothing."""
        from spoticlone.state.accounts.profile import ProfileSettingsState

        self.error = self.message = ""
        try:
            user_id = await self._user_id()
            out = await call_service(as_actor(profile.create_artist_profile), user_id=user_id,
                                     **self._fields(form_data))
        except DomainError as exc:
            self.error = ui_message(exc)
            return
        self._show(out)
        self.message = "Your artist page is ready. Add a picture to finish it."
        return [ProfileSettingsState.load, AuthState.refresh]

    @rx.event
    async def save(self, form_data: dict[str, Any]):
        """Save every field at once; one bad field shows its message and changes nothing."""
        self.error = self.message = ""
        try:
            user_id = await self._user_id()
            out = await call_service(as_actor(profile.update_artist_profile), user_id=user_id,
                                     **self._fields(form_data))
        except DomainError as exc:
            self.error = ui_message(exc)
            return
        self._show(out)
        self.message = "Your artist profile is saved."

    @rx.event
    def upload_progress(self, progress: dict[str, Any]):
        try:
            self.progress = max(0, min(100, round(float(progress.get("progress", 0)) * 100)))
        except (TypeError, ValueError):
            self.progress = 0

    @rx.event
    def picture_rejected(self, _rejected: list[dict[str, Any]]):
        self.picture_error = picture_uploads.NOT_A_PICTURE

    @rx.event(background=True)
    async def upload_image(self, chunks: rx.UploadChunkIterator):
        async with self:
            try:  # before reading any of the body
                user_id = await self._user_id()
            except PermissionDenied as exc:
                self.picture_error, self.uploading = ui_message(exc), False
                return None
            client_ip = (await self.get_state(AuthState)).client_ip()
        sent = await sent_files(chunks)
        if sent is None:  # the zone refused the file and its rejected handler said why
            return None
        async with self:
            self.picture_error, self.uploading, self.progress = "", True, 0
        try:
            # Stops reading past the cap: Reflex then refuses the rest of the body.
            data = await picture_uploads.read_picture(chunk.data async for chunk in sent)
            out = await call_service(as_actor(profile_image.set_artist_image), user_id=user_id, data=data,
                                     store=default_store(), client_ip=client_ip)
        except DomainError as exc:
            out, error = None, ui_message(exc)
        else:
            error = ""
        async with self:
            self.uploading, self.picture_error = False, error
            if out is not None:
                self.artist = {**self.artist, "image_url": out.image_url, "image_thumb_url": out.image_thumb_url}
                self.message = ""  # "add a picture to finish it" is done

    @rx.event
    async def remove_image(self):
        self.picture_error = ""
        try:
            user_id = await self._user_id()
            out = await call_service(as_actor(profile_image.clear_artist_image), user_id=user_id,
                                     store=default_store())
        except DomainError as exc:
            self.picture_error = ui_message(exc)
            return
        self.artist = {**self.artist, "image_url": out.image_url, "image_thumb_url": out.image_thumb_url}
