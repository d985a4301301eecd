"""The backup card on /admin/users: when the last backup ran, whether it verified, back up now,
and what the last media sweep found.

Handlers act for the signed-in account; ``services.lifecycle.schedule`` refuses non-admins,
and a refusal leaves the card empty. Only a few words of status are held in state.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import reflex as rx

from spoticlone.config import get_settings
from spoticlone.services.lifecycle import schedule
from spoticlone.services.lifecycle.schedule import BackupOverview, BackupRunOut
from spoticlone.services.lifecycle.sweep_status import StrayMedia
from spoticlone.state.admin.base import AdminPageState

#: What each run status reads as on the card.
STATUS_WORDS = {"verified": "Verified", "failed": "Failed", "running": "Running", "queued": "Queued",
                "interrupted": "Interrupted"}


def when(moment: datetime | None) -> str:
    """A run's time as the card shows it (UTC, to the minute)."""
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def size_words(size: int) -> str:
    """Bytes as MB or GB, for people."""
    return f"{size / 1e9:.1f} GB" if size >= 1e9 else f"{size / 1e6:.1f} MB"


def last_run_words(run: BackupRunOut) -> str:
    return f"{when(run.finished_at or run.started_at or run.queued_at)} · {run.trigger}"


def stray_media_words(found: StrayMedia | None) -> str:
    """The last media sweep as the card says it."""
    if found is None:
        return "Not checked yet (the job worker looks every Sunday)"
    checked = f"checked {when(found.checked_at)}"
    if not found.files:
        return f"None · {checked}"
    crashed = f", {found.temporary} left mid-write by a crash" if found.temporary else ""
    files = f"{found.files} stray file{'s' if found.files != 1 else ''}"
    return f"{files}, {size_words(found.size_bytes)}{crashed} · {checked}"


class AdminBackupsState(AdminPageState, rx.State):
    configured: bool = False
    backup_dir: str = ""
    retention: str = ""
    last_run: str = ""
    last_status: str = ""
    last_error: str = ""
    last_verified: str = ""
    stray_media: str = ""
    stray_files: int = 0
    notice: str = ""

    #: A visitor, like a listener, just gets an empty card.
    _sends_visitors_to_sign_in: ClassVar[bool] = False

    def _show(self, overview: BackupOverview) -> None:
        self.configured = overview.configured
        self.backup_dir = overview.backup_dir or ""
        self.retention = f"{overview.keep_daily} daily, {overview.keep_weekly} weekly"
        latest = overview.runs[0] if overview.runs else None
        self.last_run = last_run_words(latest) if latest else ""
        self.last_status = STATUS_WORDS.get(latest.status, latest.status) if latest else ""
        self.last_error = latest.error if latest else ""
        good = overview.last_verified
        self.last_verified = (f"{when(good.finished_at)} · {size_words(good.size_bytes)}, "
                              f"{good.file_count} files" if good else "")
        self.stray_media = stray_media_words(overview.stray_media)
        self.stray_files = overview.stray_media.files if overview.stray_media else 0

    @rx.event
    async def load(self):
        """``on_load``: the backup status (nothing for non-admins)."""
        self.error, self.notice = "", ""
        overview, _ = await self._as_admin(schedule.list_backups, settings=get_settings())
        if overview is not None:
            self._show(overview)
        self.loaded = True

    @rx.event
    async def back_up_now(self):
        """Queue a backup for the job worker, then show the status again."""
        from spoticlone.jobs.lifecycle_tasks import requested_backup

        self.error, self.notice = "", ""
        run, _ = await self._as_admin(schedule.request_backup, settings=get_settings(), enqueue=requested_backup)
        if run is not None:
            self.notice = "Backup queued. It is verified when written; refresh to see the result."
        overview, _ = await self._as_admin(schedule.list_backups, settings=get_settings())
        if overview is not None:
            self._show(overview)
