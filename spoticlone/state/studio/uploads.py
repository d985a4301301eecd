"""The upload page's state (``/studio/upload``): the artist's recent uploads and their status.

The files themselves never pass through this state or Reflex's own upload route: the
browser sends each one with ``assets/studio_upload.js`` straight to the guarded REST
endpoints of the resumable protocol (``/api/v1/studio/uploads/sessions``, session cookie,
same origin), which write it to disk piece by piece and check it
(``services.studio.chunked``); a dropped connection resumes from the server's offset. The script draws the
progress bars itself and, when a file is done, reports it here (``report``) so the list
below is read again; while any upload is still ``received`` or ``processing`` the script
asks for ``refresh`` every two seconds. Every list comes from ``uploads.list_uploads``,
as the signed-in account: what the browser reports is only a cue to look again.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.branding import page_title as document_title
from spoticlone.config import get_settings
from spoticlone.services.core.errors import DomainError, PermissionDenied
from spoticlone.services.studio import uploads
from spoticlone.services.studio.uploads import UploadOut
from spoticlone.state.acting import as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.refusals import needs_sign_in, ui_message

#: How many recent uploads the page lists (one page of the service).
LIST_SIZE = 20
#: At most this many outcomes are read from one report (a batch is sent a few at a time).
MAX_REPORT = 50
SCRIPT = "/studio_upload.js"
LOAD_SCRIPT = (
    "if (window.scStudioUpload) { window.scStudioUpload.refresh(); } else { "
    "var s = document.createElement('script'); s.src = " + json.dumps(SCRIPT) + "; "
    "document.head.appendChild(s); }"
)
STATUS_LABELS = {"received": "Waiting", "processing": "Processing", "ready": "Ready", "failed": "Failed"}
PENDING = ("received", "processing")
#: The outcomes the script reports for a file (anything else is ignored).
RESULTS = ("sent", "refused", "cancelled", "error")


def size_text(size: int) -> str:
    """A file size as people read it: ``812 kB``, ``4.2 MB``, ``61 MB``."""
    if size < 1024 * 1024:
        return f"{max(1, size // 1024) if size else 0} kB"
    mb = size / (1024 * 1024)
    return f"{mb:.1f} MB" if mb < 10 else f"{int(mb)} MB"


def _when(moment: datetime) -> str:
    return moment.strftime("%d %b %Y, %H:%M UTC")


def upload_view(upload: UploadOut) -> dict[str, Any]:
    """One upload as the list shows it."""
    ready = upload.status == "ready" and upload.track_id is not None
    return {
        "id": upload.id,
        "filename": upload.filename,
        "size": size_text(upload.size),
        "status": upload.status,
        "label": STATUS_LABELS.get(upload.status, upload.status),
        "error": upload.error if upload.status == "failed" else "",
        "track_title": upload.track_title or "",
        "lyrics_url": routes.studio_lyrics_url(upload.track_id) if ready and upload.track_id else "",
        "when": _when(upload.created_at),
        "pending": upload.status in PENDING,
    }


def _recent(session, *, actor):
    return uploads.list_uploads(session, actor=actor, page=1, page_size=LIST_SIZE)


class StudioUploadState(rx.State):
    """The signed-in artist's recent uploads, read again while any is still being processed."""

    loaded: bool = False
    not_artist: str = ""
    uploads: list[dict[str, Any]] = []
    total: int = 0
    error: str = ""
    notice: str = ""
    sent_count: int = 0
    max_bytes: int = 0
    limit_text: str = ""

    @rx.var
    def page_title(self) -> str:
        return document_title("Upload music")

    @rx.var
    def pending(self) -> bool:
        return any(row.get("pending") for row in self.uploads)

    async def _read(self) -> None:
        """The recent uploads as the cookie's account; raises ``DomainError``."""
        user_id = await signed_in_user_id(self)
        found = await call_service(as_actor(_recent), user_id=user_id)
        self.uploads = [upload_view(upload) for upload in found.items]
        self.total = found.total

    @rx.event
    async def load(self):
        """``on_load``: the recent uploads of the signed-in artist, then the page's script."""
        self.loaded, self.not_artist, self.error, self.notice = False, "", "", ""
        self.uploads, self.total, self.sent_count = [], 0, 0
        limit_mb = get_settings().max_upload_mb
        self.max_bytes, self.limit_text = limit_mb * 1024 * 1024, f"{limit_mb} MB"
        try:
            await self._read()
        except PermissionDenied as exc:
            if needs_sign_in(exc):
                return sign_in_redirect(self)
            self.not_artist = ui_message(exc)
            self.loaded = True
            return None
        except DomainError as exc:
            self.error = ui_message(exc)
        self.loaded = True
        return rx.call_script(LOAD_SCRIPT)

    @rx.event
    async def refresh(self):
        """Read the list again (the script asks every ~2 s while an upload is pending)."""
        if not self.loaded or self.not_artist:
            return None
        return await self._refresh()

    async def _refresh(self):
        try:
            await self._read()
        except DomainError as exc:
            if needs_sign_in(exc):
                return sign_in_redirect(self)
            self.error = ui_message(exc)
            return None
        self.error = ""
        return None

    @rx.event
    async def report(self, outcomes: Any):
        """Files the script finished sending: say how the batch went and read the list again.

        ``outcomes`` is ``[{"name": ..., "result": "sent" | "refused" | "cancelled" | "error"}]``
        as the browser reports it; it only words the notice (the list comes from the service).
        """
        if not isinstance(outcomes, list) or not self.loaded or self.not_artist:
            return None
        results = [str(item.get("result")) for item in outcomes[:MAX_REPORT]
                   if isinstance(item, dict) and item.get("result") in RESULTS]
        if not results:
            return None
        self.sent_count += results.count("sent")
        if self.sent_count:
            files = "file" if self.sent_count == 1 else "files"
            self.notice = f"{self.sent_count} {files} sent. Each one becomes a draft when it is ready."
        return await self._refresh()
