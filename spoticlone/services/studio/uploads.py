"""Artists upload audio: received as a stream, checked on arrival, ingested as drafts later.

An upload goes through three steps:

1. Before a byte of the body is read: the actor must be an artist
   (``ownership.own_artist``), and a declared ``Content-Length`` must fit both the size cap
   (``SPOTICLONE_MAX_UPLOAD_MB``) and what is left of the artist's storage quota
   (``SPOTICLONE_ARTIST_QUOTA_MB``), as ``receiving.plan_upload`` decides.
2. While receiving: the body is written to ``<data_dir>/uploads/<token>/`` and hashed
   (SHA-256) as it arrives, and cut off the moment it passes the cap or the quota
   (``picture_uploads.bounded``, the one bounded reader). An empty file, a file whose
   first bytes are no audio format we know (``audio_probe.detect_kind``, the probe's own
   sniffing, which reads bytes and parses nothing) and the same content this artist already
   uploaded are refused at once, as is a scrap under 1 kB. Any refusal removes what was received.
   A file may also arrive in pieces over several requests (``chunked``); it then joins here.
3. In the background (the ``ingest_upload`` job calls ``process_upload``): ``media.ingestion.ingest_file``
   parses the file in its sandbox and makes it a draft of this artist (or, for an upload that
   names a track, ``replace_audio`` puts it in place of that track's audio); the upload row
   says READY (with the track) or FAILED (with the reason), and the received file is removed
   either way.

Duplicates are recognised among the files uploaded here (the hash is kept on the upload
row); a file that failed may be sent again.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import time
from collections.abc import AsyncIterable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import (
    AudioUpload,
    Track,
    TrackStatus,
    UploadSession,
    UploadSessionStatus,
    UploadStatus,
    User,
    utcnow,
)
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import is_admin, require_user
from spoticlone.services.core.dto import DTO, Page, check_page
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.media.ingestion import IngestOverrides, ingest_file
from spoticlone.services.studio import ownership, receiving, replace_audio
from spoticlone.services.studio.receiving import EMPTY, FOLDER, TOO_SMALL, clean_filename, storage_used

__all__ = ["EMPTY", "FOLDER", "LOST", "TOO_SMALL", "UploadOut", "clean_filename", "fail_upload", "get_upload",
           "list_uploads", "process_upload", "storage_used", "sweep_incoming", "upload_audio"]

log = logging.getLogger(__name__)

UPLOAD_NOT_FOUND = "That upload does not exist."
LOST = "This upload could not be processed. Please upload the file again."


class UploadOut(DTO):
    """One upload as its artist sees it: what was sent and what became of it."""

    id: int
    artist_id: int
    filename: str
    size: int
    sha256: str
    status: Literal["received", "processing", "ready", "failed"]
    error: str  # why it failed, in words for the artist ("" unless failed)
    track_id: int | None
    track_title: str | None
    replace_track_id: int | None  # the song whose audio this file replaces, if any
    created_at: datetime
    updated_at: datetime


def _out(session: Session, upload: AudioUpload) -> UploadOut:
    track = session.get(Track, upload.track_id) if upload.track_id is not None else None
    return UploadOut(
        id=saved_id(upload), artist_id=upload.artist_id, filename=upload.filename, size=upload.size,
        sha256=upload.sha256, status=upload.status.value, error=upload.error,
        track_id=upload.track_id, track_title=track.title if track else None,
        replace_track_id=upload.replace_track_id, created_at=upload.created_at, updated_at=upload.updated_at,
    )


def _view(session: Session, upload_id: int) -> UploadOut:
    session.expire_all()  # the job (inline under tests) wrote through its own session
    upload = session.get(AudioUpload, upload_id)
    if upload is None:
        raise NotFound(UPLOAD_NOT_FOUND)
    return _out(session, upload)


async def upload_audio(
    session: Session,
    *,
    actor: User | None,
    filename: str,
    declared_size: int | None,
    chunks: AsyncIterable[bytes],
    ingest: Callable[[int], object],
    replace_track_id: int | None = None,
) -> UploadOut:
    """Receive one audio file for the actor's artist profile and queue its ingestion as a draft.

    Args:
        session: Database session (used from worker threads, one step at a time).
        actor: The signed-in artist.
        filename: The file's name on the artist's device (shown in their upload list; the
            draft's title when the file has no title tag).
        declared_size: The body's ``Content-Length``, if the client sent one: checked before
            any byte is read.
        chunks: The body, read only after the actor and the declared size were accepted.
        ingest: Queues the ingestion of an upload by id (the ``ingest_upload`` job, passed
            in by the adapter so this layer does not import the queue).
        replace_track_id: One of the actor's songs: the file becomes its new audio instead
            of a new draft (``replace_audio``).

    Returns:
        The upload, ``received`` (or further along if the job already ran).

    Raises:
        PermissionDenied: Not signed in, or no artist profile.
        TooLarge: Over the size cap or the artist's remaining quota (nothing more is read).
        Invalid: Empty, under 1 kB, or not an audio format by its first bytes.
        Conflict: The artist already uploaded this exact file (its song is named).
        NotFound: ``replace_track_id`` is not one of the actor's songs.
    """
    plan = await asyncio.to_thread(receiving.plan_upload, session, actor=actor, filename=filename,
                                   declared_size=declared_size, replace_track_id=replace_track_id)
    received = await receiving.receive(chunks, plan)
    try:
        upload_id = await asyncio.to_thread(_record, session, plan, received)
    except BaseException:
        await asyncio.to_thread(session.rollback)
        receiving.discard(received.token)
        raise
    await asyncio.to_thread(receiving.enqueue, session, upload_id, ingest)
    return await asyncio.to_thread(_view, session, upload_id)


def _record(session: Session, plan: receiving.UploadPlan, received: receiving.Received) -> int:
    upload_id = receiving.record_upload(session, plan, received)
    session.commit()
    return upload_id


def _settle(session: Session, upload_id: int, *, status: UploadStatus, error: str = "",
            track_id: int | None = None) -> None:
    upload = session.get(AudioUpload, upload_id)
    if upload is None:
        return
    if upload.temp_name:
        receiving.discard(upload.temp_name)
    upload.status, upload.error, upload.track_id = status, error[:500], track_id
    upload.temp_name, upload.updated_at = None, utcnow()
    session.commit()


def fail_upload(session: Session, *, upload_id: int, message: str = LOST) -> None:
    """Mark an upload FAILED with ``message`` and remove its received file (if still pending)."""
    upload = session.get(AudioUpload, upload_id)
    if upload is not None and upload.status in (UploadStatus.RECEIVED, UploadStatus.PROCESSING):
        _settle(session, upload_id, status=UploadStatus.FAILED, error=message)


def process_upload(session: Session, *, store: MediaStore, upload_id: int) -> int | None:
    """Ingest a received upload as a draft of its artist, or as a song's new audio (the job's work).

    Args:
        session: Database session; committed.
        store: Where the audio and cover go.
        upload_id: The upload to process; one already settled is left alone.

    Returns:
        The new draft's (or the replaced song's) track id, or None when the file was refused (the upload then says
        why) or the upload was already settled.
    """
    upload = session.get(AudioUpload, upload_id)
    if upload is None or upload.status not in (UploadStatus.RECEIVED, UploadStatus.PROCESSING):
        return None
    path = receiving.received_path(upload.temp_name or "-", upload.filename)
    if not upload.temp_name or not path.is_file():
        log.error("upload %s has lost its received file", upload_id)
        _settle(session, upload_id, status=UploadStatus.FAILED, error=LOST)
        return None
    artist_id, target, digest = upload.artist_id, upload.replace_track_id, upload.sha256
    upload.status, upload.updated_at = UploadStatus.PROCESSING, utcnow()
    session.commit()
    try:
        if target is not None:
            track_id = replace_audio.replace_track_audio(session, store=store, track_id=target,
                                                         artist_id=artist_id, source=path, sha256=digest)
        else:
            # The digest was taken while receiving: the file is not read a second time to hash it.
            track_id = ingest_file(session, store=store, source=path, overrides=IngestOverrides(artist_id=artist_id),
                                   status=TrackStatus.DRAFT, sha256=digest).track_id
    except (Invalid, NotFound) as exc:
        log.info("upload %s refused: %s", upload_id, exc.message)
        _settle(session, upload_id, status=UploadStatus.FAILED, error=exc.message)
        return None
    _settle(session, upload_id, status=UploadStatus.READY, track_id=track_id)
    return track_id


def get_upload(session: Session, *, actor: User | None, upload_id: int) -> UploadOut:
    """One upload of the actor's (any upload for an admin); ``NotFound`` for anyone else's."""
    require_user(actor)
    upload = session.get(AudioUpload, upload_id)
    if upload is None or not ownership.may_manage(session, actor=actor, artist_id=upload.artist_id):
        raise NotFound(UPLOAD_NOT_FOUND)
    return _out(session, upload)


def list_uploads(
    session: Session, *, actor: User | None, page: int = 1, page_size: int = 20, artist_id: int | None = None
) -> Page[UploadOut]:
    """Recent uploads, newest first: the actor's own, or artist ``artist_id``'s for an admin.

    An admin without an artist profile who names no artist sees every artist's uploads.
    """
    offset = check_page(page, page_size)
    require_user(actor)
    query = select(AudioUpload)
    count = select(func.count()).select_from(AudioUpload)
    if artist_id is not None:
        if not ownership.may_manage(session, actor=actor, artist_id=artist_id):
            raise NotFound("That artist does not exist.")
    elif not is_admin(actor) or _has_artist_profile(session, actor):
        artist_id = saved_id(ownership.own_artist(session, actor=actor))
    if artist_id is not None:
        query = query.where(AudioUpload.artist_id == artist_id)
        count = count.where(AudioUpload.artist_id == artist_id)
    rows = session.exec(
        query.order_by(col(AudioUpload.created_at).desc(), col(AudioUpload.id).desc())
        .offset(offset).limit(page_size)
    ).all()
    total = session.exec(count).one()
    return Page(items=[_out(session, row) for row in rows], total=total, page=page, page_size=page_size)


def _has_artist_profile(session: Session, actor: User | None) -> bool:
    try:
        ownership.own_artist(session, actor=actor)
    except PermissionDenied:
        return False
    return True


def _last_touched(entry: Path) -> float:
    try:
        return max([entry.stat().st_mtime, *(p.stat().st_mtime for p in entry.rglob("*"))])
    except OSError:
        return time.time()  # vanished or unreadable meanwhile: leave it for the next sweep


def sweep_incoming(session: Session, *, older_than: timedelta = timedelta(hours=6)) -> int:
    """Remove received files no upload waits on: a server stopped mid-upload leaves them.

    Args:
        session: Database session (read only).
        older_than: Leave anything written to more recently (an upload still arriving).

    Returns:
        How many abandoned uploads were removed.
    """
    folder = receiving.incoming_folder()
    if not folder.is_dir():
        return 0
    waiting = set(session.exec(
        select(AudioUpload.temp_name).where(col(AudioUpload.temp_name).is_not(None))
    ).all())
    # Files still arriving in pieces are kept until their session expires (``chunked``).
    waiting |= set(session.exec(
        select(UploadSession.temp_name).where(UploadSession.status == UploadSessionStatus.OPEN)
    ).all())
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for entry in folder.iterdir():
        if entry.name in waiting or _last_touched(entry) >= cutoff:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed += 1
    if removed:
        log.info("removed %d abandoned upload(s) from %s", removed, folder)
    return removed
