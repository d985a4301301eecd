"""The "Your data" settings page: ask for a copy, watch its progress, download it once.

Handlers act for the signed-in account (``as_actor``); ``services.accounts.data_export``
decides everything. While the job runs, ``watch`` (a background handler) reads the status
once a second, so the progress bar moves without a reload. The emailed link lands here with
``?export=<id>&token=<token>``: the download button then uses that token as it is; otherwise
pressing it makes a fresh one-time link and the browser follows it.
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime

import reflex as rx

from spoticlone.services.accounts import data_export
from spoticlone.services.accounts.data_export import DataExportOut
from spoticlone.services.core.errors import DomainError, PermissionDenied
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.refusals import ui_message

WATCH_EVERY_S = 1.0
#: Stop watching after this many reads (an hour) even if the job never finishes.
WATCH_LIMIT = 3600
BUSY = ("queued", "running")
STATUS_WORDS = {"queued": "Waiting to start", "running": "Gathering your data", "ready": "Ready to download",
                "downloaded": "Downloaded", "expired": "Expired", "failed": "Failed"}


def _when(moment: datetime | None) -> str:
    return moment.strftime("%d %b %Y, %H:%M UTC") if moment else ""


def _size(size: int) -> str:
    return f"{size / 1e9:.1f} GB" if size >= 1e9 else f"{max(size, 1) / 1e6:.1f} MB" if size >= 1e5 else \
        f"{max(1, round(size / 1e3))} KB"


class DataExportState(rx.State):
    loaded: bool = False
    export_id: int = 0
    status: str = ""
    progress: int = 0
    stage: str = ""
    requested_at: str = ""
    expires_at: str = ""
    size: str = ""
    #: A download URL that carries the emailed token (set only when the page came from that email).
    link_url: str = ""
    error: str = ""
    notice: str = ""
    _watching: bool = False
    #: The link the Download button made on this page. Made once: a second press (or a repeated
    #: event) follows the same link instead of replacing it under the first one's request.
    _minted: str = ""

    @rx.var
    def busy(self) -> bool:
        return self.status in BUSY

    @rx.var
    def status_words(self) -> str:
        return STATUS_WORDS.get(self.status, "")

    def _show(self, export: DataExportOut | None) -> None:
        if export is None:
            self.export_id, self.status, self.progress, self.stage = 0, "", 0, ""
            self.requested_at = self.expires_at = self.size = ""
            return
        self.export_id, self.status, self.progress = export.id, export.status, export.progress
        self.stage = export.stage if export.status in BUSY else ""
        self.requested_at, self.expires_at = _when(export.requested_at), _when(export.expires_at)
        self.size = _size(export.size_bytes) if export.size_bytes else ""
        if export.status == "failed":
            self.error = export.error

    async def _latest(self, user_id: int) -> DataExportOut | None:
        exports = await call_service(as_actor(data_export.list_exports), user_id=user_id)
        return exports[0] if exports else None

    def _emailed_link(self) -> str:
        query = self.router.url.query_parameters
        token, export = str(query.get("token", ""))[:100], str(query.get("export", ""))
        if self.status == "ready" and token and export == str(self.export_id):
            return data_export.download_url(self.export_id, token)
        return ""

    @rx.event
    async def load(self):
        """``on_load``: the newest export, and its progress if one is running."""
        self.error, self.notice, self.link_url, self._minted = "", "", "", ""
        user_id = await signed_in_user_id(self)
        if user_id is None:
            self._show(None)
            self.loaded = True
            return
        self._show(await self._latest(user_id))
        self.link_url = self._emailed_link()
        self.loaded = True
        if self.status in BUSY and not self._watching:
            return DataExportState.watch

    @rx.event
    async def request_copy(self):
        """Ask for a new copy; the job starts and the bar follows it."""
        from spoticlone.jobs.export_tasks import build_data_export

        self.error, self.notice, self.link_url, self._minted = "", "", "", ""
        user_id = await signed_in_user_id(self)
        try:
            if user_id is None:
                raise PermissionDenied("Sign in to ask for a copy of your data.")
            made = await call_service(as_actor(data_export.request_export), user_id=user_id,
                                      enqueue=build_data_export)
        except DomainError as exc:
            self.error = ui_message(exc)
            return
        latest = await call_service(as_actor(data_export.export_status), user_id=user_id, export_id=made.id)
        self._show(latest)
        self.notice = "We are gathering your data. You can leave this page: we email you when it is ready."
        if self.status in BUSY and not self._watching:
            return DataExportState.watch

    @rx.event(background=True)
    async def watch(self):
        """Read the status once a second while the job runs (the progress bar)."""
        async with self:
            if self._watching:
                return
            self._watching = True
            # The cookie is read once, under the lock (a background task reads state only there).
            user_id = await signed_in_user_id(self)
            export_id = self.export_id
        try:
            for _ in range(WATCH_LIMIT):
                await asyncio.sleep(WATCH_EVERY_S)
                if user_id is None or not export_id:
                    return
                try:
                    current = await call_service(as_actor(data_export.export_status), user_id=user_id,
                                                 export_id=export_id)
                except DomainError:
                    return
                async with self:
                    self._show(current)
                    if current.status not in BUSY:
                        if current.status == "ready":
                            self.notice = "Your data is ready. We also emailed you a link."
                        return
        finally:
            async with self:
                self._watching = False

    @rx.event
    async def download(self):
        """Make a fresh one-time link to the ready export and let the browser follow it."""
        self.error = ""
        if not self._minted:
            user_id = await signed_in_user_id(self)
            try:
                if user_id is None or not self.export_id:
                    raise PermissionDenied("Sign in to download your data.")
                link = await call_service(as_actor(data_export.new_download_link), user_id=user_id,
                                          export_id=self.export_id)
            except DomainError as exc:
                self.error = ui_message(exc)
                return None
            self._minted = link.url
        self.status = "downloaded"
        self.notice = "Your download has started. Each copy downloads once."
        return rx.call_script("window.location.assign(" + json.dumps(self._minted) + ")")

    @rx.event
    def follow_emailed_link(self):
        """Download with the emailed link's token (that link is then used up)."""
        if not self.link_url:
            return None
        url, self.link_url = self.link_url, ""
        self.status = "downloaded"
        self.notice = "Your download has started. Each copy downloads once."
        return rx.call_script("window.location.assign(" + json.dumps(url) + ")")
