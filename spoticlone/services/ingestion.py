"""Turn an audio file into a catalog track (CONTRACT STUB — being implemented).

The artist upload studio, the bulk import command and the demo catalog all call
``ingest_file``; nothing else creates tracks from files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session

from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import AlbumKind, TrackStatus


@dataclass(frozen=True)
class IngestOverrides:
    """Values that win over the file's own tags (``None`` = use the tag)."""

    title: str | None = None
    artist: str | None = None
    featured_artists: tuple[str, ...] | None = None
    album: str | None = None
    album_kind: AlbumKind | None = None
    genre: str | None = None
    track_number: int | None = None
    disc_number: int | None = None
    release_date: date | None = None
    lyrics: str | None = None
    synced_lyrics: str | None = None
    licence: str | None = None
    explicit: bool | None = None
    artist_id: int | None = None  # link to this existing artist instead of matching by name


@dataclass(frozen=True)
class IngestResult:
    track_id: int
    artist_id: int
    album_id: int | None
    genre_id: int | None
    audio_key: str
    cover_key: str | None
    created_artist: bool
    created_album: bool


def ingest_file(
    session: Session,
    *,
    store: MediaStore,
    source: Path,
    overrides: IngestOverrides | None = None,
    status: TrackStatus = TrackStatus.PUBLISHED,
) -> IngestResult:
    """Validate ``source`` by content, store it, and create/link artist, album, genre, track.

    Raises ``Invalid`` (nothing stored, nothing written) for corrupt, truncated,
    unsupported or non-audio files.
    """
    raise NotImplementedError
