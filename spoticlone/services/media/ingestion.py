"""Turn an audio file into a catalog track.

The artist upload studio, the bulk import command and the demo catalog all call
``ingest_file``; nothing else creates tracks from files, so what an upload must be
(real audio by content, whole, within the size limit) is decided here once.

One file is one unit of work: ``ingest_file`` commits on success. On any failure
after media was written it rolls the session back and deletes the stored files, so
a rejected or failed upload leaves neither rows nor orphan media behind. Callers
should therefore not hold unrelated uncommitted changes in the session.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import (
    Album,
    AlbumKind,
    ArtistProfile,
    Genre,
    Track,
    TrackFeaturedArtist,
    TrackStatus,
)
from spoticlone.models.common import saved_id
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.core.slugs import slugify
from spoticlone.services.core.tag_text import clean_text, parse_date, plain_from_lrc
from spoticlone.services.media.audio_probe import ProbeError, ProbeResult, run_probe
from spoticlone.services.media.images import ImageRejected, reencode_image

log = logging.getLogger(__name__)

NOT_AUDIO = "This file is not an audio file we can read (MP3, FLAC, Ogg, Opus, WAV, M4A)."
MESSAGES = {
    "not_audio": NOT_AUDIO,
    "corrupt": NOT_AUDIO,
    "crashed": NOT_AUDIO,
    "truncated": (
        "This audio file is incomplete: it stops before its end, which usually means the "
        "upload or copy was interrupted. Please try again with the complete file."
    ),
    "timeout": "This file took too long to read. Please check it plays and try again.",
}
UNKNOWN_ARTIST = "Unknown Artist"


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
    warnings: tuple[str, ...] = ()  # listener-readable notes, e.g. a cover that was dropped


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


def _fields(probe: ProbeResult, source: Path, ov: IngestOverrides) -> _Fields:
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


def _unique_slug(session: Session, model, base: str, **scope) -> str:
    """``base`` or ``base-2``, ``base-3``… free among ``model`` rows matching ``scope``."""
    query = select(model.slug).where(col(model.slug).startswith(base))
    for name, value in scope.items():
        query = query.where(getattr(model, name) == value)
    taken = set(session.exec(query).all())
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base[:300]}-{n}"
    return slug


def _artist(session: Session, name: str) -> tuple[ArtistProfile, bool]:
    """Match by slug of the name; names without ASCII letters match by exact name instead."""
    slug = slugify(name, max_length=200, fallback="")
    if slug:
        found = session.exec(select(ArtistProfile).where(ArtistProfile.slug == slug)).first()
    else:
        found = session.exec(
            select(ArtistProfile).where(func.lower(ArtistProfile.stage_name) == name.lower())
        ).first()
    if found:
        return found, False
    artist = ArtistProfile(stage_name=name, slug=_unique_slug(session, ArtistProfile, slug or "artist"))
    session.add(artist)
    session.flush()
    return artist, True


def _genre(session: Session, name: str) -> tuple[Genre, bool]:
    """Match case-insensitively by name, or by slug ("Hip Hop" is "Hip-Hop")."""
    slug = slugify(name, max_length=120, fallback="")
    query = select(Genre).where(func.lower(Genre.name) == name.lower())
    found = session.exec(query).first()
    if not found and slug:
        found = session.exec(select(Genre).where(Genre.slug == slug)).first()
    if found:
        return found, False
    genre = Genre(name=name, slug=_unique_slug(session, Genre, slug or "genre"))
    session.add(genre)
    session.flush()
    return genre, True


def _album(
    session: Session, f: _Fields, title: str, artist_id: int, genre_id: int | None
) -> tuple[Album, bool]:
    """``title`` is ``f.album``, already known to be set."""
    slug = slugify(title, max_length=300, fallback="")
    query = select(Album).where(Album.artist_id == artist_id)
    if slug:
        query = query.where(Album.slug == slug)
    else:
        query = query.where(func.lower(Album.title) == title.lower())
    found = session.exec(query).first()
    if found:
        if found.release_date is None and f.release_date:
            found.release_date = f.release_date
        if found.genre_id is None and genre_id:
            found.genre_id = genre_id
        return found, False
    album = Album(
        title=title,
        slug=_unique_slug(session, Album, slug or "album", artist_id=artist_id),
        artist_id=artist_id,
        genre_id=genre_id,
        release_date=f.release_date,
        kind=f.album_kind,
    )
    session.add(album)
    session.flush()
    return album, True


def _cover_jpeg(cover: bytes | None, source: Path, warnings: list[str]) -> bytes | None:
    if not cover:
        return None
    try:
        return reencode_image(cover)
    except ImageRejected as exc:
        log.warning("dropping unusable embedded cover in %s: %s", source.name, exc.message)
        warnings.append("The picture embedded in this file could not be used, so it was skipped.")
        return None


def _store_cover(store: MediaStore, album: Album | None, jpeg: bytes, written: list[str]) -> str:
    """Reuse the album's cover when the track embeds the same picture (typical for albums)."""
    if album is not None and album.cover_key and store.exists(album.cover_key):
        with store.open(album.cover_key) as handle:
            if handle.read(len(jpeg) + 1) == jpeg:
                return album.cover_key
    key = store.put_bytes("covers", "jpg", jpeg)
    written.append(key)
    return key


def _check_size(source: Path) -> int:
    from spoticlone.config import get_settings

    try:
        size = source.stat().st_size
    except OSError as exc:
        raise Invalid("The file could not be found; please choose it again.") from exc
    if not source.is_file():
        raise Invalid(NOT_AUDIO)
    if size == 0:
        raise Invalid("This file is empty. Please choose an audio file (MP3, FLAC, Ogg, Opus, WAV, M4A).")
    limit_mb = get_settings().max_upload_mb
    if size > limit_mb * 1024 * 1024:
        raise Invalid(f"This file is larger than the {limit_mb} MB limit for audio uploads.")
    return size


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
    unsupported or non-audio files, and ``NotFound`` for an unknown
    ``overrides.artist_id``. Commits on success.
    """
    source = Path(source)
    overrides = overrides or IngestOverrides()
    size = _check_size(source)
    try:
        probe = run_probe(source)
    except ProbeError as exc:
        log.info("rejected %s: %s", source.name, exc)
        raise Invalid(MESSAGES.get(exc.reason, NOT_AUDIO)) from exc
    if overrides.artist_id is not None and session.get(ArtistProfile, overrides.artist_id) is None:
        raise NotFound("That artist does not exist.")
    fields = _fields(probe, source, overrides)
    warnings: list[str] = []
    cover_jpeg = _cover_jpeg(probe.cover, source, warnings)

    written: list[str] = []
    try:
        audio_key = store.put_file("audio", probe.extension, source)
        written.append(audio_key)
        for attempt in (1, 2):
            try:
                result = _write_rows(
                    session, store, probe, fields, overrides, status, size,
                    audio_key, cover_jpeg, written,
                )
                session.commit()
                break
            except IntegrityError:
                # A concurrent ingest created the same artist/genre/album slug: retry once,
                # now matching the row it created (and dropping this attempt's cover file).
                session.rollback()
                if attempt == 2:
                    raise
                for key in written[1:]:
                    store.delete(key)
                del written[1:]
    except BaseException:
        session.rollback()
        for key in written:
            try:
                store.delete(key)
            except OSError:
                log.exception("could not delete %s after a failed ingest", key)
        raise
    return IngestResult(**result, warnings=tuple(warnings))


def _write_rows(
    session: Session,
    store: MediaStore,
    probe: ProbeResult,
    f: _Fields,
    overrides: IngestOverrides,
    status: TrackStatus,
    size: int,
    audio_key: str,
    cover_jpeg: bytes | None,
    written: list[str],
) -> dict:
    """Create or link every row for one track; flushes but does not commit."""
    if overrides.artist_id is not None:
        linked = session.get(ArtistProfile, overrides.artist_id)
        if linked is None:  # checked by ingest_file; gone only if deleted meanwhile
            raise NotFound("That artist does not exist.")
        artist, created_artist = linked, False
    else:
        artist, created_artist = _artist(session, f.artist)
    genre, created_genre = _genre(session, f.genre) if f.genre else (None, False)
    genre_id = genre.id if genre else None
    artist_id = saved_id(artist)
    album, created_album = _album(session, f, f.album, artist_id, genre_id) if f.album else (None, False)
    cover_key = _store_cover(store, album, cover_jpeg, written) if cover_jpeg else None
    if album is not None and album.cover_key is None and cover_key:
        album.cover_key = cover_key
    track = Track(
        title=f.title,
        slug=_unique_slug(session, Track, slugify(f.title, max_length=300), artist_id=artist_id),
        artist_id=artist_id,
        album_id=album.id if album else None,
        disc_number=f.disc_number,
        track_number=f.track_number,
        genre_id=genre_id,
        duration_ms=probe.duration_ms,
        release_date=f.release_date,
        audio_key=audio_key,
        audio_format=probe.audio_format,
        mime_type=probe.mime_type,
        bitrate=probe.bitrate,
        sample_rate=probe.sample_rate,
        file_size=size,
        cover_key=cover_key,
        lyrics=f.lyrics,
        synced_lyrics=f.synced_lyrics,
        licence=f.licence,
        explicit=f.explicit,
        status=status,
    )
    session.add(track)
    session.flush()
    track_id = saved_id(track)
    for name in f.featured:
        guest, _ = _artist(session, name)
        guest_id = saved_id(guest)
        if guest_id != artist_id and session.get(TrackFeaturedArtist, (track_id, guest_id)) is None:
            session.add(TrackFeaturedArtist(track_id=track_id, artist_id=guest_id))
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
    )
