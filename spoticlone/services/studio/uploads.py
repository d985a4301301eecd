"""Artists upload audio: received as a stream, checked on arrival, ingested as drafts later.

An upload goes through three steps:

1. Before a byte of the body is read: the actor must be an artist
   (``ownership.own_artist``), and a declared ``Content-Length`` must fit both the size cap
   (``SPOTICLONE_MAX_UPLOAD_MB``) and what is left of the artist's storage quota
   (``SPOTICLONE_ARTIST_QUOTA_MB``: their tracks plus uploads still being processed).
2. While receiving: the body is written to ``<data_dir>/uploads/<token>/`` and hashed
   (SHA-256) as it arrives, and cut off the moment it passes the cap or the quota
   (``picture_uploads.bounded``, the one bounded reader). An empty file, a file whose
   first bytes are no audio format we know (``audio_probe.detect_kind``, the probe's own
   sniffing, which reads bytes and parses nothing) and the same content this artist already
   uploaded are refused at once, as is a scrap under 1 kB. Any refusal removes what was received.
3. In the background (the ``ingest_upload`` job calls ``process_upload``): ``media.ingestion.ingest_file``
   parses the file in its sandbox and makes it a draft of this artist; the upload row says
   READY (with the track) or FAILED (with ingestion's message), and the received file is
   removed either way.

Duplicates are recognised among the files uploaded here (the hash is kept on the upload
row); a file that failed may be sent again.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import shutil
import time
import unicodedata
from collections.abc import AsyncIterable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO, Literal

from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone.config import get_settings
from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import AudioUpload, Track, TrackStatus, UploadStatus, User, utcnow
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import is_admin, require_user
from spoticlone.services.core.dto import DTO, Page, check_page
from spoticlone.services.core.errors import Conflict, Invalid, NotFound, PermissionDenied, TooLarge
from spoticlone.services.core.tag_text import clean_text
from spoticlone.services.media import audio_probe, picture_uploads
from spoticlone.services.media.ingestion import NOT_AUDIO, IngestOverrides, ingest_file
from spoticlone.services.studio import ownership

log = logging.getLogger(__name__)

MIB = 1024 * 1024
#: The received file is written in pieces of about this size (fewer thread hand-offs).
WRITE_BATCH = MIB
#: Enough of the file's start to recognise every format ``detect_kind`` knows.
HEAD_BYTES = 64
FOLDER = "uploads"
UPLOAD_NOT_FOUND = "That upload does not exist."
EMPTY = "This file is empty. Please choose an audio file (MP3, FLAC, Ogg, Opus, WAV, M4A)."
#: Below this no file holds a song (a second of the sparsest MP3 is about 1 kB); refusing it on
#: arrival spares the sandboxed parser a child process per scrap of a file.
MIN_AUDIO_BYTES = 1024
TOO_SMALL = ("This file is too small to be a song (under 1 kB): it is probably cut short. "
             "Please choose the complete audio file.")
LOST = "This upload could not be processed. Please upload the file again."
NOT_QUEUED = "The server could not start processing this file. Please try again in a minute."


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
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class _Plan:
    """Who uploads, under what name, and how many bytes they may send."""

    artist_id: int
    user_id: int
    filename: str
    cap: int
    room: int


@dataclass(frozen=True)
class _Received:
    token: str
    path: Path
    size: int
    sha256: str


def _megabytes(size: int) -> str:
    if size < MIB:
        return f"{size // 1024} kB"
    if size < 1024 * MIB:
        return f"{size / MIB:.1f} MB" if size < 10 * MIB else f"{size // MIB} MB"
    return f"{size / (1024 * MIB):.1f} GB" if size < 10 * 1024 * MIB else f"{size // (1024 * MIB)} GB"


def _too_big_message() -> str:
    """The refusal for a file over ``SPOTICLONE_MAX_UPLOAD_MB`` (the wording ingestion uses)."""
    return f"This file is larger than the {get_settings().max_upload_mb} MB limit for audio uploads."


def _over_quota(room: int) -> TooLarge:
    quota = get_settings().artist_quota_mb * MIB
    left = f"{_megabytes(room)} left" if room > 0 else "no space left"
    return TooLarge(
        f"This file does not fit in your {_megabytes(quota)} of storage ({left}). "
        "Delete drafts you do not need, or ask an administrator for more space."
    )


def _incoming_folder() -> Path:
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


def _received_path(token: str, filename: str) -> Path:
    return _incoming_folder() / token / _disk_name(filename)


def _discard(token: str) -> None:
    shutil.rmtree(_incoming_folder() / token, ignore_errors=True)


def storage_used(session: Session, *, artist_id: int) -> int:
    """Bytes of audio the artist holds: their tracks' files plus uploads not ingested yet."""
    tracks = session.exec(
        select(func.coalesce(func.sum(Track.file_size), 0)).where(Track.artist_id == artist_id)
    ).one()
    pending = session.exec(
        select(func.coalesce(func.sum(AudioUpload.size), 0)).where(
            AudioUpload.artist_id == artist_id,
            col(AudioUpload.status).in_([UploadStatus.RECEIVED, UploadStatus.PROCESSING]),
        )
    ).one()
    return int(tracks) + int(pending)


def _plan(session: Session, *, actor: User | None, filename: str, declared_size: int | None) -> _Plan:
    artist = ownership.own_artist(session, actor=actor)
    user = require_user(actor)
    settings = get_settings()
    artist_id = saved_id(artist)
    room = max(0, settings.artist_quota_mb * MIB - storage_used(session, artist_id=artist_id))
    plan = _Plan(artist_id=artist_id, user_id=saved_id(user), filename=clean_filename(filename),
                 cap=settings.max_upload_mb * MIB, room=room)
    if declared_size is not None:
        _check_fits(plan, declared_size)
    elif room == 0:
        raise _over_quota(room)
    # The session goes back to the pool while the body arrives (minutes for a big file).
    session.commit()
    return plan


def _check_fits(plan: _Plan, size: int) -> None:
    if size > plan.cap:
        raise TooLarge(_too_big_message())
    if size > plan.room:
        raise _over_quota(plan.room)


def _write(handle: BinaryIO, digest, data: bytearray) -> None:
    # hashlib releases the GIL on large buffers: hashing and writing stay off the event loop.
    digest.update(data)
    handle.write(data)


async def _receive(chunks: AsyncIterable[bytes], plan: _Plan) -> _Received:
    """Write ``chunks`` to a new folder of ``_incoming_folder()``; removed again on any refusal."""
    token = secrets.token_hex(16)
    path = _received_path(token, plan.filename)
    path.parent.mkdir(parents=True, exist_ok=False)
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
                        await asyncio.to_thread(_write, handle, digest, buffer)
                        buffer.clear()
            except picture_uploads.PictureTooBig:
                # The reader stopped at the smaller of the two limits: name that one.
                raise (TooLarge(_too_big_message()) if plan.cap <= plan.room
                       else _over_quota(plan.room)) from None
            await asyncio.to_thread(_write, handle, digest, buffer)
        if size == 0:
            raise Invalid(EMPTY)
        if size < MIN_AUDIO_BYTES:
            raise Invalid(TOO_SMALL)
        if audio_probe.detect_kind(head) is None:
            raise Invalid(NOT_AUDIO)
    except BaseException:
        _discard(token)
        raise
    return _Received(token=token, path=path, size=size, sha256=digest.hexdigest())


def _refuse_duplicate(session: Session, artist_id: int, sha256: str) -> None:
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


def _finish(session: Session, plan: _Plan, received: _Received) -> int:
    """Record the received file (after the checks that need all of it); returns the upload id."""
    _refuse_duplicate(session, plan.artist_id, received.sha256)
    # Another upload may have finished meanwhile: the quota is checked again on the real size.
    room = get_settings().artist_quota_mb * MIB - storage_used(session, artist_id=plan.artist_id)
    if received.size > room:
        raise _over_quota(max(0, room))
    upload = AudioUpload(artist_id=plan.artist_id, user_id=plan.user_id, filename=plan.filename,
                         size=received.size, sha256=received.sha256, temp_name=received.token)
    session.add(upload)
    session.commit()
    log.info("upload %s received for artist %s (%d bytes)", upload.id, plan.artist_id, received.size)
    return saved_id(upload)


def _enqueue(session: Session, upload_id: int, ingest: Callable[[int], object]) -> None:
    try:
        ingest(upload_id)
    except Exception:
        log.exception("could not queue the ingestion of upload %s", upload_id)
        fail_upload(session, upload_id=upload_id, message=NOT_QUEUED)
        raise


def _out(session: Session, upload: AudioUpload) -> UploadOut:
    track = session.get(Track, upload.track_id) if upload.track_id is not None else None
    return UploadOut(
        id=saved_id(upload), artist_id=upload.artist_id, filename=upload.filename, size=upload.size,
        sha256=upload.sha256, status=upload.status.value, error=upload.error,
        track_id=upload.track_id, track_title=track.title if track else None,
        created_at=upload.created_at, updated_at=upload.updated_at,
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

    Returns:
        The upload, ``received`` (or further along if the job already ran).

    Raises:
        PermissionDenied: Not signed in, or no artist profile.
        TooLarge: Over the size cap or the artist's remaining quota (nothing more is read).
        Invalid: Empty, under 1 kB, or not an audio format by its first bytes.
        Conflict: The artist already uploaded this exact file (its song is named).
    """
    plan = await asyncio.to_thread(_plan, session, actor=actor, filename=filename,
                                   declared_size=declared_size)
    received = await _receive(chunks, plan)
    try:
        upload_id = await asyncio.to_thread(_finish, session, plan, received)
    except BaseException:
        await asyncio.to_thread(session.rollback)
        _discard(received.token)
        raise
    await asyncio.to_thread(_enqueue, session, upload_id, ingest)
    return await asyncio.to_thread(_view, session, upload_id)


def _settle(session: Session, upload_id: int, *, status: UploadStatus, error: str = "",
            track_id: int | None = None) -> None:
    upload = session.get(AudioUpload, upload_id)
    if upload is None:
        return
    if upload.temp_name:
        _discard(upload.temp_name)
    upload.status, upload.error, upload.track_id = status, error[:500], track_id
    upload.temp_name, upload.updated_at = None, utcnow()
    session.commit()


def fail_upload(session: Session, *, upload_id: int, message: str = LOST) -> None:
    """Mark an upload FAILED with ``message`` and remove its received file (if still pending)."""
    upload = session.get(AudioUpload, upload_id)
    if upload is not None and upload.status in (UploadStatus.RECEIVED, UploadStatus.PROCESSING):
        _settle(session, upload_id, status=UploadStatus.FAILED, error=message)


def process_upload(session: Session, *, store: MediaStore, upload_id: int) -> int | None:
    """Ingest a received upload as a draft of its artist (the background job's work).

    Args:
        session: Database session; committed.
        store: Where the audio and cover go.
        upload_id: The upload to process; one already settled is left alone.

    Returns:
        The new draft's track id, or None when the file was refused (the upload then says
        why) or the upload was already settled.
    """
    upload = session.get(AudioUpload, upload_id)
    if upload is None or upload.status not in (UploadStatus.RECEIVED, UploadStatus.PROCESSING):
        return None
    path = _received_path(upload.temp_name or "-", upload.filename)
    if not upload.temp_name or not path.is_file():
        log.error("upload %s has lost its received file", upload_id)
        _settle(session, upload_id, status=UploadStatus.FAILED, error=LOST)
        return None
    artist_id = upload.artist_id
    upload.status, upload.updated_at = UploadStatus.PROCESSING, utcnow()
    session.commit()
    try:
        result = ingest_file(session, store=store, source=path,
                             overrides=IngestOverrides(artist_id=artist_id), status=TrackStatus.DRAFT)
    except (Invalid, NotFound) as exc:
        log.info("upload %s refused: %s", upload_id, exc.message)
        _settle(session, upload_id, status=UploadStatus.FAILED, error=exc.message)
        return None
    _settle(session, upload_id, status=UploadStatus.READY, track_id=result.track_id)
    return result.track_id


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
    folder = _incoming_folder()
    if not folder.is_dir():
        return 0
    waiting = set(session.exec(
        select(AudioUpload.temp_name).where(col(AudioUpload.temp_name).is_not(None))
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
