"""The /admin/editorial page: feature public playlists, reorder them, edit their period, remove them.

Every handler acts as the signed-in account and lets ``services.discovery.editorial`` refuse
non-admins; a refusal empties the list, so a listener calling these over the websocket gets
nothing. Times are typed and shown in the browser's zone (its UTC offset is read once per
load) and sent to the service in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import reflex as rx

from spoticlone import routes
from spoticlone.services.core.errors import PermissionDenied
from spoticlone.services.discovery import editorial
from spoticlone.state.admin.base import AdminPageState
from spoticlone.state.refusals import ui_message

#: What a ``datetime-local`` input sends and wants.
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
#: The most any UTC offset is, in minutes (UTC-12 .. UTC+14); anything else is ignored.
MAX_OFFSET = 14 * 60
STATUS_LABELS = {"live": "Live", "scheduled": "Scheduled", "ended": "Ended", "hidden": "Hidden: playlist is private"}


def playlist_id_from(text: str) -> int | None:
    """The playlist id in a pasted link (``…/playlist/12-name``) or a bare number."""
    ref = text.strip()[:300].split("?")[0].rstrip("/")
    if "/playlist/" in ref:
        ref = ref.rsplit("/playlist/", 1)[1]
    found = routes.parse_ref(ref)
    return found if found is not None and 0 < found < 2**53 else None


class AdminEditorialState(AdminPageState, rx.State):
    features: list[dict[str, Any]] = []
    shelf_names: list[str] = []
    notice: str = ""
    #: The browser's ``getTimezoneOffset()`` (minutes behind UTC) and zone name, for display.
    tz_offset: int = 0
    tz_name: str = "UTC"
    #: The form: adding when ``editing_id`` is 0, else editing that feature.
    editing_id: int = 0
    form_playlist: str = ""
    form_shelf: str = editorial.DEFAULT_SHELF
    form_blurb: str = ""
    form_starts: str = ""
    form_ends: str = ""
    _rows: list[dict[str, Any]] = []

    _sends_visitors_to_sign_in: ClassVar[bool] = False

    def _to_local(self, when: datetime | None) -> str:
        if when is None:
            return ""
        return (when.astimezone(UTC) - timedelta(minutes=self.tz_offset)).strftime(LOCAL_FORMAT)

    def _to_utc(self, text: str, field: str) -> datetime | None:
        if not text.strip():
            return None
        try:
            local = datetime.strptime(text.strip()[:16], LOCAL_FORMAT)
        except ValueError:
            raise ValueError(f"{field}: pick a date and time.") from None
        return (local + timedelta(minutes=self.tz_offset)).replace(tzinfo=UTC)

    def _show(self) -> None:
        """Rebuild the table rows from the service's answer, in the browser's zone."""
        views = []
        for row in self._rows:
            starts, ends = self._to_local(row["starts_at"]), self._to_local(row["ends_at"])
            views.append({
                "id": row["id"], "shelf": row["shelf"], "blurb": row["blurb"],
                "playlist_name": row["playlist_name"], "playlist_url": row["playlist_url"],
                "status": row["status"], "status_label": STATUS_LABELS.get(row["status"], row["status"]),
                "period": starts.replace("T", " ") + " \u2192 " + (ends.replace("T", " ") or "no end"),
                "first": row["first"], "last": row["last"],
            })
        self.features = views

    def _take(self, found: list[editorial.AdminFeature]) -> None:
        rows = [f.model_dump() for f in found]
        for i, row in enumerate(rows):
            row["first"] = i == 0 or rows[i - 1]["shelf"] != row["shelf"]
            row["last"] = i == len(rows) - 1 or rows[i + 1]["shelf"] != row["shelf"]
        self._rows = rows
        self.shelf_names = sorted({r["shelf"] for r in rows} | {editorial.DEFAULT_SHELF},
                                  key=lambda s: (s != editorial.DEFAULT_SHELF, s.casefold()))
        self._show()

    def _show_not_allowed(self, exc: PermissionDenied) -> None:
        self.features, self._rows, self.error = [], [], ui_message(exc)

    async def _call(self, fn, **kwargs) -> bool:
        """Run ``fn`` as the signed-in account; True when it went through (its list is shown)."""
        self.error = ""
        found, _ = await self._as_admin(fn, **kwargs)
        if found is None:
            return False
        self._take(found)
        return True

    def _blank_form(self) -> dict[str, Any]:
        return dict(editing_id=0, form_playlist="", form_shelf=editorial.DEFAULT_SHELF, form_blurb="",
                    form_starts=self._to_local(datetime.now(UTC)), form_ends="")

    def _reset_form(self) -> None:
        self._replace_form(**self._blank_form())

    @rx.event
    async def load(self):
        self.notice = ""
        await self._call(editorial.list_features)
        self._fill_form(**self._blank_form())  # a form the admin is filling in (or editing) stays
        self.loaded = True
        return rx.call_script("[new Date().getTimezoneOffset(), Intl.DateTimeFormat().resolvedOptions().timeZone]",
                              callback=AdminEditorialState.set_zone)

    @rx.event
    def set_zone(self, zone: Any):
        """The browser's zone arrives: show every time in it (nonsense is ignored)."""
        if not isinstance(zone, list) or len(zone) != 2:
            return
        offset, name = zone
        if isinstance(offset, int) and not isinstance(offset, bool) and abs(offset) <= MAX_OFFSET:
            old = self.tz_offset
            self.tz_offset = offset
            self.tz_name = str(name or "")[:60] or "your time zone"
            if not self.editing_id and self.form_starts:
                moved = datetime.strptime(self.form_starts, LOCAL_FORMAT) + timedelta(minutes=old - offset)
                self.form_starts = moved.strftime(LOCAL_FORMAT)
            self._show()

    @rx.event
    def set_form_playlist(self, value: str):
        self._type("form_playlist", str(value)[:300])

    @rx.event
    def set_form_shelf(self, value: str):
        self._type("form_shelf", str(value)[:editorial.MAX_SHELF])

    @rx.event
    def set_form_blurb(self, value: str):
        self._type("form_blurb", str(value)[:editorial.MAX_BLURB])

    @rx.event
    def set_form_starts(self, value: str):
        self._type("form_starts", str(value)[:16])

    @rx.event
    def set_form_ends(self, value: str):
        self._type("form_ends", str(value)[:16])

    @rx.event
    async def save(self, form_data: dict[str, Any] | None = None):
        """Add a feature, or save the one being edited (the form's values are already in state)."""
        self.notice = ""
        try:
            starts = self._to_utc(self.form_starts, "Start")
            ends = self._to_utc(self.form_ends, "End")
        except ValueError as exc:
            self.error = str(exc)
            return
        if starts is None:
            self.error = "Start: pick a date and time."
            return
        fields = dict(starts_at=starts, ends_at=ends, shelf=self.form_shelf, blurb=self.form_blurb)
        if self.editing_id:
            if await self._call(editorial.update_feature, feature_id=self.editing_id, **fields):
                self.notice = "Feature saved."
                self._reset_form()
            return
        playlist_id = playlist_id_from(self.form_playlist)
        if playlist_id is None:
            self.error = "Paste a playlist link (…/playlist/12-name) or its number."
            return
        if await self._call(editorial.add_feature, playlist_id=playlist_id, **fields):
            self.notice = "Playlist featured."
            self._reset_form()

    @rx.event
    def edit(self, feature_id: int):
        """Fill the form with a feature's values."""
        row = next((r for r in self._rows if r["id"] == feature_id), None)
        if row is None:
            self.error = "That featured playlist does not exist."
            return
        self.error = self.notice = ""
        self._pick(editing_id=row["id"], form_playlist=row["playlist_name"], form_shelf=row["shelf"],
                   form_blurb=row["blurb"], form_starts=self._to_local(row["starts_at"]),
                   form_ends=self._to_local(row["ends_at"]))

    @rx.event
    def cancel_edit(self):
        self.error = ""
        self._reset_form()

    @rx.event
    async def move(self, feature_id: int, offset: int):
        if not isinstance(feature_id, int) or not isinstance(offset, int) or not 0 < feature_id < 2**53:
            return
        self.notice = ""
        if await self._call(editorial.move_feature, feature_id=feature_id, offset=offset):
            self.notice = "Moved " + ("up." if offset < 0 else "down.")

    @rx.event
    async def remove(self, feature_id: int):
        if not isinstance(feature_id, int) or not 0 < feature_id < 2**53:
            return
        self.notice = ""
        if await self._call(editorial.remove_feature, feature_id=feature_id):
            self.notice = "No longer featured."
            if self.editing_id == feature_id:
                self._reset_form()
