"""The artist part of a data export: the profile, every release and song, uploads, original files.

Only for an account that owns an artist profile. Drafts and withdrawn songs are included:
they are the artist's own work. Original audio files are listed here and copied into the zip
by ``data_export_archive`` straight from the media store, a file at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import (
    Album,
    ArtistLink,
    ArtistProfile,
    ArtistSlugAlias,
    AudioUpload,
    Genre,
    Track,
    TrackFeaturedArtist,
    UploadSession,
    User,
)
from spoticlone.services.accounts.data_export_sections import Rows, Section, iso


def artist_profile(session: Session, user: User) -> ArtistProfile | None:
    """The artist profile the account owns, if any."""
    return session.exec(select(ArtistProfile).where(ArtistProfile.user_id == user.id)).first()


def _profile(session: Session, user: User) -> Rows:
    artist = artist_profile(session, user)
    if artist is None:
        return
    links = session.exec(select(ArtistLink).where(ArtistLink.artist_id == artist.id)
                         .order_by(col(ArtistLink.position))).all()
    aliases = session.exec(select(ArtistSlugAlias).where(ArtistSlugAlias.artist_id == artist.id)).all()
    yield {"stage_name": artist.stage_name, "slug": artist.slug, "url": routes.artist_url(artist.slug),
           "bio": artist.bio, "verified": artist.verified, "created_at": iso(artist.created_at),
           "links": [{"label": link.label, "url": link.url} for link in links],
           "previous_slugs": [alias.slug for alias in aliases]}


def artist_tracks(session: Session, user: User) -> list[Track]:
    """Every song of the account's artist profile, any status, oldest first."""
    artist = artist_profile(session, user)
    if artist is None:
        return []
    return list(session.exec(select(Track).where(Track.artist_id == artist.id).order_by(col(Track.id))))


def original_name(track: Track) -> str:
    """Where a song's original file goes in the zip."""
    return f"artist/originals/{track.id}-{track.slug or 'track'}"[:120] + f".{track.audio_format or 'audio'}"


def _releases(session: Session, user: User) -> Rows:
    artist = artist_profile(session, user)
    if artist is None:
        return
    for album in session.exec(select(Album).where(Album.artist_id == artist.id).order_by(col(Album.id))):
        yield {"kind": "release", "album_id": album.id, "title": album.title, "type": album.kind.value,
               "release_date": iso(album.release_date), "url": routes.album_url(album.id or 0, album.slug)}
    for track in artist_tracks(session, user):
        genre = session.get(Genre, track.genre_id) if track.genre_id else None
        featured = session.exec(select(ArtistProfile.stage_name).join(
            TrackFeaturedArtist, col(TrackFeaturedArtist.artist_id) == ArtistProfile.id)
            .where(TrackFeaturedArtist.track_id == track.id)).all()
        yield {"kind": "song", "track_id": track.id, "title": track.title, "status": track.status.value,
               "album_id": track.album_id, "disc_number": track.disc_number, "track_number": track.track_number,
               "genre": genre.name if genre else None, "featured_artists": list(featured),
               "duration_ms": track.duration_ms, "release_date": iso(track.release_date),
               "format": track.audio_format, "bitrate": track.bitrate, "sample_rate": track.sample_rate,
               "file_size": track.file_size, "sha256": track.audio_sha256, "isrc": track.isrc,
               "licence": track.licence, "explicit": track.explicit, "plays": track.play_count,
               "lyrics": track.lyrics, "synced_lyrics": track.synced_lyrics, "created_at": iso(track.created_at),
               "original_file": original_name(track)}


def _uploads(session: Session, user: User) -> Rows:
    artist = artist_profile(session, user)
    owner = [AudioUpload.user_id == user.id]
    if artist is not None:
        owner = [(AudioUpload.user_id == user.id) | (AudioUpload.artist_id == artist.id)]
    for upload in session.exec(select(AudioUpload).where(*owner).order_by(col(AudioUpload.id))):
        yield {"kind": "upload", "filename": upload.filename, "size": upload.size, "sha256": upload.sha256,
               "status": upload.status.value, "error": upload.error, "track_id": upload.track_id,
               "created_at": iso(upload.created_at)}
    sessions = [UploadSession.user_id == user.id]
    if artist is not None:
        sessions = [(UploadSession.user_id == user.id) | (UploadSession.artist_id == artist.id)]
    for piece in session.exec(select(UploadSession).where(*sessions).order_by(col(UploadSession.id))):
        yield {"kind": "resumable_upload", "filename": piece.filename, "size": piece.size,
               "received": piece.received, "status": piece.status.value, "error": piece.error,
               "created_at": iso(piece.created_at)}


def original_files(session: Session, user: User, store: MediaStore) -> Iterator[tuple[str, str]]:
    """(name in the zip, media key) of each song's original audio that is still stored."""
    for track in artist_tracks(session, user):
        if track.audio_key and store.exists(track.audio_key):
            yield original_name(track), track.audio_key


def picture_files(session: Session, user: User, store: MediaStore) -> Iterator[tuple[str, str]]:
    """(name in the zip, media key) of the account's own pictures and its artist image."""
    artist = artist_profile(session, user)
    for name, key in (("avatar", user.avatar_key), ("cover", user.cover_key),
                      ("artist_image", artist.image_key if artist else None)):
        if key and store.exists(key):
            yield f"pictures/{name}{Path(key).suffix}", key


ARTIST_SECTIONS: tuple[Section, ...] = (
    Section("artist/profile.json", "Your artist page: stage name, address, bio, links and earlier addresses.",
            frozenset({"artistprofile", "artistlink", "artistslugalias"}), _profile, single=True),
    Section("artist/releases.json", "Your releases and every song (drafts too) with its details, lyrics and "
            "the name of its original file in artist/originals/.",
            frozenset({"album", "track", "trackfeaturedartist"}), _releases),
    Section("artist/uploads.json", "Every audio file you uploaded and what became of it.",
            frozenset({"audioupload", "uploadsession"}), _uploads),
)
