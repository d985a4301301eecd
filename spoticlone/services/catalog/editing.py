"""Editing catalog entries that ingestion cannot fill in: artist bios and images,
genre descriptions and album covers.

Ingestion creates artists, genres and albums from tags, which carry no biography,
portrait or genre blurb. These functions are the one place those are written, used
by the demo seeder now and by the artist studio and admin pages later, so the rules
(length limits, pictures re-encoded before storage, old media removed) hold for all.

Authorization is the caller's job for now: the first callers are the CLI and the
seeder, which run with operator rights. When accounts land, an ``actor`` argument
joins these signatures and the permission check goes here, not in the adapters.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel import Session, select

from spoticlone import routes
from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import Album, ArtistProfile, Genre, Track
from spoticlone.models.common import saved_id
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.core.tag_text import clean_text
from spoticlone.services.media.images import reencode_image

log = logging.getLogger(__name__)

MAX_BIO = 5000
MAX_GENRE_DESCRIPTION = 2000


@dataclass(frozen=True)
class ArtistProfileView:
    """An artist profile as the admin screens edit it (picture key and URL included)."""

    id: int
    name: str
    slug: str
    bio: str
    image_key: str | None
    image_url: str | None


@dataclass(frozen=True)
class GenreView:
    """A genre as the admin screens edit it."""

    id: int
    name: str
    slug: str
    description: str


@dataclass(frozen=True)
class AlbumCoverView:
    """An album's cover after an upload: the stored key and the URL to show."""

    id: int
    cover_key: str
    cover_url: str


def _store_picture(store: MediaStore, image_bytes: bytes, kind: str) -> str:
    """Store a re-encoded copy of a picture and return its key.

    Re-encoding strips metadata (EXIF GPS and the like) and rejects non-images with
    ``Invalid`` before anything is written. Callers delete the previous file only
    after the row points at the new one, so a failure never leaves a dangling key.
    """
    return store.put_bytes(kind, "jpg", reencode_image(image_bytes))


def _delete_quietly(store: MediaStore, key: str | None) -> None:
    if not key:
        return
    try:
        store.delete(key)
    except OSError:
        # A leftover file wastes disk but harms nobody; the row is already correct.
        log.exception("could not delete replaced media %s", key)


def _bounded_text(text: str, limit: int, what: str) -> str:
    cleaned = clean_text(text, limit + 1, multiline=True)
    if len(cleaned) > limit:
        raise Invalid(f"{what} can be at most {limit} characters long.")
    return cleaned


def _commit_or_discard(session: Session, row, store: MediaStore, new_key: str | None) -> None:
    """Commit ``row``; on failure roll back and delete the media written for it."""
    try:
        session.add(row)
        session.commit()
    except BaseException:
        session.rollback()
        _delete_quietly(store, new_key)
        raise


def update_artist_profile(
    session: Session,
    *,
    artist_id: int,
    store: MediaStore,
    bio: str | None = None,
    image_bytes: bytes | None = None,
) -> ArtistProfileView:
    """Set an artist's biography and/or portrait (``None`` leaves a field unchanged).

    Raises ``NotFound`` for an unknown artist and ``Invalid`` for a biography over
    the limit or a picture that cannot be read. Commits on success; on failure no
    row changes and no new media file remains.
    """
    artist = session.get(ArtistProfile, artist_id)
    if artist is None:
        raise NotFound("That artist does not exist.")
    if bio is not None:
        artist.bio = _bounded_text(bio, MAX_BIO, "A biography")
    old_key, new_key = artist.image_key, None
    if image_bytes is not None:
        new_key = _store_picture(store, image_bytes, "images")
        artist.image_key = new_key
    _commit_or_discard(session, artist, store, new_key)
    if new_key and old_key and old_key != new_key:
        _delete_quietly(store, old_key)
    return ArtistProfileView(
        id=saved_id(artist),
        name=artist.stage_name,
        slug=artist.slug,
        bio=artist.bio,
        image_key=artist.image_key,
        image_url=routes.media_url(artist.image_key),
    )


def describe_genre(session: Session, *, slug: str, description: str) -> GenreView:
    """Set the description shown on a genre's page. Commits on success.

    Raises ``NotFound`` for an unknown slug and ``Invalid`` for an over-long text.
    """
    genre = session.exec(select(Genre).where(Genre.slug == slug)).first()
    if genre is None:
        raise NotFound("That genre does not exist.")
    genre.description = _bounded_text(description, MAX_GENRE_DESCRIPTION, "A genre description")
    session.add(genre)
    session.commit()
    return GenreView(id=saved_id(genre), name=genre.name, slug=genre.slug, description=genre.description)


def set_album_cover(
    session: Session, *, album_id: int, image_bytes: bytes, store: MediaStore
) -> AlbumCoverView:
    """Replace an album's cover with a re-encoded copy of ``image_bytes``. Commits.

    Tracks that share the album's previous cover file keep their own ``cover_key``,
    so the old file is only removed when no track points at it.
    """
    album = session.get(Album, album_id)
    if album is None:
        raise NotFound("That album does not exist.")
    old_key = album.cover_key
    new_key = _store_picture(store, image_bytes, "covers")
    album.cover_key = new_key
    _commit_or_discard(session, album, store, new_key)
    if old_key and old_key != new_key:
        still_used = session.exec(select(Track.id).where(Track.cover_key == old_key)).first()
        if still_used is None:
            _delete_quietly(store, old_key)
    cover_url = routes.media_url(new_key)
    if cover_url is None:  # only for an empty key, which the store never returns
        raise RuntimeError(f"the media store returned an empty key for album {album_id}")
    return AlbumCoverView(id=saved_id(album), cover_key=new_key, cover_url=cover_url)
