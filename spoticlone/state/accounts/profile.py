"""Profile settings (``/settings``) and public profiles (``/user/<username>``).

Every settings handler asks ``AuthState.require_user_id()`` who is signed in (the
server re-reads the session cookie) and hands that account to the service (``as_actor``); nothing the
browser sends names the account. Picture uploads stream in chunks to a background
handler that reads them through ``picture_uploads.read_picture``, which stops past the
size cap, because Reflex's upload endpoint has no size limit of its own.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import reflex as rx

from spoticlone.branding import page_title as document_title
from spoticlone.integrations.media_store import default_store
from spoticlone.services.accounts import profiles
from spoticlone.services.core.errors import DomainError, NotFound, PermissionDenied
from spoticlone.services.media import picture_uploads
from spoticlone.state.acting import as_actor
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.common import call_service, dump
from spoticlone.state.refusals import ui_message
from spoticlone.state.studio.profile import links_from_form
from spoticlone.state.uploads import sent_files

TOO_BIG = picture_uploads.TOO_BIG
FIELDS = ("username", "first_name", "last_name", "phone", "date_of_birth")


def _parse_date(raw: Any) -> date | None:
    try:
        return date.fromisoformat(str(raw or "").strip()) if raw else None
    except ValueError:
        return None


class ProfileSettingsState(rx.State):
    """The signed-in listener's own profile form, pictures and "become an artist" card.

    No var is called ``username``: that name is the ``/user/[username]`` route param
    on the root state and a substate var would shadow it.
    """

    loaded: bool = False
    me: dict[str, Any] = {}
    form_version: int = 0  # bumped after a save so the uncontrolled inputs remount
    form_error: str = ""
    form_message: str = ""
    picture_error: str = ""
    uploading: str = ""  # "avatar" / "cover" while one is being sent
    progress: int = 0
    artist_error: str = ""

    async def _user_id(self) -> int:
        auth = await self.get_state(AuthState)
        return await asyncio.to_thread(auth.require_user_id)

    def _show(self, me: profiles.MeDTO) -> None:
        data = dump(me)
        artist = data.pop("artist", None) or {}
        # Flat keys: a dict var's nested values cannot be indexed again in a component.
        data["artist_name"], data["artist_url"] = artist.get("name", ""), artist.get("url", "")
        data["phone"] = data.get("phone") or ""
        data["date_of_birth"] = data.get("date_of_birth") or ""
        self.me, self.loaded = data, True

    @rx.event
    async def load(self):
        self.form_error = self.form_message = self.picture_error = self.artist_error = ""
        try:
            user_id = await self._user_id()
        except PermissionDenied:
            self.loaded, self.me = False, {}
            return
        self._show(await call_service(as_actor(profiles.my_profile), user_id=user_id))

    @rx.event
    async def save(self, form_data: dict[str, Any]):
        """Save the profile form; one bad field shows its message and changes nothing."""
        self.form_error = self.form_message = ""
        changes: dict[str, Any] = {k: str(form_data.get(k) or "") for k in FIELDS if k in form_data}
        if "date_of_birth" in changes:
            changes["date_of_birth"] = _parse_date(changes["date_of_birth"])
        try:
            user_id = await self._user_id()
            me = await call_service(as_actor(profiles.update_profile), user_id=user_id, **changes)
        except DomainError as exc:
            self.form_error = ui_message(exc)
            return
        self._show(me)
        self.form_version += 1
        self.form_message = "Your profile is saved."
        return AuthState.refresh  # the account menu shows the (maybe new) username

    @rx.event
    def upload_progress(self, progress: dict[str, Any]):
        try:
            self.progress = max(0, min(100, round(float(progress.get("progress", 0)) * 100)))
        except (TypeError, ValueError):
            self.progress = 0

    @rx.event
    def picture_rejected(self, _rejected: list[dict[str, Any]]):
        # The browser refused the file before sending it (wrong type or over the size limit).
        self.picture_error = picture_uploads.NOT_A_PICTURE

    async def _receive(self, kind: str, chunks: rx.UploadChunkIterator):
        async with self:
            try:  # before reading any of the body
                user_id = await self._user_id()
            except PermissionDenied as exc:
                self.picture_error, self.uploading = ui_message(exc), ""
                return None
            client_ip = (await self.get_state(AuthState)).client_ip()
        sent = await sent_files(chunks)
        if sent is None:  # the zone refused the file and its rejected handler said why
            return None
        async with self:
            self.picture_error, self.uploading, self.progress = "", kind, 0
        try:
            # Stops reading past the cap: Reflex then refuses the rest of the body.
            data = await picture_uploads.read_picture(chunk.data async for chunk in sent)
            me = await call_service(
                as_actor(profiles.set_picture), user_id=user_id, kind=kind, data=data,
                store=default_store(), client_ip=client_ip,
            )
        except DomainError as exc:
            me, error = None, ui_message(exc)
        else:
            error = ""
        async with self:
            self.uploading, self.picture_error = "", error
            if me is not None:
                self._show(me)
        if me is not None and kind == "avatar":
            return AuthState.refresh

    @rx.event(background=True)
    async def upload_avatar(self, chunks: rx.UploadChunkIterator):
        return await self._receive("avatar", chunks)

    @rx.event(background=True)
    async def upload_cover(self, chunks: rx.UploadChunkIterator):
        return await self._receive("cover", chunks)

    @rx.event
    async def remove_picture(self, kind: str):
        self.picture_error = ""
        try:
            user_id = await self._user_id()
            me = await call_service(as_actor(profiles.remove_picture), user_id=user_id,
                                    kind=str(kind), store=default_store())
        except DomainError as exc:
            self.picture_error = ui_message(exc)
            return
        self._show(me)
        return AuthState.refresh

    @rx.event
    async def become_artist(self, form_data: dict[str, Any]):
        """Create the artist profile from a form (stage name; optional slug, bio, ``link_*_<n>`` rows).

        The settings page itself uses ``ArtistProfileState.create`` (live slug check,
        link rows); this handler stays for forms that send the fields in one go.
        """
        self.artist_error = ""
        keys = sorted(int(name[9:]) for name in form_data if name.startswith("link_url_") and name[9:].isdigit())
        try:
            user_id = await self._user_id()
            me = await call_service(as_actor(profiles.become_artist), user_id=user_id,
                                    stage_name=str(form_data.get("stage_name") or ""),
                                    slug=str(form_data.get("slug") or ""), bio=str(form_data.get("bio") or ""),
                                    links=links_from_form(form_data, keys))
        except DomainError as exc:
            self.artist_error = ui_message(exc)
            return
        self._show(me)
        return AuthState.refresh


class PublicProfileState(rx.State):
    """Reads the ``username`` route param (a root-state var, never redeclared here)."""

    profile: dict[str, Any] = {}
    loaded_name: str = ""
    not_found: bool = False

    @rx.var
    def ready(self) -> bool:
        return bool(self.profile)

    @rx.var
    def page_title(self) -> str:
        if self.not_found:
            return document_title("Not found")
        return document_title(self.profile.get("display_name") or "Profile")

    @rx.event
    async def load(self):
        name = str(self.username or "").strip().lower()
        if name != self.loaded_name:
            self.profile, self.not_found = {}, False
            yield
        try:
            dto = await call_service(profiles.public_profile, username=name)
        except NotFound:
            self.profile, self.not_found, self.loaded_name = {}, True, name
            return
        data = dump(dto)
        artist = data.pop("artist", None) or {}
        data["artist_name"], data["artist_url"] = artist.get("name", ""), artist.get("url", "")
        data["member_since_text"] = dto.member_since.strftime("%B %Y")
        self.profile, self.not_found, self.loaded_name = data, False, name
