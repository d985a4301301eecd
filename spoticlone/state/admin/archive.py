"""Archive (end-of-life) mode in the UI: the site-wide banner and the admin's switch.

The banner is public (every page's shell loads it). The switch page acts for the
signed-in account; ``services.lifecycle.archive`` refuses anyone but an admin. Writes
made while archived are refused by the service layer's flush guard, so every page's
handlers answer with the same message without knowing about archive mode.
"""

from __future__ import annotations

from datetime import date

import reflex as rx

from spoticlone.services.lifecycle import archive, bulk_export
from spoticlone.services.lifecycle.archive import ArchiveStatus
from spoticlone.services.lifecycle.bulk_export import BulkExportOut
from spoticlone.state.admin.base import AdminPageState
from spoticlone.state.common import call_service
from spoticlone.state.safety import guarded


def _parse_day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip()[:10]) if raw and raw.strip() else None
    except ValueError:
        return None


class ArchiveBannerState(rx.State):
    """Whether the service is read-only, and the sentence every visitor is shown."""

    archived: bool = False
    notice: str = ""

    @rx.event
    @guarded
    async def load(self):
        status = await call_service(archive.archive_status)
        self.archived, self.notice = status.enabled, status.notice if status.enabled else ""


class AdminArchiveState(AdminPageState, rx.State):
    """The /admin/archive form; ``allowed`` stays False for anyone but an admin."""

    enabled: bool = False
    message: str = ""
    contact: str = ""
    closes_on: str = ""
    changed: str = ""
    notice: str = ""
    busy: bool = False
    #: The newest "export everyone's data" run: status, "n of m accounts", where the files are.
    export_status: str = ""
    export_progress: str = ""
    export_percent: int = 0
    export_folder: str = ""
    export_error: str = ""

    def _show_export(self, run: BulkExportOut | None) -> None:
        self.export_status = run.status if run else ""
        self.export_folder = run.folder if run and run.status == "done" else ""
        self.export_percent = round(100 * run.done / run.total) if run and run.total else 0
        self.export_progress = (f"{run.done:,} of {run.total:,} accounts" if run and run.total else "")
        if run and run.failed:
            self.export_progress += f" ({run.failed} could not be written: see manifest.json)"
        self.export_error = run.error if run else ""

    def _show(self, status: ArchiveStatus, *, saved: bool = False) -> None:
        """The stored switch; its text fields keep what the admin typed unless they were just ``saved``."""
        self.enabled = status.enabled
        fill = self._replace_form if saved else self._fill_form
        fill(message=status.message, contact=status.contact,
             closes_on=status.closes_on.isoformat() if status.closes_on else "")
        self.changed = f"{status.changed_at:%-d %B %Y, %H:%M} UTC" if status.changed_at else ""

    @rx.event
    @guarded
    async def load(self):
        self.error, self.notice = "", ""
        status, redirect = await self._as_admin(archive.admin_status)
        self.loaded = True
        if redirect is not None:
            yield redirect
        elif status is not None:
            self._show(status)
            run, _ = await self._as_admin(bulk_export.latest_run)
            self._show_export(run)

    @rx.event
    @guarded
    async def start_export(self):
        """Queue the export of every account's data; the card then shows its progress."""
        from spoticlone.config import get_settings
        from spoticlone.jobs.lifecycle_tasks import export_everyone

        self.error = ""
        run, redirect = await self._as_admin(bulk_export.request_bulk_export, data_dir=get_settings().data_dir,
                                             enqueue=export_everyone)
        if redirect is not None:
            yield redirect
            return
        latest, _ = await self._as_admin(bulk_export.latest_run)
        self._show_export(latest or run)

    @rx.event
    @guarded
    async def refresh_export(self):
        run, _ = await self._as_admin(bulk_export.latest_run)
        self._show_export(run)

    @rx.event
    def set_message(self, value: str):
        self._type("message", value[: archive.MAX_MESSAGE])

    @rx.event
    def set_contact(self, value: str):
        self._type("contact", value[: archive.MAX_CONTACT])

    @rx.event
    def set_closes_on(self, value: str):
        self._type("closes_on", value[:10])

    async def _save(self, enabled: bool):
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        yield
        if self.closes_on and _parse_day(self.closes_on) is None:
            self.error, self.busy = "Enter the closing date as a date (YYYY-MM-DD).", False
            return
        status, redirect = await self._as_admin(archive.set_archive, enabled=enabled, message=self.message,
                                                contact=self.contact, closes_on=_parse_day(self.closes_on))
        self.busy = False
        if redirect is not None:
            yield redirect
            return
        if status is not None:
            self._show(status, saved=True)
            self.notice = ("Archive mode is on: the service is read-only." if enabled
                           else "Archive mode is off: everything is open again.")
            banner = await self.get_state(ArchiveBannerState)
            banner.archived, banner.notice = status.enabled, status.notice if status.enabled else ""

    @rx.event
    @guarded
    async def turn_on(self):
        async for update in self._save(True):
            yield update

    @rx.event
    @guarded
    async def turn_off(self):
        async for update in self._save(False):
            yield update

