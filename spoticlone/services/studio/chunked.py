"""Resumable uploads: a file sent in pieces, so a dropped connection costs a piece, not the file.

The protocol (``api/routers/studio/uploads.py`` speaks it over HTTP):

1. ``start_session``: the artist announces the file (name, total size, optionally its
   SHA-256). The size must fit the cap and what is left of their quota, as for any upload;
   the declared size is reserved against the quota while the file arrives. The answer has
   the session's id and the piece size to use.
2. ``put_piece``: each piece names its offset. A piece must start exactly where the file on
   the server ends (``offset == received``): a piece out of order, overlapping what arrived
   or past the declared size is refused with the offset the server holds. One request at
   a time writes a session (a claim on the row, released when the request ends and lapsing
   after ``LEASE`` if a server dies mid-piece). When a connection drops mid-piece, the bytes
   already written count: ``session_status`` tells the client where to go on from.
3. The piece that completes the file completes the session: the file is hashed (and
   compared with the announced digest), checked like a one-request upload
   (``receiving.record_upload``: first bytes, duplicates, quota) and its ingestion queued.
   The session then names the upload it became.

Only the session's own artist may see, send to or cancel it; anyone else is told it does not
exist. Sessions nobody has written to for ``ABANDONED_AFTER`` are removed with their bytes
by the hourly sweep (``expire_sessions``).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import secrets
import time
from collections.abc import AsyncIterable, Callable
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from spoticlone.config import get_settings
from spoticlone.models import ArtistProfile, UploadSession, UploadSessionStatus, User, utcnow
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Conflict, DomainError, Invalid, NotFound, TooLarge
from spoticlone.services.media import picture_uploads
from spoticlone.services.studio import receiving
from spoticlone.services.studio.receiving import MIB
from spoticlone.services.studio.uploads import UploadOut, get_upload

log = logging.getLogger(__name__)

#: The piece size clients are asked to use: big enough that a 500 MB file takes ~60 requests.
PIECE_SIZE = 8 * MIB
#: No piece may be larger (a proxy in front usually caps request bodies too).
MAX_PIECE = 32 * MIB
#: How long a writing request's claim holds without being renewed (it is renewed while bytes flow).
LEASE = timedelta(minutes=2)
RENEW_EVERY_S = 30.0
#: Sessions nobody wrote to for this long are removed with their bytes.
ABANDONED_AFTER = timedelta(hours=24)
#: Finished and failed sessions are kept this long (a client that lost an answer can ask).
KEPT_AFTER = timedelta(days=2)
#: Files one artist may be sending at once.
MAX_OPEN = 20

SESSION_NOT_FOUND = "That upload does not exist."
BUSY = "Another request is still sending this file. Wait for it to finish, or try again in a minute."
EMPTY_PIECE = "This piece is empty. Send the file's bytes from the offset the server holds."
TOO_MANY = (f"You are already sending {MAX_OPEN} files. Let them finish, or cancel some, "
            "before starting another.")
CHECKSUM = ("The file arrived different from the one you sent (its checksum does not match). "
            "Please send it again.")
BAD_DIGEST = "The checksum must be a SHA-256 digest written as 64 hexadecimal characters."
_HEX64 = re.compile(r"[0-9a-f]{64}")


class UploadSessionOut(DTO):
    """A file being sent in pieces: how much the server holds and what became of it."""

    id: int
    filename: str
    size: int
    offset: int  # bytes the server holds: the next piece starts here
    piece_size: int
    max_piece: int
    status: Literal["open", "complete", "failed"]
    error: str
    replace_track_id: int | None
    upload: UploadOut | None  # the upload it became, once complete
    created_at: datetime
    updated_at: datetime


def _own(session: Session, actor: User | None, session_id: int) -> UploadSession:
    """The actor's own session; ``NotFound`` for any other (an administrator's too)."""
    user = require_user(actor)
    row = session.get(UploadSession, session_id)
    if row is not None:
        artist = session.get(ArtistProfile, row.artist_id)
        if artist is not None and artist.user_id is not None and artist.user_id == user.id:
            return row
    raise NotFound(SESSION_NOT_FOUND)


def _out(session: Session, row: UploadSession, actor: User | None) -> UploadSessionOut:
    upload = None
    if row.upload_id is not None:
        try:
            upload = get_upload(session, actor=actor, upload_id=row.upload_id)
        except NotFound:
            upload = None
    return UploadSessionOut(
        id=saved_id(row), filename=row.filename, size=row.size, offset=row.received, piece_size=PIECE_SIZE,
        max_piece=MAX_PIECE, status=row.status.value, error=row.error, replace_track_id=row.replace_track_id,
        upload=upload, created_at=row.created_at, updated_at=row.updated_at,
    )


def start_session(
    session: Session, *, actor: User | None, filename: str, size: int, sha256: str | None = None,
    replace_track_id: int | None = None,
) -> UploadSessionOut:
    """Announce a file to be sent in pieces; nothing is read yet.

    Raises:
        PermissionDenied: Not an artist.
        TooLarge: ``size`` over the cap or over what is left of the quota.
        Invalid: ``size`` too small for a song, or ``sha256`` not a hex digest.
        Conflict: Already ``MAX_OPEN`` files being sent.
        NotFound: ``replace_track_id`` is not one of the actor's songs.
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise Invalid("The file size must be a whole number of bytes.")
    digest = (sha256 or "").strip().lower()
    if digest and not _HEX64.fullmatch(digest):
        raise Invalid(BAD_DIGEST)
    plan = receiving.plan_upload(session, actor=actor, filename=filename, declared_size=size,
                                 replace_track_id=replace_track_id)
    if size == 0:
        raise Invalid(receiving.EMPTY)
    if size < receiving.MIN_AUDIO_BYTES:
        raise Invalid(receiving.TOO_SMALL)
    open_count = len(session.exec(select(UploadSession.id).where(
        UploadSession.artist_id == plan.artist_id, UploadSession.status == UploadSessionStatus.OPEN)).all())
    if open_count >= MAX_OPEN:
        raise Conflict(TOO_MANY)
    token, path = receiving.new_folder(plan.filename)
    try:
        path.touch(exist_ok=False)
        row = UploadSession(artist_id=plan.artist_id, user_id=plan.user_id, filename=plan.filename, size=size,
                            sha256=digest, replace_track_id=replace_track_id, temp_name=token)
        session.add(row)
        session.commit()
    except BaseException:
        session.rollback()
        receiving.discard(token)
        raise
    log.info("upload session %s opened for artist %s (%d bytes)", row.id, plan.artist_id, size)
    return _out(session, row, actor)


def session_status(session: Session, *, actor: User | None, session_id: int) -> UploadSessionOut:
    """Where a session stands: the offset to go on from, or the upload it became."""
    session.expire_all()  # a request writing a piece commits through its own session
    return _out(session, _own(session, actor, session_id), actor)


def cancel_session(session: Session, *, actor: User | None, session_id: int) -> None:
    """Stop sending a file: its bytes are removed and the session forgotten.

    A completed session cannot be cancelled (its upload is already being processed).
    """
    row = _own(session, actor, session_id)
    if row.status == UploadSessionStatus.COMPLETE:
        raise Conflict("This file has already arrived whole; it is being made a draft.")
    # A request still writing a piece finds no row when it releases its claim, and stops there.
    receiving.discard(row.temp_name)
    session.delete(row)
    session.commit()


def _offset_refusal(row: UploadSession, offset: int) -> Conflict:
    return Conflict(f"This piece starts at byte {offset}, but the server holds {row.received} bytes of "
                    f"“{row.filename}”. Send the file from byte {row.received}.")


def _claim(session: Session, actor: User | None, session_id: int, offset: int,
           length: int | None) -> tuple[UploadSession, str]:
    """Check the piece against the session and take the session's writing claim."""
    row = _own(session, actor, session_id)
    if row.status == UploadSessionStatus.COMPLETE:
        raise Conflict("This file has already arrived whole; nothing more is needed.")
    if row.status == UploadSessionStatus.FAILED:
        raise Invalid(row.error or receiving.NOT_QUEUED)
    if isinstance(offset, bool) or not isinstance(offset, int) or offset != row.received:
        raise _offset_refusal(row, offset)
    room = min(MAX_PIECE, row.size - offset)
    if length is not None and length > room:
        raise TooLarge(_piece_too_big(row, offset))
    if length == 0 and offset < row.size:  # an empty last piece retries a completion that stumbled
        raise Invalid(EMPTY_PIECE)
    token, now = secrets.token_hex(16), utcnow()
    taken = session.execute(
        update(UploadSession)
        .where(col(UploadSession.id) == session_id, col(UploadSession.received) == offset,
               col(UploadSession.status) == UploadSessionStatus.OPEN,
               or_(col(UploadSession.writer).is_(None), col(UploadSession.writer_until) < now))
        .values(writer=token, writer_until=now + LEASE, updated_at=now)
    )
    session.commit()
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        session.expire_all()
        fresh = session.get(UploadSession, session_id)
        if fresh is not None and fresh.received != offset:
            raise _offset_refusal(fresh, offset)
        raise Conflict(BUSY)
    session.refresh(row)
    return row, token


def _piece_too_big(row: UploadSession, offset: int) -> str:
    if row.size - offset <= MAX_PIECE:
        return (f"This piece goes past the end of the file: “{row.filename}” was announced as "
                f"{row.size} bytes, and the server already holds {offset}.")
    return f"A piece may be at most {MAX_PIECE // MIB} MB. Send the file in smaller pieces."


def _renew(session: Session, session_id: int, token: str) -> None:
    session.execute(update(UploadSession).where(col(UploadSession.id) == session_id,
                                                col(UploadSession.writer) == token)
                    .values(writer_until=utcnow() + LEASE))
    session.commit()


def _release(session: Session, session_id: int, token: str, received: int) -> None:
    """Record the bytes safely written and give the claim up (a cancelled session is gone)."""
    session.execute(update(UploadSession).where(col(UploadSession.id) == session_id,
                                                col(UploadSession.writer) == token)
                    .values(received=received, writer=None, writer_until=None, updated_at=utcnow()))
    session.commit()


def _fail(session: Session, session_id: int, message: str) -> None:
    session.rollback()
    row = session.get(UploadSession, session_id)
    if row is None:
        return
    receiving.discard(row.temp_name)
    row.status, row.error, row.updated_at = UploadSessionStatus.FAILED, message[:500], utcnow()
    session.commit()


def _check_start(session: Session, session_id: int, path, size: int) -> None:
    """Refuse the file as soon as its first bytes show it is no audio (spares the rest)."""
    with open(path, "rb") as handle:
        head = handle.read(receiving.HEAD_BYTES)
    try:
        receiving.check_head(head, size)
    except Invalid as exc:
        _fail(session, session_id, exc.message)
        raise


def _digest(path) -> tuple[str, bytes]:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        head = handle.read(receiving.HEAD_BYTES)
        digest.update(head)
        while block := handle.read(MIB):
            digest.update(block)
    return digest.hexdigest(), head


def _complete(session: Session, session_id: int, ingest: Callable[[int], object]) -> None:
    """The whole file is here: check it, record it as an upload and queue its ingestion."""
    row = session.get(UploadSession, session_id)
    if row is None or row.status != UploadSessionStatus.OPEN:
        return
    path = receiving.received_path(row.temp_name, row.filename)
    try:
        sha256, head = _digest(path)
        if row.sha256 and sha256 != row.sha256:
            raise Invalid(CHECKSUM)
        receiving.check_head(head, row.size)
        settings = get_settings()
        plan = receiving.UploadPlan(artist_id=row.artist_id, user_id=row.user_id, filename=row.filename,
                                    cap=settings.max_upload_mb * MIB, room=row.size,
                                    replace_track_id=row.replace_track_id)
        received = receiving.Received(token=row.temp_name, path=path, size=row.size, sha256=sha256)
        upload_id = receiving.record_upload(session, plan, received, except_session=session_id)
        row.status, row.upload_id, row.updated_at = UploadSessionStatus.COMPLETE, upload_id, utcnow()
        session.commit()
    except DomainError as exc:
        _fail(session, session_id, exc.message)
        raise
    receiving.enqueue(session, upload_id, ingest)


async def put_piece(
    session: Session, *, actor: User | None, session_id: int, offset: int, length: int | None,
    chunks: AsyncIterable[bytes], ingest: Callable[[int], object],
) -> UploadSessionOut:
    """Write one piece of the file at ``offset``; the last piece completes the session.

    Args:
        session: Database session (used from worker threads, one step at a time).
        actor: The session's artist.
        session_id: The session.
        offset: Where the piece starts in the file: must be the offset the server holds.
        length: The piece's declared length (``Content-Length``), checked before reading.
        chunks: The piece's bytes, read only after the checks.
        ingest: Queues an upload's ingestion (the job, passed in by the adapter).

    Raises:
        NotFound: Not the actor's session.
        Conflict: The piece does not start at the server's offset, another request is
            writing this session, or the session is already complete.
        TooLarge: The piece goes past the announced size or is over ``MAX_PIECE``.
        Invalid: An empty piece; or, once the file is whole or its first bytes are here,
            what a one-request upload would refuse (the session then says FAILED).
    """
    row, token = await asyncio.to_thread(_claim, session, actor, session_id, offset, length)
    path = receiving.received_path(row.temp_name, row.filename)
    limit, written, buffer = min(MAX_PIECE, row.size - offset), 0, bytearray()
    renewed = time.monotonic()
    try:
        with open(path, "r+b") as handle:
            handle.seek(offset)
            handle.truncate()  # bytes of an earlier piece that never finished
            try:
                async for chunk in picture_uploads.bounded(chunks, limit):
                    buffer += chunk
                    if len(buffer) >= receiving.WRITE_BATCH:
                        await asyncio.to_thread(receiving.write_batch, handle, None, buffer)
                        written += len(buffer)
                        buffer.clear()
                    if time.monotonic() - renewed > RENEW_EVERY_S:
                        await asyncio.to_thread(_renew, session, session_id, token)
                        renewed = time.monotonic()
            except picture_uploads.PictureTooBig:
                written = 0
                raise TooLarge(_piece_too_big(row, offset)) from None
            except OSError:
                raise  # the disk refused a write: keep only what was written before
            except BaseException:
                # The connection dropped: what arrived before is good, and the client resumes
                # after it (a blocking write of at most one batch, even while being cancelled).
                receiving.write_batch(handle, None, buffer)
                written += len(buffer)
                raise
            await asyncio.to_thread(receiving.write_batch, handle, None, buffer)
            written += len(buffer)
    finally:
        if written == 0 and path.exists():
            await asyncio.to_thread(os.truncate, path, offset)
        # A dropped connection keeps what reached the disk: the client goes on from there.
        await asyncio.to_thread(_release, session, session_id, token, offset + written)
    received = offset + written
    if offset == 0 and received >= min(receiving.HEAD_BYTES, row.size):
        await asyncio.to_thread(_check_start, session, session_id, path, row.size)
    if received == row.size:
        await asyncio.to_thread(_complete, session, session_id, ingest)
    return await asyncio.to_thread(session_status, session, actor=actor, session_id=session_id)


def expire_sessions(session: Session, *, now: datetime | None = None) -> int:
    """Remove sessions abandoned mid-file (with their bytes) and old finished ones.

    Returns:
        How many sessions were removed.
    """
    now = now or utcnow()
    status, touched = col(UploadSession.status), col(UploadSession.updated_at)
    stale = session.exec(select(UploadSession).where(or_(
        (status == UploadSessionStatus.OPEN) & (touched < now - ABANDONED_AFTER),
        (status != UploadSessionStatus.OPEN) & (touched < now - KEPT_AFTER),
    ))).all()
    for row in stale:
        if row.status == UploadSessionStatus.OPEN:
            receiving.discard(row.temp_name)
        session.delete(row)
    session.commit()
    if stale:
        log.info("removed %d expired upload session(s)", len(stale))
    return len(stale)
