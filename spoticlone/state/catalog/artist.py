"""Artist page: header, top tracks, discography, the artist's links and the admin's badge control.

An address the artist used before (``ArtistSlugAlias``) redirects to the current one, so
links shared before a rename keep working. Whether the viewer may verify or edit comes
from the service, for the account behind this connection; the badge handler calls the
administrators' service, which refuses everyone else.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.branding import page_title as document_title
from spoticlone.services.admin import artists as admin_artists
from spoticlone.services.catalog import browse
from spoticlone.services.core.errors import DomainError, NotFound
from spoticlone.services.studio import profile
from spoticlone.state.acting import as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import album_views, call_service, dump, dump_all, track_views
from spoticlone.state.refusals import ui_message


class ArtistState(rx.State):
    """Reads the ``artist_slug`` route param (a root-state var, never redeclared here)."""

    artist: dict[str, Any] = {}
    top_tracks: list[dict[str, Any]] = []
    albums: list[dict[str, Any]] = []
    links: list[dict[str, str]] = []
    can_verify: bool = False
    can_edit: bool = False
    error: str = ""
    loaded_slug: str = ""
    not_found: bool = False

    @rx.var
    def ready(self) -> bool:
        return bool(self.artist)

    @rx.var
    def page_title(self) -> str:
        name = self.artist.get("name") if not self.not_found else "Not found"
        return document_title(name or "Artist")

    @rx.event
    async def load(self):
        slug = str(self.artist_slug or "").strip().lower()
        if slug != self.loaded_slug:
            self.artist, self.top_tracks, self.albums, self.not_found = {}, [], [], False
            self.links, self.can_verify, self.can_edit, self.error = [], False, False, ""
            yield
        try:
            detail = await call_service(browse.get_artist, slug=slug, top_tracks=10)
        except NotFound:
            moved = await call_service(profile.current_slug, slug=slug)
            if moved:
                yield rx.redirect(routes.artist_url(moved), replace=True)
                return
            self.not_found, self.loaded_slug = True, slug
            return
        user_id = await signed_in_user_id(self)
        extras = await call_service(as_actor(profile.artist_page_extras), user_id=user_id, slug=slug)
        self.artist = dump(detail.artist)
        self.top_tracks = track_views(detail.top_tracks)
        self.albums = album_views(detail.albums)
        self.links = dump_all(extras.links)
        self.can_verify, self.can_edit = extras.can_verify, extras.can_edit
        self.not_found, self.loaded_slug = False, slug

    @rx.event
    async def toggle_verified(self):
        """Give or take back the verified badge (administrators only; the service decides)."""
        if not self.artist:
            return
        wanted = not bool(self.artist.get("verified"))
        self.error = ""
        user_id = await signed_in_user_id(self)
        if user_id is None:
            return sign_in_redirect(self)
        try:
            out = await call_service(as_actor(admin_artists.set_artist_verified), user_id=user_id,
                                     artist_id=int(self.artist["id"]), verified=wanted)
        except DomainError as exc:
            self.error = ui_message(exc)
            return
        self.artist = {**self.artist, "verified": out.verified}
