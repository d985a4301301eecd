"""Seed the demo catalog: tag real audio files and import them like any upload.

Every track goes through ``ingest_file`` (the same path as the artist studio and
the bulk import), so the demo doubles as an end-to-end check of ingestion on Opus,
MP3 and FLAC. What tags cannot carry (artist bios and portraits, genre blurbs) is
then set through ``catalog.editing``. Seeding is idempotent: it does nothing when
the catalog already has tracks, so ``make run`` can call it on every start.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from spoticlone.demo import artwork, catalog_data, legal_texts, synth
from spoticlone.demo.lyrics import build_lrc
from spoticlone.demo.lyrics_text import LYRICS
from spoticlone.demo.tagging import TrackTags, duration_seconds, tag_file
from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import Album, ArtistProfile, Genre, Track
from spoticlone.services.accounts import legal
from spoticlone.services.catalog import editing
from spoticlone.services.core.errors import DomainError
from spoticlone.services.core.slugs import slugify
from spoticlone.services.media.ingestion import IngestOverrides, ingest_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SeedProgress:
    """One finished track, handed to the ``progress`` callback (the CLI prints it)."""

    index: int
    total: int
    title: str
    artist: str
    album: str
    audio_format: str
    ok: bool
    error: str = ""


@dataclass(frozen=True)
class SeedReport:
    seeded: bool
    skipped_reason: str = ""
    tracks: int = 0
    failures: tuple[str, ...] = ()
    artists: int = 0
    albums: int = 0
    genres: int = 0
    accounts: tuple[tuple[str, str, str], ...] = ()  # (email, username, password)
    seconds: float = 0.0


@dataclass
class _Context:
    engine: Engine
    store: MediaStore
    workdir: Path
    artist_ids: dict[str, int] = field(default_factory=dict)
    album_ids: dict[str, int] = field(default_factory=dict)
    covers: dict[str, bytes] = field(default_factory=dict)


def music_dir() -> Path:
    """Folder of the bundled royalty-free tracks (one sub-folder per mood)."""
    from immich_memories_music import tracks_dir

    return tracks_dir()


def _catalog_has_tracks(session: Session) -> bool:
    return session.exec(select(Track.id).limit(1)).first() is not None


def _demo_already_present(session: Session) -> bool:
    slugs = [slugify(a.name, max_length=200) for a in catalog_data.ARTISTS]
    query = (
        select(Track.id)
        .join(ArtistProfile, col(ArtistProfile.id) == col(Track.artist_id))
        .where(col(ArtistProfile.slug).in_(slugs))
        .limit(1)
    )
    return session.exec(query).first() is not None


def _source_file(spec: catalog_data.TrackSpec, ctx: _Context, stem: str) -> Path:
    """A private copy of the track's audio in the work dir (the package files stay untouched)."""
    if spec.source.startswith("synth:"):
        return synth.render_to_file(spec.source.removeprefix("synth:"), ctx.workdir, stem)
    mood = spec.source.split("_", 1)[0]
    original = music_dir() / mood / spec.source
    target = ctx.workdir / f"{stem}{original.suffix}"
    shutil.copyfile(original, target)
    return target


def _prepare(album: catalog_data.AlbumSpec, number: int, spec, ctx: _Context, index: int) -> Path:
    cover = ctx.covers.get(album.title)
    if cover is None:
        cover = artwork.album_cover(album.title, album.artist, album.style, album.palette)
        ctx.covers[album.title] = cover
    path = _source_file(spec, ctx, f"{index:02d}-{slugify(spec.title)}")
    lyrics = ""
    if not spec.instrumental:
        lines = LYRICS[spec.title]
        lyrics = build_lrc(lines, duration_seconds(path), title=spec.title, artist=album.artist, album=album.title)
    tags = TrackTags(
        title=spec.title,
        artist=album.artist,
        album=album.title,
        track_number=number,
        track_total=len(album.tracks),
        disc_number=1,
        genre=album.genre,
        release_date=album.release_date,
        lyrics=lyrics,
        cover_jpeg=cover,
    )
    tag_file(path, tags)
    return path


def _ingest_all(ctx: _Context, progress: Callable[[SeedProgress], None] | None) -> tuple[int, list[str]]:
    entries = catalog_data.all_tracks()
    done, failures = 0, []
    for index, (album, number, spec) in enumerate(entries, 1):
        licence = catalog_data.SYNTH_LICENCE if spec.source.startswith("synth:") else catalog_data.MUSIC_LICENCE
        overrides = IngestOverrides(
            album_kind=album.kind,
            licence=licence,
            artist_id=ctx.artist_ids.get(album.artist),
        )
        fmt, error = "", ""
        try:
            path = _prepare(album, number, spec, ctx, index)
            fmt = path.suffix.lstrip(".")
            with Session(ctx.engine, expire_on_commit=False) as session:
                result = ingest_file(session, store=ctx.store, source=path, overrides=overrides)
            ctx.artist_ids.setdefault(album.artist, result.artist_id)
            if result.album_id is not None:
                ctx.album_ids.setdefault(album.title, result.album_id)
            fmt = result.audio_format or fmt
            path.unlink(missing_ok=True)  # keep the temp dir small: the store has its own copy
            done += 1
        except (DomainError, OSError, ValueError) as exc:
            error = getattr(exc, "message", None) or str(exc)
            log.error("demo track %r failed: %s", spec.title, error)
            failures.append(f"{album.artist} - {spec.title}: {error}")
        log.info("demo track %d/%d %s - %s", index, len(entries), album.artist, spec.title)
        if progress:
            progress(SeedProgress(index, len(entries), spec.title, album.artist, album.title, fmt, not error, error))
    return done, failures


def _finish_profiles(ctx: _Context) -> None:
    """Bios, portraits, genre descriptions, and a cover for any album that lacks one."""
    with Session(ctx.engine, expire_on_commit=False) as session:
        for artist in catalog_data.ARTISTS:
            artist_id = ctx.artist_ids.get(artist.name)
            if artist_id is None:
                continue
            editing.update_artist_profile(
                session,
                artist_id=artist_id,
                store=ctx.store,
                bio=artist.bio,
                image_bytes=artwork.artist_portrait(artist.name, artist.palette),
            )
        for genre in catalog_data.GENRES:
            row = session.exec(select(Genre).where(func.lower(Genre.name) == genre.name.lower())).first()
            if row is not None:
                editing.describe_genre(session, slug=row.slug, description=genre.description)
        for album in catalog_data.ALBUMS:
            album_id = ctx.album_ids.get(album.title)
            album_row = session.get(Album, album_id) if album_id else None
            if album_id and album_row is not None and not album_row.cover_key:
                log.warning("album %r came in without a cover; setting it directly", album.title)
                editing.set_album_cover(
                    session, album_id=album_id, image_bytes=ctx.covers[album.title], store=ctx.store
                )


def _count(session: Session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def seed_demo_catalog(
    engine: Engine,
    store: MediaStore,
    *,
    only_if_empty: bool = True,
    with_demo_accounts: bool | None = None,
    progress: Callable[[SeedProgress], None] | None = None,
) -> SeedReport:
    """Import the demo catalog through ``ingest_file``; never deletes anything.

    With ``only_if_empty`` (the default) nothing happens if any track exists.
    Without it the demo is added next to an existing catalog, but still never twice.
    ``with_demo_accounts`` defaults to "in development"; the report carries the
    generated sign-in details so the caller can show them once.
    """
    started = time.monotonic()
    with Session(engine) as session:
        # The legal pages are never empty, whether or not the catalog is seeded below.
        legal.seed_first_versions(session, texts=legal_texts.FIRST_VERSIONS)
        if only_if_empty and _catalog_has_tracks(session):
            return SeedReport(seeded=False, skipped_reason="the catalog already has tracks")
        if _demo_already_present(session):
            return SeedReport(seeded=False, skipped_reason="the demo catalog is already present")
    if with_demo_accounts is None:
        from spoticlone.config import get_settings

        with_demo_accounts = get_settings().is_development

    with tempfile.TemporaryDirectory(prefix="spoticlone-demo-") as tmp:
        ctx = _Context(engine=engine, store=store, workdir=Path(tmp))
        done, failures = _ingest_all(ctx, progress)
        _finish_profiles(ctx)

    accounts: list[tuple[str, str, str]] = []
    if with_demo_accounts:
        from spoticlone.services.accounts.demo import create_demo_accounts

        with Session(engine, expire_on_commit=False) as session:
            accounts = create_demo_accounts(
                session, artist_profile_id=ctx.artist_ids.get(catalog_data.DEMO_ARTIST_ACCOUNT_FOR)
            )
    with Session(engine) as session:
        report = SeedReport(
            seeded=True,
            tracks=done,
            failures=tuple(failures),
            artists=_count(session, ArtistProfile),
            albums=_count(session, Album),
            genres=_count(session, Genre),
            accounts=tuple(accounts),
            seconds=round(time.monotonic() - started, 1),
        )
    log.info("demo catalog seeded: %d tracks in %.1fs (%d failed)", done, report.seconds, len(failures))
    return report
