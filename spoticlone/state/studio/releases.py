"""The studio (``/studio``): the artist's drafts and releases, and the album builder's release.

``/studio`` lists drafts and releases and groups chosen drafts into a new release;
``/studio?release=<id>`` opens the album builder. This state holds what the page shows
(lists, the release and its numbered songs) and handles the release as a whole: details,
rights affirmation, publish now or at a set time, unpublish and delete behind a
confirmation. The builder's other concerns have their own states in this package: song
rows and their order (``builder_tracks.py``), the cover (``covers.py``) and featured
artists (``featured.py``); shared helpers are in ``release_views.py``. Every rule lives in
``services/studio/``: a handler calls one service as the signed-in account and shows its
refusal as written (``state/refusals.py``).

A scheduled time is typed in the browser's own time zone: the browser sends the local
time with its UTC offset for that moment, and the handler turns the pair into an aware
datetime for ``publish_release``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import reflex as rx

from spoticlone import routes
from spoticlone.services.core.dto import MAX_PAGE_SIZE
from spoticlone.services.core.errors import DomainError, NotFound, PermissionDenied
from spoticlone.services.studio import licences, publishing, releases, uploads
from spoticlone.state.acting import sign_in_redirect
from spoticlone.state.refusals import needs_sign_in, ui_message
from spoticlone.state.studio.release_views import (
    KINDS,
    LOAD_BUILDER_SCRIPT,
    STUDIO,
    TZ_SCRIPT,
    aware_time,
    call_as_user,
    local_time_text,
    release_view,
    show_release,
    size_text,
    track_view,
    zone_of,
)

CONFIRM_TEXT = {
    "delete_draft": ("Delete this draft?", "The song and its audio file are deleted. This cannot be undone.", "Delete"),
    "delete_release": ("Delete this release?", "The release, its songs and their audio files are deleted for good. "
                       "Playlists that hold its songs show them as unavailable. This cannot be undone.",
                       "Delete release"),
    "unpublish": ("Unpublish this release?", "Listeners can no longer find or play it; playlists keep its songs "
                  "as unavailable rows. You can publish it again later.", "Unpublish"),
}


def _overview(session, *, actor, tz_name: str) -> dict[str, Any]:
    """Drafts (with the file each came from, when uploaded here), releases and genres."""
    drafts = releases.list_drafts(session, actor=actor, page_size=MAX_PAGE_SIZE)
    mine = releases.list_releases(session, actor=actor, page_size=MAX_PAGE_SIZE)
    recent = uploads.list_uploads(session, actor=actor, page_size=MAX_PAGE_SIZE)
    files = {u.track_id: f"{u.filename} ({size_text(u.size)})" for u in recent.items if u.track_id is not None}
    return {
        "drafts": [track_view(t, files) for t in drafts.items], "drafts_total": drafts.total,
        "releases": [release_view(r, tz_name) for r in mine.items], "releases_total": mine.total,
        "genres": [{"id": str(g.id), "name": g.name} for g in releases.genre_choices(session)],
    }


def _builder(session, *, actor, album_id: int) -> dict[str, Any]:
    return {
        "release": releases.get_release(session, actor=actor, album_id=album_id),
        "genres": [{"id": str(g.id), "name": g.name} for g in releases.genre_choices(session)],
    }


def _genre_and_date(form: dict[str, Any]) -> tuple[int | None, date | None]:
    """The release form's genre id and release date (``ValueError`` for a date that is not one)."""
    genre = str(form.get("genre", "") or "")
    when = date.fromisoformat(str(form["release_date"])) if form.get("release_date") else None
    return (int(genre) if genre.isdigit() else None), when


class StudioState(rx.State):
    """The signed-in artist's studio: lists, the new-release form and the album builder."""

    loaded: bool = False
    not_artist: str = ""
    error: str = ""
    notice: str = ""
    tz_name: str = ""
    drafts: list[dict[str, Any]] = []
    drafts_total: int = 0
    releases: list[dict[str, Any]] = []
    releases_total: int = 0
    genres: list[dict[str, str]] = []
    selected: list[int] = []
    release_id: int = 0
    release_missing: bool = False
    release: dict[str, Any] = {}
    tracks: list[dict[str, Any]] = []
    track_error_id: int = 0
    rights_ticked: bool = False
    confirm_kind: str = ""
    confirm_id: int = 0
    confirm_title: str = ""
    form_version: int = 0  # bumped to reset uncontrolled inputs after each reload

    @rx.var
    def licence_options(self) -> list[dict[str, str]]:
        return [{"name": lic.name, "url": lic.url or ""} for lic in licences.licence_choices()]

    @rx.var
    def kind_options(self) -> list[list[str]]:
        return [list(pair) for pair in KINDS]

    @rx.var
    def selected_titles(self) -> list[str]:
        titles = {d["id"]: d["title"] for d in self.drafts}
        return [titles[i] for i in self.selected if i in titles]

    @rx.var
    def status(self) -> str:
        return str(self.release.get("status", ""))

    @rx.var
    def tag_covers(self) -> list[dict[str, Any]]:
        """The pictures embedded in the release's songs, each once, to pick as the cover."""
        seen: dict[str, dict[str, Any]] = {}
        for t in self.tracks:
            if t.get("cover_url") and t["cover_url"] not in seen and t["cover_url"] != self.release.get("cover_url"):
                seen[t["cover_url"]] = {"track_id": t["id"], "title": t["title"], "cover_url": t["cover_url"]}
        return list(seen.values())[:12]

    @rx.var
    def tz_label(self) -> str:
        return self.tz_name or "your time zone"

    @rx.var
    def confirm_heading(self) -> str:
        return CONFIRM_TEXT.get(self.confirm_kind, ("", "", ""))[0]

    @rx.var
    def confirm_body(self) -> str:
        if self.confirm_kind == "unpublish" and self.release.get("status") == "scheduled":
            return "It goes back to being a draft and will not come out at the scheduled time."
        return CONFIRM_TEXT.get(self.confirm_kind, ("", "", ""))[1]

    @rx.var
    def confirm_action(self) -> str:
        return CONFIRM_TEXT.get(self.confirm_kind, ("", "", ""))[2]

    def _wanted_release(self) -> int | None:
        raw = str(self.router.url.query_parameters.get("release", "") or "")
        return routes.parse_ref(raw) if raw else None

    async def _call(self, fn, **kwargs):
        return await call_as_user(self, fn, **kwargs)

    def _refused(self, exc: DomainError):
        if needs_sign_in(exc):
            return sign_in_redirect(self)
        self.error = ui_message(exc)
        return None

    def _show_release(self, detail: Any, *, redraw: bool = True) -> None:
        show_release(self, detail, redraw=redraw)

    @rx.event
    async def load(self):
        """``on_load``: the lists, or the album builder of ``?release=<id>``; then the time zone."""
        self.error, self.notice, self.not_artist, self.release_missing = "", "", "", False
        self.confirm_kind, self.track_error_id, self.rights_ticked = "", 0, False
        wanted = self._wanted_release()
        raw = str(self.router.url.query_parameters.get("release", "") or "")
        try:
            if raw:
                if wanted is None:
                    raise NotFound("That release does not exist.")
                found = await self._call(_builder, album_id=wanted)
                self.genres = found["genres"]
                self._show_release(found["release"])
            else:
                self.release_id, self.release, self.tracks = 0, {}, []
                await self._reload_lists()
        except NotFound as exc:
            self.release_missing, self.release_id, self.error = True, 0, ui_message(exc)
        except PermissionDenied as exc:
            if needs_sign_in(exc):
                return sign_in_redirect(self)
            self.not_artist = ui_message(exc)
        except DomainError as exc:
            return self._refused(exc)
        self.loaded = True
        return [rx.call_script(TZ_SCRIPT, callback=StudioState.set_time_zone), rx.call_script(LOAD_BUILDER_SCRIPT)]

    async def _reload_lists(self) -> None:
        found = await self._call(_overview, tz_name=self.tz_name)
        self.drafts, self.drafts_total = found["drafts"], found["drafts_total"]
        self.releases, self.releases_total = found["releases"], found["releases_total"]
        self.genres = found["genres"]
        present = {d["id"] for d in self.drafts}
        self.selected = [i for i in self.selected if i in present]
        self.form_version += 1

    @rx.event
    def set_time_zone(self, name: Any):
        """The browser's time zone name (for labels and shown times)."""
        name = str(name or "")[:64]
        if name == self.tz_name or not isinstance(zone_of(name), ZoneInfo):
            return
        self.tz_name = name
        self.releases = [dict(r, when=(f"Comes out {local_time_text(r['release_at'], name)}"
                                       if r.get("release_at") else r["when"])) for r in self.releases]
        if self.release.get("release_at"):
            self.release = dict(self.release, when=f"Comes out {local_time_text(self.release['release_at'], name)}")

    @rx.event
    def toggle_draft(self, track_id: Any):
        """Choose a draft for the new release (or leave it out); the order chosen is the track order."""
        if not isinstance(track_id, int) or track_id not in {d["id"] for d in self.drafts}:
            return
        self.selected = [i for i in self.selected if i != track_id] if track_id in self.selected \
            else [*self.selected, track_id]

    @rx.event
    async def create_release(self, form: dict[str, Any]):
        """Group the chosen drafts into a new draft release, then open it in the builder."""
        self.error, self.notice = "", ""
        try:
            genre_id, when = _genre_and_date(form)
        except ValueError:
            self.error = "Choose a valid release date."
            return None
        try:
            detail = await self._call(
                releases.create_release, title=str(form.get("title", "")), track_ids=list(self.selected),
                kind=str(form.get("kind", "album")), genre_id=genre_id,
                release_date=when)
        except DomainError as exc:
            return self._refused(exc)
        self.selected = []
        return rx.redirect(f"{STUDIO}?release={detail.id}")

    @rx.event
    def ask(self, kind: str, item_id: Any, title: Any):
        """Open the confirmation dialog for a delete or an unpublish."""
        if kind in CONFIRM_TEXT and isinstance(item_id, int):
            self.confirm_kind, self.confirm_id, self.confirm_title = kind, item_id, str(title or "")[:300]

    @rx.event
    def cancel_confirm(self):
        self.confirm_kind = ""

    @rx.event
    async def confirm(self):
        """Do what the dialog asked about (the service decides whether it is allowed)."""
        kind, item_id = self.confirm_kind, self.confirm_id
        self.confirm_kind, self.error, self.notice = "", "", ""
        try:
            if kind == "delete_draft":
                await self._call(publishing.delete_track, track_id=item_id)
                await self._reload_lists()
                self.notice = "Draft deleted."
            elif kind == "delete_release":
                await self._call(publishing.delete_release, album_id=item_id)
                return rx.redirect(STUDIO)
            elif kind == "unpublish":
                self._show_release(await self._call(publishing.unpublish_release, album_id=item_id))
                self.notice = "Unpublished." if self.status == "unpublished" else "The release is no longer scheduled."
        except DomainError as exc:
            return self._refused(exc)
        return None

    @rx.event
    async def save_details(self, form: dict[str, Any]):
        """The release's title, kind, genre and release date."""
        self.error, self.notice = "", ""
        try:
            genre_id, when = _genre_and_date(form)
        except ValueError:
            self.error = "Choose a valid release date."
            return None
        try:
            detail = await self._call(
                publishing.update_release, album_id=self.release_id, title=str(form.get("title", "")),
                kind=str(form.get("kind", "")), genre_id=genre_id,
                release_date=when)
        except DomainError as exc:
            return self._refused(exc)
        self._show_release(detail)
        self.notice = "Details saved."
        return None

    @rx.event
    def set_rights(self, value: Any):
        self.rights_ticked = value is True

    async def _publish(self, when: datetime | None):
        self.error, self.notice = "", ""
        try:
            detail = await self._call(publishing.publish_release, album_id=self.release_id,
                                      affirm_rights=self.rights_ticked, publish_at=when)
        except DomainError as exc:
            return self._refused(exc)
        self._show_release(detail)
        self.notice = ("Published: listeners can find it now." if self.status == "published"
                       else f"Scheduled. It {self.release['when'][0].lower()}{self.release['when'][1:]}.")
        return None

    @rx.event
    async def publish_now(self):
        return await self._publish(None)

    @rx.event
    async def schedule(self, picked: Any):
        """``picked`` is ``{"local": "2027-01-01T09:00", "offset": 60}`` from the browser."""
        picked = picked if isinstance(picked, dict) else {}
        try:
            when = aware_time(picked.get("local"), picked.get("offset"))
        except DomainError as exc:
            self.error, self.notice = ui_message(exc), ""
            return None
        return await self._publish(when)
