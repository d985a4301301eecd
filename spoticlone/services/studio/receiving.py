"""What every way of sending an audio file shares: limits, the incoming folder, the checks.

A file arrives either in one request (``uploads.upload_audio``) or in pieces
(``chunked``); both plan it here first (who, under what name, how many bytes they may
send), keep it under ``<data_dir>/uploads/<token>/`` while it arrives, check its first
bytes, and record it as an ``AudioUpload`` when the whole of it is there
(``record_upload``), which queues its ingestion. The limits are the size cap
(``SPOTICLONE_MAX_UPLOAD_MB``) and what is left of the artist's storage quota
(``SPOTICLONE_ARTIST_QUOTA_MB``): their tracks, uploads still being processed and the
declared size of files still arriving in pieces.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import shutil
import unicodedata
from collections.abc import AsyncIterable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone.config import get_settings
from spoticlone.models import AudioUpload, Track, UploadSession, UploadSessionStatus, UploadStatus, User
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.errors import Conflict, Invalid, NotFound, TooLarge
from spoticlone.services.core.tag_text import clean_text
from spoticlone.services.media import audio_probe, duplicates, picture_uploads
from spoticlone.services.media.ingestion import NOT_AUDIO
from spoticlone.services.studio import ownership

log = logging.getLogger(__name__)

MIB = 1024 * 1024
#: The received file is written in pieces of about this size (fewer thread hand-offs).
WRITE_BATCH = MIB
#: Enough of the file's start to recognise every format ``detect_kind`` knows.
HEAD_BYTES = 64
FOLDER = "uploads"
FORMATS_TEXT = "MP3, FLAC, Ogg, Opus, WAV, AIFF, M4A"
EMPTY = f"This file is empty. Please choose an audio file ({FORMATS_TEXT})."
#: Below this no file holds a song (a second of the sparsest MP3 is about 1 kB); refusing it on
#: arrival spares the sandboxed parser a child process per scrap of a file.
MIN_AUDIO_BYTES = 1024
TOO_SMALL = ("This file is too small to be a song (under 1 kB): it is probably cut short. "
             "Please choose the complete audio file.")
NOT_QUEUED = "The server could not start processing this file. Please try again in a minute."


@dataclass(frozen=True)
class UploadPlan:
    """Who uploads, under what name, how many bytes they may send, and for which track."""

    artist_id: int
    user_id: int | None
    filename: str
    cap: int
    room: int
    replace_track_id: int | None = None


@dataclass(frozen=True)
class Received:
    """A whole file on disk in its own folder of the incoming folder."""

    token: str
    path: Path
    size: int
    sha256: str


def megabytes(size: int) -> str:
    """A byte count as an artist reads it: ``812 kB``, ``4.2 MB``, ``2.0 GB``."""
    if size < MIB:
        return f"{size // 1024} kB"
    if size < 1024 * MIB:
        return f"{size / MIB:.1f} MB" if size < 10 * MIB else f"{size // MIB} MB"
    return f"{size / (1024 * MIB):.1f} GB" if size < 10 * 1024 * MIB else f"{size // (1024 * MIB)} GB"


def too_big_message() -> str:
    """The refusal for a file over ``SPOTICLONE_MAX_UPLOAD_MB`` (the wording ingestion uses)."""
    return f"This file is larger than the {get_settings().max_upload_mb} MB limit for audio uploads."


def over_quota(room: int) -> TooLarge:
    """The refusal for a file that does not fit in what is left of the artist's quota."""
    quota = get_settings().artist_quota_mb * MIB
    left = f"{megabytes(room)} left" if room > 0 else "no space left"
    return TooLarge(
        f"This file does not fit in your {megabytes(quota)} of storage ({left}). "
        "Delete drafts you do not need, or ask an administrator for more space."
    )


def incoming_folder() -> Path:
    """Where received files wait for ingestion: inside the data folder, never public."""
    return get_settings().data_dir / FOLDER


def clean_filename(raw: str) -> str:
    """The file's own name, without any folder, as printable text of at most 255 characters."""
    name = str(raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    # Invisible format characters (right-to-left overrides) could make "evil.exe" read as
    # "exe.mp3" on the artist's screen.
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cf", "Cs"))
    return clean_text(name, 255) or "Untitled upload"


def _disk_name(filename: str) -> str:
    """A safe single path component that keeps the name's stem (ingestion's fallback title)."""
    name = filename.replace("/", " ").lstrip(". ") or "upload"
    while len(name.encode("utf-8")) > 200:  # most filesystems allow 255 bytes per name
        name = name[:-1]
    return name.rstrip() or "upload"


def received_path(token: str, filename: str) -> Path:
    """Where the file of folder ``token`` is kept (under its cleaned name)."""
    return incoming_folder() / token / _disk_name(filename)


def new_folder(filename: str) -> tuple[str, Path]:
    """A fresh folder of the incoming folder and the path the file will have in it."""
    token = secrets.token_hex(16)
    path = received_path(token, filename)
    path.parent.mkdir(parents=True, exist_ok=False)
    return token, path


def discard(token: str) -> None:
    """Remove a received file's folder (nothing happens if it is already gone)."""
    if token:
        shutil.rmtree(incoming_folder() / token, ignore_errors=True)


def storage_used(session: Session, *, artist_id: int, except_session: int | None = None) -> int:
    """Bytes of audio the artist holds or has announced.

    Their tracks' files, uploads not ingested yet, and the declared size of files still
    arriving in pieces (all but ``except_session``, the one being completed).
    """
    tracks = session.exec(
        select(func.coalesce(func.sum(Track.file_size), 0)).where(Track.artist_id == artist_id)
    ).one()
    pending = session.exec(
        select(func.coalesce(func.sum(AudioUpload.size), 0)).where(
            AudioUpload.artist_id == artist_id,
            col(AudioUpload.status).in_([UploadStatus.RECEIVED, UploadStatus.PROCESSING]),
        )
    ).one()
    arriving = select(func.coalesce(func.sum(UploadSession.size), 0)).where(
        UploadSession.artist_id == artist_id, UploadSession.status == UploadSessionStatus.OPEN)
    if except_session is not None:
        arriving = arriving.where(UploadSession.id != except_session)
    return int(tracks) + int(pending) + int(session.exec(arriving).one())


def plan_upload(
    session: Session, *, actor: User | None, filename: str, declared_size: int | None,
    replace_track_id: int | None = None,
) -> UploadPlan:
    """Check who sends what before a byte arrives; commits (the body may take minutes).

    Raises ``PermissionDenied`` (not an artist), ``NotFound`` (``replace_track_id`` is not one
    of the actor's tracks) or ``TooLarge`` (a declared size over the cap or the quota left).
    """
    artist = ownership.own_artist(session, actor=actor)
    user = require_user(actor)
    artist_id = saved_id(artist)
    if replace_track_id is not None:
        # Only the song's own artist replaces its audio (an administrator may not either).
        track = session.get(Track, replace_track_id)
        if track is None or track.artist_id != artist_id:
            raise NotFound(ownership.TRACK_NOT_FOUND)
    settings = get_settings()
    room = max(0, settings.artist_quota_mb * MIB - storage_used(session, artist_id=artist_id))
    plan = UploadPlan(artist_id=artist_id, user_id=saved_id(user), filename=clean_filename(filename),
                      cap=settings.max_upload_mb * MIB, room=room, replace_track_id=replace_track_id)
    if declared_size is not None:
        check_fits(plan, declared_size)
    elif room == 0:
        raise over_quota(room)
    session.commit()
    return plan


def check_fits(plan: UploadPlan, size: int) -> None:
    """Refuse a size over the cap or over what is left of the quota."""
    if size > plan.cap:
        raise TooLarge(too_big_message())
    if size > plan.room:
        raise over_quota(plan.room)


def check_head(head: bytes, size: int) -> None:
    """Refuse at once what no audio file can be: empty, a scrap, or an unknown first few bytes."""
    if size == 0:
        raise Invalid(EMPTY)
    if size < MIN_AUDIO_BYTES:
        raise Invalid(TOO_SMALL)
    if audio_probe.detect_kind(head[:HEAD_BYTES]) is None:
        raise Invalid(NOT_AUDIO)


def write_batch(handle: BinaryIO, digest: Any, data: bytearray | bytes) -> None:
    """Hash and write one batch (hashlib releases the GIL on large buffers: off the event loop)."""
    if digest is not None:
        digest.update(data)
    handle.write(data)


async def receive(chunks: AsyncIterable[bytes], plan: UploadPlan) -> Received:
    """Write ``chunks`` to a new folder of ``incoming_folder()``; removed again on any refusal."""
    token, path = new_folder(plan.filename)
    digest = hashlib.sha256()
    size, head, buffer = 0, b"", bytearray()
    try:
        with open(path, "xb") as handle:
            try:
                async for chunk in picture_uploads.bounded(chunks, min(plan.cap, plan.room)):
                    size += len(chunk)
                    if len(head) < HEAD_BYTES:
                        head += chunk[: HEAD_BYTES - len(head)]
                    buffer += chunk
                    if len(buffer) >= WRITE_BATCH:
                        await asyncio.to_thread(write_batch, handle, digest, buffer)
                        buffer.clear()
            except picture_uploads.PictureTooBig:
                # The reader stopped at the smaller of the two limits: name that one.
                raise (TooLarge(too_big_message()) if plan.cap <= plan.room
                       else over_quota(plan.room)) from None
            await asyncio.to_thread(write_batch, handle, digest, buffer)
        check_head(head, size)
    except BaseException:
        discard(token)
        raise
    return Received(token=token, path=path, size=size, sha256=digest.hexdigest())


def refuse_duplicate(session: Session, artist_id: int, sha256: str) -> None:
    """``Conflict`` naming the song if the artist already sent this exact content, in the
    browser or through an operator's bulk import (``Track.audio_sha256``).
    """
    existing = duplicates.track_with_audio(session, sha256=sha256, artist_id=artist_id)
    if existing is not None:
        raise Conflict(f"You have already uploaded this file: it is your song “{existing.title}”.")
    earlier = session.exec(
        select(AudioUpload).where(
            AudioUpload.artist_id == artist_id,
            AudioUpload.sha256 == sha256,
            AudioUpload.status != UploadStatus.FAILED,
        ).order_by(col(AudioUpload.id))
    ).all()
    for row in earlier:
        if row.status == UploadStatus.READY:
            track = session.get(Track, row.track_id) if row.track_id is not None else None
            if track is not None:
                raise Conflict(f"You have already uploaded this file: it is your song “{track.title}”.")
        else:
            raise Conflict(f"You are already uploading this file (as “{row.filename}”). "
                           "Wait for it to finish.")


def record_upload(session: Session, plan: UploadPlan, received: Received,
                  *, except_session: int | None = None) -> int:
    """Record the whole received file (after the checks that need all of it); the upload's id.

    Does not commit: the caller commits with whatever else completes (a session's row).
    """
    refuse_duplicate(session, plan.artist_id, received.sha256)
    # Another upload may have finished meanwhile: the quota is checked again on the real size.
    used = storage_used(session, artist_id=plan.artist_id, except_session=except_session)
    room = get_settings().artist_quota_mb * MIB - used
    if received.size > room:
        raise over_quota(max(0, room))
    upload = AudioUpload(artist_id=plan.artist_id, user_id=plan.user_id, filename=plan.filename,
                         size=received.size, sha256=received.sha256, temp_name=received.token,
                         replace_track_id=plan.replace_track_id)
    session.add(upload)
    session.flush()
    log.info("upload %s received for artist %s (%d bytes)", upload.id, plan.artist_id, received.size)
    return saved_id(upload)


def enqueue(session: Session, upload_id: int, ingest: Callable[[int], object]) -> None:
    """Queue the ingestion of a recorded upload; if the queue refuses, the upload says so.

    Not ``core.job_handoff.hand_to_queue``: a refused upload must also lose its received
    file (``fail_upload`` removes the folder and clears ``temp_name``), and is marked failed
    only while still pending, never over what a worker already settled.
    """
    from spoticlone.services.studio.uploads import fail_upload

    try:
        ingest(upload_id)
    except Exception:
        log.exception("could not queue the ingestion of upload %s", upload_id)
        fail_upload(session, upload_id=upload_id, message=NOT_QUEUED)
        raise
