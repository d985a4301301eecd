"""Turn an audio file into a catalog track.

The artist upload studio, the bulk import command and the demo catalog all call
``ingest_file``; nothing else creates tracks from files, so what an upload must be
(real audio by content, whole, within the size limit) is decided here once.

One file is one unit of work: ``ingest_file`` commits on success. On any failure
after media was written it rolls the session back and deletes the stored files, so
a rejected or failed upload leaves neither rows nor orphan media behind. Callers
should therefore not hold unrelated uncommitted changes in the session.

The bulk import commits many files at once instead: ``write_staged`` writes the same rows
with the same rules inside a savepoint, so one failed file rolls back only itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session

from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import (
    Album,
    AlbumKind,
    ArtistProfile,
    Track,
    TrackFeaturedArtist,
    TrackStatus,
)
from spoticlone.models.common import saved_id
from spoticlone.services.core.errors import NotFound
from spoticlone.services.core.tag_text import clean_text, parse_date, plain_from_lrc
from spoticlone.services.media import matching
from spoticlone.services.media.audio_probe import ProbeResult
from spoticlone.services.media.staging import MESSAGES, NOT_AUDIO, StagedAudio, stage_audio

__all__ = [
    "MESSAGES", "NOT_AUDIO", "IngestOverrides", "IngestResult", "ingest_file", "ingest_staged",
    "store_cover", "track_fields", "track_values", "write_staged",
]

log = logging.getLogger(__name__)

UNKNOWN_ARTIST = "Unknown Artist"
#: ``session.info`` key of the ids ``_artist``, ``_genre`` and ``_album`` matched.


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
    """What one ingested file became: the rows and stored keys it created or reused."""

    track_id: int
    artist_id: int
    album_id: int | None
    genre_id: int | None
    audio_key: str
    cover_key: str | None
    created_artist: bool
    created_album: bool
    created_genre: bool = False
    duration_ms: int = 0
    audio_format: str = ""
    title: str = ""
    artist_name: str = ""
    warnings: tuple[str, ...] = ()  # listener-readable notes, e.g. a cover that was dropped
    stored_keys: tuple[str, ...] = ()  # media this call wrote (the audio, a new cover)


@dataclass(frozen=True)
class _Fields:
    """The track's values after overrides were applied and text was cleaned."""

    title: str
    artist: str
    featured: tuple[str, ...]
    album: str | None
    album_kind: AlbumKind
    genre: str | None
    track_number: int | None
    disc_number: int
    release_date: date | None
    lyrics: str
    synced_lyrics: str
    licence: str
    explicit: bool


def track_fields(probe: ProbeResult, source: Path, ov: IngestOverrides) -> _Fields:
    """The track's text and numbers: the overrides where given, else the file's tags, cleaned."""
    tags = probe.tags

    def pick(override, tag):
        return override if override is not None else tag

    title = clean_text(pick(ov.title, tags.get("title")), 300) or clean_text(source.stem, 300) or "Untitled"
    artist = clean_text(pick(ov.artist, tags.get("artist")), 200) or UNKNOWN_ARTIST
    featured_raw = pick(ov.featured_artists, tags.get("featured") or ())
    featured = tuple(dict.fromkeys(n for n in (clean_text(f, 200) for f in featured_raw) if n))
    synced = clean_text(pick(ov.synced_lyrics, tags.get("synced_lyrics")), 200_000, multiline=True)
    lyrics = clean_text(pick(ov.lyrics, tags.get("lyrics")), 200_000, multiline=True)
    if synced and not lyrics:
        lyrics = plain_from_lrc(synced)
    return _Fields(
        title=title,
        artist=artist,
        featured=tuple(f for f in featured if f.casefold() != artist.casefold()),
        album=clean_text(pick(ov.album, tags.get("album")), 300) or None,
        album_kind=ov.album_kind or AlbumKind.ALBUM,
        genre=clean_text(pick(ov.genre, tags.get("genre")), 100) or None,
        track_number=pick(ov.track_number, tags.get("track_number")),
        disc_number=pick(ov.disc_number, tags.get("disc_number")) or 1,
        release_date=pick(ov.release_date, parse_date(tags.get("date"))),
        lyrics=lyrics,
        synced_lyrics=synced,
        licence=clean_text(ov.licence, 200) or "All rights reserved",
        explicit=bool(ov.explicit),
    )


def store_cover(store: MediaStore, album: Album | None, jpeg: bytes, written: list[str]) -> str:
    """Reuse the album's cover when the track embeds the same picture (typical for albums)."""
    if album is not None and album.cover_key and store.exists(album.cover_key):
        with store.open(album.cover_key) as handle:
            if handle.read(len(jpeg) + 1) == jpeg:
                return album.cover_key
    key = store.put_bytes("covers", "jpg", jpeg)
    written.append(key)
    return key


def track_values(
    staged: StagedAudio, f: _Fields, *, slug: str, artist_id: int, album_id: int | None,
    genre_id: int | None, cover_key: str | None, status: TrackStatus,
) -> dict:
    """A new track's column values: one place for both ways of writing them (a ``Track`` per
    file, or the bulk import's multi-row insert), so they cannot drift apart.
    """
    probe = staged.probe
    return dict(
        title=f.title, slug=slug, artist_id=artist_id, album_id=album_id, disc_number=f.disc_number,
        track_number=f.track_number, genre_id=genre_id, duration_ms=probe.duration_ms,
        release_date=f.release_date, audio_key=staged.audio_key, audio_format=probe.audio_format,
        mime_type=probe.mime_type, bitrate=probe.bitrate, sample_rate=probe.sample_rate,
        file_size=staged.size, audio_sha256=staged.sha256, cover_key=cover_key, lyrics=f.lyrics,
        synced_lyrics=f.synced_lyrics, licence=f.licence, explicit=f.explicit, status=status,
    )


def ingest_file(
    session: Session,
    *,
    store: MediaStore,
    source: Path,
    overrides: IngestOverrides | None = None,
    status: TrackStatus = TrackStatus.PUBLISHED,
    sha256: str | None = None,
    prober: Callable[[Path], ProbeResult] | None = None,
) -> IngestResult:
    """Validate ``source`` by content, store it, and create/link artist, album, genre, track.

    Raises ``Invalid`` (nothing stored, nothing written) for corrupt, truncated,
    unsupported or non-audio files, and ``NotFound`` for an unknown
    ``overrides.artist_id``. Commits on success.

    ``sha256`` is the file's hash when the caller already computed it (an upload hashes
    as it receives); otherwise the file is hashed here. ``prober`` parses the file in a
    sandbox: ``run_probe`` (a fresh child per file) unless the caller passes a
    ``probe_pool.ProbePool``'s ``probe``, as the bulk import does. Refusing duplicates is
    the caller's choice (``duplicates.track_with_audio``): ingestion records the hash.
    """
    overrides = overrides or IngestOverrides()
    _check_artist(session, overrides)
    staged = stage_audio(store=store, source=Path(source), sha256=sha256, prober=prober)
    return ingest_staged(session, store=store, staged=staged, overrides=overrides, status=status)


def _check_artist(session: Session, overrides: IngestOverrides) -> None:
    if overrides.artist_id is not None and session.get(ArtistProfile, overrides.artist_id) is None:
        raise NotFound("That artist does not exist.")


def ingest_staged(
    session: Session,
    *,
    store: MediaStore,
    staged: StagedAudio,
    overrides: IngestOverrides | None = None,
    status: TrackStatus = TrackStatus.PUBLISHED,
) -> IngestResult:
    """Create or link the rows for a file ``staging.stage_audio`` accepted; commits.

    On any failure the session is rolled back and the staged audio (and any cover
    written) is deleted, so nothing is left behind.
    """
    return _ingest(session, store, staged, overrides or IngestOverrides(), status, commit=True)


def write_staged(
    session: Session,
    *,
    store: MediaStore,
    staged: StagedAudio,
    overrides: IngestOverrides | None = None,
    status: TrackStatus = TrackStatus.PUBLISHED,
) -> IngestResult:
    """``ingest_staged`` inside a savepoint of the caller's transaction, which the caller commits.

    For the bulk import, which commits many files at once: a failure rolls back only this
    file's savepoint (the files written before it in the transaction stay) and deletes
    this file's stored media. The caller owns ``IngestResult.stored_keys`` until it commits:
    if that commit fails, it deletes them.
    """
    return _ingest(session, store, staged, overrides or IngestOverrides(), status, commit=False)


def _ingest(
    session: Session, store: MediaStore, staged: StagedAudio, overrides: IngestOverrides,
    status: TrackStatus, *, commit: bool,
) -> IngestResult:
    written: list[str] = [staged.audio_key]
    scope: Session | SessionTransaction | None = None
    try:
        _check_artist(session, overrides)
        fields = track_fields(staged.probe, staged.source, overrides)
        for attempt in (1, 2):
            current: Session | SessionTransaction = session if commit else session.begin_nested()
            scope = current
            try:
                result = _write_rows(session, store, staged, fields, overrides, status, written)
                current.commit()
                scope = None
                break
            except IntegrityError:
                # A concurrent ingest created the same artist/genre/album slug: retry once,
                # now matching the row it created (and dropping this attempt's cover file).
                current.rollback()
                scope = None
                matching.forget_matches(session)
                if attempt == 2:
                    raise
                for key in written[1:]:
                    store.delete(key)
                del written[1:]
    except BaseException:
        if commit:
            session.rollback()
        elif scope is not None:  # the savepoint still open (even if a failed flush deactivated it)
            scope.rollback()
        matching.forget_matches(session)
        for key in written:
            try:
                store.delete(key)
            except OSError:
                log.exception("could not delete %s after a failed ingest", key)
        raise
    return IngestResult(**result, warnings=staged.warnings, stored_keys=tuple(written))


def _write_rows(
    session: Session,
    store: MediaStore,
    staged: StagedAudio,
    f: _Fields,
    overrides: IngestOverrides,
    status: TrackStatus,
    written: list[str],
) -> dict:
    """Create or link every row for one track; flushes but does not commit."""
    probe, audio_key, cover_jpeg = staged.probe, staged.audio_key, staged.cover_jpeg
    if overrides.artist_id is not None:
        linked = session.get(ArtistProfile, overrides.artist_id)
        if linked is None:  # checked by ingest_file; gone only if deleted meanwhile
            raise NotFound("That artist does not exist.")
        artist, created_artist = linked, False
    else:
        artist, created_artist = matching.match_artist(session, f.artist)
    genre, created_genre = matching.match_genre(session, f.genre) if f.genre else (None, False)
    genre_id = genre.id if genre else None
    artist_id = saved_id(artist)
    album, created_album = (None, False)
    if f.album:
        album, created_album = matching.match_album(
            session, f.album, artist_id, genre_id, release_date=f.release_date, kind=f.album_kind)
    cover_key = store_cover(store, album, cover_jpeg, written) if cover_jpeg else None
    if album is not None and album.cover_key is None and cover_key:
        album.cover_key = cover_key
    track = Track(**track_values(
        staged, f, slug=matching.track_slug(session, f.title, artist_id), artist_id=artist_id,
        album_id=album.id if album else None, genre_id=genre_id, cover_key=cover_key, status=status))
    session.add(track)
    session.flush()
    track_id = saved_id(track)
    for name in f.featured:
        guest, _ = matching.match_artist(session, name)
        guest_id = saved_id(guest)
        if guest_id != artist_id and session.get(TrackFeaturedArtist, (track_id, guest_id)) is None:
            session.add(TrackFeaturedArtist(track_id=track_id, artist_id=guest_id))
    if f.featured:
        session.flush()
    log.info("ingested %s as track %s (%s)", audio_key, track_id, probe.audio_format)
    return dict(
        track_id=track_id,
        artist_id=artist_id,
        album_id=album.id if album else None,
        genre_id=genre_id,
        audio_key=audio_key,
        cover_key=cover_key,
        created_artist=created_artist,
        created_album=created_album,
        created_genre=created_genre,
        duration_ms=probe.duration_ms,
        audio_format=probe.audio_format,
        title=f.title,
        artist_name=artist.stage_name,
    )
