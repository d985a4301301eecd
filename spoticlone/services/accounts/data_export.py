"""A listener's copy of their data: ask for it, follow it, download it once, and the clean-up.

The rules in one place, for the settings page, the REST API and the job:

- One export at a time per account, and one request a day (``REQUEST_EVERY``): building a
  zip with an artist's original files is heavy, and the data changes little in a day.
- The job (``jobs/export_tasks.py``) calls ``run_export``: the zip is written outside any
  transaction (``data_export_archive``) while ``progress`` is saved in short ones, then a
  link is mailed.
- The link carries a random token; only its SHA-256 is stored. It works for the owner,
  signed in, once, until ``EXPORT_TTL`` has passed; ``sweep_exports`` then deletes the file.
  The settings page's button makes a fresh link (the old one stops working).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.integrations.mailer import Mailer, MailerError
from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import DataExport, User
from spoticlone.models.common import saved_id
from spoticlone.services.accounts.data_export_archive import write_archive
from spoticlone.services.accounts.data_export_mail import export_ready_email
from spoticlone.services.core.actor import Actor, require_user
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Conflict, NotFound, RateLimited
from spoticlone.services.core.job_handoff import hand_to_queue

log = logging.getLogger(__name__)

EXPORT_TTL = timedelta(days=7)
REQUEST_EVERY = timedelta(hours=24)
#: A job still queued or running after this long was cut off (worker stopped): a new request may start.
STUCK_AFTER = timedelta(hours=6)
BUSY = ("queued", "running")
NOT_FOUND = "No such data export."
BAD_LINK = ("This download link is not valid (a newer one may have replaced it). Use the Download button "
            "under Settings, Your data.")
USED = ("This download link was already used: each copy of your data downloads once. You can ask for a new "
        "copy under Settings, Your data.")
EXPIRED = ("This download link has expired and the file was deleted. You can ask for a new copy under Settings, "
           "Your data.")
FAILED = "Something went wrong while gathering your data. Please ask again; if it keeps failing, contact us."


class DataExportOut(DTO):
    """One export as the settings page and the API show it."""

    id: int
    status: str
    progress: int
    stage: str
    size_bytes: int
    error: str
    requested_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None
    downloaded_at: datetime | None


class DownloadLink(DTO):
    """A one-time download URL (relative to the site) and when it stops working."""

    url: str
    expires_at: datetime


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=SYSTEM_CLOCK.now().tzinfo)


def _out(row: DataExport, now: datetime) -> DataExportOut:
    status = row.status
    if status == "ready" and row.expires_at is not None and _aware(row.expires_at) <= now:
        status = "expired"
    elif status in BUSY and now - _aware(row.requested_at) > STUCK_AFTER:
        status = "failed"
    return DataExportOut(id=saved_id(row), status=status, progress=row.progress, stage=row.stage,
                         size_bytes=row.size_bytes, error=row.error or (FAILED if status == "failed" else ""),
                         requested_at=row.requested_at, finished_at=row.finished_at, expires_at=row.expires_at,
                         downloaded_at=row.downloaded_at)


def exports_folder(data_dir: Path) -> Path:
    """Where the zips are written: a folder of the data dir that is never served directly."""
    return data_dir / "exports"


def token_hash(token: str) -> str:
    """What is stored of a link's token: its SHA-256 (the token is 256 random bits, so no salt)."""
    return hashlib.sha256(token.encode()).hexdigest()


def download_url(export_id: int, token: str) -> str:
    """The API path that streams the zip (the signed-in owner's browser follows it)."""
    return f"{routes.API_V1}/me/exports/{export_id}/download?token={token}"


def request_export(session: Session, *, actor: Actor, enqueue: Callable[[int], object],
                   clock: Clock = SYSTEM_CLOCK) -> DataExportOut:
    """Queue a new export of the actor's data and hand it to the job queue.

    Raises:
        Conflict: an export is already being gathered.
        RateLimited: the last request was less than a day ago (says when the next may be).
    """
    user = require_user(actor)
    now = clock.now()
    recent = session.exec(select(DataExport).where(
        DataExport.user_id == user.id, col(DataExport.requested_at) >= now - REQUEST_EVERY)
        .order_by(col(DataExport.id).desc())).all()
    if any(row.status in BUSY and now - _aware(row.requested_at) <= STUCK_AFTER for row in recent):
        raise Conflict("Your data is already being gathered. This page shows its progress; we email you when "
                       "it is ready.")
    counted = [row for row in recent if _out(row, now).status != "failed"]
    if counted:
        next_at = _aware(counted[0].requested_at) + REQUEST_EVERY
        still = "; your last copy is still ready to download" if _out(counted[0], now).status == "ready" else ""
        raise RateLimited(f"You can ask for a copy of your data once a day. Try again after "
                          f"{next_at.strftime('%d %B, %H:%M')} UTC{still}.",
                          retry_after=int((next_at - now).total_seconds()) + 1)
    row = DataExport(user_id=saved_id(user), requested_at=now, stage="Waiting to start")
    session.add(row)
    session.commit()
    hand_to_queue(session, row, enqueue)
    session.refresh(row)
    return _out(row, clock.now())


def _own(session: Session, actor: Actor, export_id: int) -> DataExport:
    user = require_user(actor)
    row = session.get(DataExport, export_id)
    if row is None or row.user_id != user.id:
        raise NotFound(NOT_FOUND)
    return row


def export_status(session: Session, *, actor: Actor, export_id: int, clock: Clock = SYSTEM_CLOCK) -> DataExportOut:
    """One of the actor's exports (another account's is "not found")."""
    return _out(_own(session, actor, export_id), clock.now())


def list_exports(session: Session, *, actor: Actor, clock: Clock = SYSTEM_CLOCK) -> list[DataExportOut]:
    """The actor's last ten exports, newest first."""
    user = require_user(actor)
    rows = session.exec(select(DataExport).where(DataExport.user_id == user.id)
                        .order_by(col(DataExport.id).desc()).limit(10)).all()
    now = clock.now()
    return [_out(row, now) for row in rows]


def _ready(row: DataExport, now: datetime) -> None:
    status = _out(row, now).status
    if status == "downloaded":
        raise Conflict(USED)
    if status == "expired":
        raise Conflict(EXPIRED)
    if status != "ready" or not row.file_name:
        raise Conflict("This copy of your data is not ready yet.")


def new_download_link(session: Session, *, actor: Actor, export_id: int,
                      clock: Clock = SYSTEM_CLOCK) -> DownloadLink:
    """A fresh one-time link for a ready export; any link made before stops working."""
    row = _own(session, actor, export_id)
    _ready(row, clock.now())
    token = secrets.token_urlsafe(32)
    row.token_hash = token_hash(token)
    session.add(row)
    session.commit()
    return DownloadLink(url=download_url(saved_id(row), token), expires_at=_aware(row.expires_at or clock.now()))


def claim_download(session: Session, *, actor: Actor, export_id: int, token: str, folder: Path,
                   clock: Clock = SYSTEM_CLOCK) -> Path:
    """Use the link: the zip's path, marked downloaded so the link never works again.

    The owner only (others get "not found"), with the newest link's token, before it expires.
    """
    row = _own(session, actor, export_id)
    now = clock.now()
    _ready(row, now)
    if not token or not row.token_hash or not hmac.compare_digest(row.token_hash, token_hash(token)):
        raise NotFound(BAD_LINK)
    path = folder / (row.file_name or "")
    if not path.is_file():
        raise Conflict(EXPIRED)
    row.status, row.downloaded_at, row.token_hash = "downloaded", now, None
    session.add(row)
    session.commit()
    return path


def discard_file(path: Path) -> None:
    """Delete a downloaded zip (after its response was sent)."""
    path.unlink(missing_ok=True)


class _ProgressWriter:
    """Saves the job's progress in short transactions, only when the percentage moves."""

    def __init__(self, engine: Engine, export_id: int):
        self.engine, self.export_id, self.last = engine, export_id, -1

    def __call__(self, done: int, total: int, stage: str) -> None:
        percent = min(99, int(done * 100 / max(total, 1)))
        if percent == self.last:
            return
        self.last = percent
        _update(self.engine, self.export_id, progress=percent, stage=_stage_words(stage))


def _stage_words(stage: str) -> str:
    if stage.startswith("artist/originals/"):
        return "Copying your original audio files"
    if stage.startswith("pictures/"):
        return "Copying your pictures"
    return {"playlists": "Writing your playlists", "done": "Finishing"}.get(stage, f"Gathering {stage}")[:100]


def _update(engine: Engine, export_id: int, **fields) -> None:
    with Session(engine) as session:
        row = session.get(DataExport, export_id)
        if row is None:
            return
        for name, value in fields.items():
            setattr(row, name, value)
        session.add(row)
        session.commit()


def run_export(export_id: int, *, engine: Engine, folder: Path, store: MediaStore, mailer: Mailer,
               origin: str, clock: Clock = SYSTEM_CLOCK) -> str:
    """The job: write the zip with progress, make its link and mail it. Returns the new status."""
    with Session(engine, expire_on_commit=False) as session:
        row = session.get(DataExport, export_id)
        if row is None or row.status != "queued":
            return row.status if row else "missing"
        row.status, row.started_at, row.stage = "running", clock.now(), "Starting"
        session.add(row)
        session.commit()
        user_id = row.user_id
    file_name = f"{export_id}-{secrets.token_hex(8)}.zip"
    try:
        with Session(engine, expire_on_commit=False) as session:
            user = session.get(User, user_id)
            if user is None:
                raise RuntimeError("the account is gone")
            summary = write_archive(session, user=user, destination=folder / file_name, store=store,
                                    origin=origin, progress=_ProgressWriter(engine, export_id))
            email, username = user.email, user.username
    except Exception:
        log.exception("data export %s failed", export_id)
        (folder / file_name).unlink(missing_ok=True)
        _update(engine, export_id, status="failed", error=FAILED, finished_at=clock.now())
        return "failed"
    token = secrets.token_urlsafe(32)
    expires = clock.now() + EXPORT_TTL
    _update(engine, export_id, status="ready", progress=100, stage="Ready", file_name=file_name,
            size_bytes=summary.size_bytes, token_hash=token_hash(token), finished_at=clock.now(), expires_at=expires)
    link = f"{origin}{routes.SETTINGS_PRIVACY}?export={export_id}&token={token}"
    try:
        mailer.send(export_ready_email(email, username, link, expires))
    except (MailerError, ValueError):
        log.exception("could not mail the link of data export %s; the settings page still offers it", export_id)
    return "ready"


def sweep_exports(session: Session, *, folder: Path, clock: Clock = SYSTEM_CLOCK) -> int:
    """Delete expired, downloaded and abandoned zips; returns how many files were removed."""
    now = clock.now()
    removed = 0
    rows = session.exec(select(DataExport).where(col(DataExport.file_name).is_not(None))).all()
    for row in rows:
        status = _out(row, now).status
        if status in ("expired", "downloaded", "failed"):
            if (folder / (row.file_name or "")).exists():
                removed += 1
            discard_file(folder / (row.file_name or ""))
            row.file_name, row.token_hash = None, None
            row.status = "failed" if status == "failed" else ("expired" if status == "expired" else row.status)
            session.add(row)
    for stuck in session.exec(select(DataExport).where(col(DataExport.status).in_(BUSY))).all():
        if _out(stuck, now).status == "failed":
            stuck.status, stuck.error = "failed", FAILED
            session.add(stuck)
    session.commit()
    known = {row.file_name for row in session.exec(select(DataExport).where(col(DataExport.file_name).is_not(None)))}
    if folder.is_dir():
        for path in folder.iterdir():
            old = now.timestamp() - path.stat().st_mtime > STUCK_AFTER.total_seconds()
            if path.name not in known and old:
                discard_file(path)
                removed += 1
    return removed
