"""Recognise audio that is already in the catalog, by the SHA-256 of its bytes.

Ingestion stores the hash of every new track's audio (``Track.audio_sha256``). Two
files with the same bytes are the same recording, whatever their names or where they
came from, so the bulk import skips a file whose hash a track already has, and the
studio asks ``track_with_audio`` whether an artist's new upload is one of their tracks.

Tracks created before the column existed have no hash: ``backfill_hashes`` (the
``cli hash-audio`` command) reads their stored files once. It is not done lazily on
lookup, so a lookup stays one indexed query.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import ArtistProfile, Track, TrackStatus
from spoticlone.models.common import saved_id
from spoticlone.services.core.dto import DTO

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
#: Tracks hashed per transaction by ``backfill_hashes``: progress survives an interruption.
BATCH = 200


class TrackWithAudio(DTO):
    """An existing track holding the same audio: enough to tell the person which one."""

    track_id: int
    title: str
    artist_id: int
    artist_name: str
    status: str


def hash_stream(handle: BinaryIO) -> str:
    """Hex SHA-256 of everything left in ``handle``, read in 1 MiB pieces."""
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(CHUNK), b""):
        digest.update(block)
    return digest.hexdigest()


def hash_file(path: Path) -> str:
    """Hex SHA-256 of the file at ``path``."""
    with open(path, "rb") as handle:
        return hash_stream(handle)


def track_with_audio(session: Session, *, sha256: str, artist_id: int | None = None) -> TrackWithAudio | None:
    """The oldest track whose audio has this hash, among ``artist_id``'s tracks or the catalog's.

    Deleted tracks have no row, so their audio may come back. Drafts count: an artist who
    uploads a file twice has it twice either way.
    """
    if not sha256:
        return None
    query = (
        select(Track, col(ArtistProfile.stage_name))
        .join(ArtistProfile, col(ArtistProfile.id) == Track.artist_id)
        .where(Track.audio_sha256 == sha256.lower())
        .order_by(col(Track.id))
        .limit(1)
    )
    if artist_id is not None:
        query = query.where(Track.artist_id == artist_id)
    row = session.exec(query).first()
    if row is None:
        return None
    track, name = row
    return holder_of(saved_id(track), track.title, track.artist_id, name, track.status)


def holder_of(track_id: int, title: str, artist_id: int, artist_name: str, status: TrackStatus | str) -> TrackWithAudio:
    """The ``TrackWithAudio`` of one track row, from the ORM or from a raw query (which gives the
    enum's name), so ``track_with_audio`` and the bulk import's many-hash lookup say the same.
    """
    state = status if isinstance(status, TrackStatus) else TrackStatus.__members__.get(status) or TrackStatus(status)
    return TrackWithAudio(track_id=track_id, title=title, artist_id=artist_id, artist_name=artist_name,
                          status=state.value)


class KnownAudio:
    """``sha256 in known``: whether some track has this audio, asked from many threads at once.

    The bulk import asks once per file, from the threads that stage files, before copying
    anything. Each thread keeps one pooled database connection for its questions and sends a
    single indexed query on it, without the ORM or a connection checkout per file: those
    threads share the interpreter with the one writing rows, so the less Python they run,
    the faster the import. ``close`` returns the connections to the pool.
    """

    def __init__(self, engine: Engine):
        self.engine = engine
        mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"  # SQLite, or psycopg
        self.sql = f"SELECT 1 FROM track WHERE audio_sha256 = {mark} LIMIT 1"
        self._local = threading.local()
        self._opened: list = []
        self._lock = threading.Lock()

    def __contains__(self, sha256: object) -> bool:
        if not isinstance(sha256, str) or not sha256:
            return False
        raw = getattr(self._local, "raw", None)
        if raw is None:
            raw = self._local.raw = self.engine.raw_connection()
            with self._lock:
                self._opened.append(raw)
        cursor = raw.cursor()
        try:
            cursor.execute(self.sql, (sha256.lower(),))
            return cursor.fetchone() is not None
        finally:
            cursor.close()
            raw.rollback()  # no read transaction stays open: the next question sees new tracks

    def close(self) -> None:
        """Give every thread's connection back (call once no thread asks any more)."""
        with self._lock:
            opened, self._opened = self._opened, []
        for raw in opened:
            raw.close()


def unhashed_track_ids(session: Session) -> list[int]:
    """Tracks whose audio has no recorded hash yet (created before hashes were kept)."""
    query = select(Track.id).where(col(Track.audio_sha256).is_(None)).order_by(col(Track.id))
    return [track_id for track_id in session.exec(query).all() if track_id is not None]


def backfill_hashes(
    session: Session, *, store: MediaStore, progress: Callable[[int, int], None] | None = None
) -> tuple[int, int]:
    """Hash the stored audio of every track without a hash; returns ``(hashed, missing)``.

    ``missing`` counts tracks whose file is not in the media store (they keep no hash and
    are logged). Commits every ``BATCH`` tracks, so an interrupted run resumes where it was.
    """
    track_ids = unhashed_track_ids(session)
    hashed = missing = 0
    for done, track_id in enumerate(track_ids, start=1):
        track = session.get(Track, track_id)
        if track is not None:
            try:
                with store.open(track.audio_key) as handle:
                    track.audio_sha256 = hash_stream(handle)
                hashed += 1
            except (OSError, ValueError):
                log.warning("track %s: audio %s is missing from the media store", track_id, track.audio_key)
                missing += 1
        if done % BATCH == 0:
            session.commit()
        if progress is not None:
            progress(done, len(track_ids))
    session.commit()
    return hashed, missing
