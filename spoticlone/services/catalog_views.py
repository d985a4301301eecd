"""Catalog rows turned into DTOs, in bulk: one query per related table, never per row.

Shared by every read service (catalog, search, plays, home) so a track or album looks
the same wherever it is listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import Album, ArtistProfile, Genre, Track, TrackFeaturedArtist, TrackStatus
from spoticlone.services.dto import (
    AlbumOut,
    ArtistOut,
    ArtistRef,
    GenreOut,
    TrackOut,
    format_duration,
)


def published():
    """The visibility filter every listener-facing query applies."""
    return col(Track.status) == TrackStatus.PUBLISHED


def artist_ref(artist: ArtistProfile) -> ArtistRef:
    return ArtistRef(
        id=artist.id, name=artist.stage_name, slug=artist.slug, url=routes.artist_url(artist.slug)
    )


def genre_out(genre: Genre, track_count: int = 0) -> GenreOut:
    return GenreOut(
        id=genre.id,
        name=genre.name,
        slug=genre.slug,
        description=genre.description,
        url=routes.genre_url(genre.slug),
        track_count=track_count,
    )


def by_id(session: Session, model, ids: Iterable[int | None]) -> dict:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {row.id: row for row in session.exec(select(model).where(col(model.id).in_(wanted)))}


def album_stats(session: Session, album_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    ids = list(album_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(Track.album_id, func.count(), func.coalesce(func.sum(Track.duration_ms), 0))
        .where(col(Track.album_id).in_(ids), published())
        .group_by(Track.album_id)
    )
    return {album_id: (count, total) for album_id, count, total in rows}


def album_dtos(session: Session, albums: Sequence[Album]) -> list[AlbumOut]:
    artists = by_id(session, ArtistProfile, (a.artist_id for a in albums))
    genres = by_id(session, Genre, (a.genre_id for a in albums))
    stats = album_stats(session, (a.id for a in albums))
    out = []
    for album in albums:
        count, total = stats.get(album.id, (0, 0))
        genre = genres.get(album.genre_id)
        out.append(
            AlbumOut(
                id=album.id,
                title=album.title,
                slug=album.slug,
                kind=album.kind.value,
                release_date=album.release_date,
                year=album.release_date.year if album.release_date else None,
                cover_url=routes.media_url(album.cover_key),
                artist=artist_ref(artists[album.artist_id]),
                genre=genre_out(genre) if genre else None,
                url=routes.album_url(album.id, album.slug),
                track_count=count,
                duration_ms=total,
            )
        )
    return out


def track_fields(track: Track, artists: dict, albums: dict, genres: dict, featured: dict) -> dict:
    album = albums.get(track.album_id)
    genre = genres.get(track.genre_id)
    cover_key = track.cover_key or (album.cover_key if album else None)
    return dict(
        id=track.id,
        title=track.title,
        slug=track.slug,
        artist=artist_ref(artists[track.artist_id]),
        featured=[artist_ref(artists[a]) for a in featured.get(track.id, []) if a in artists],
        album_id=track.album_id,
        album_title=album.title if album else None,
        album_url=routes.album_url(album.id, album.slug) if album else None,
        disc_number=track.disc_number,
        track_number=track.track_number,
        genre=genre_out(genre) if genre else None,
        duration_ms=track.duration_ms,
        duration=format_duration(track.duration_ms),
        release_date=track.release_date,
        audio_format=track.audio_format,
        bitrate=track.bitrate,
        sample_rate=track.sample_rate,
        cover_url=routes.media_url(cover_key),
        has_lyrics=bool(track.lyrics or track.synced_lyrics),
        has_synced_lyrics=bool(track.synced_lyrics),
        play_count=track.play_count,
        licence=track.licence,
        explicit=track.explicit,
        status=track.status.value,
        url=routes.track_url(track.id, track.slug),
        stream_url=routes.stream_url(track.id),
    )


def track_context(session: Session, tracks: Sequence[Track]):
    featured: dict[int, list[int]] = {}
    if tracks:
        links = session.exec(
            select(TrackFeaturedArtist).where(
                col(TrackFeaturedArtist.track_id).in_([t.id for t in tracks])
            )
        )
        for link in links:
            featured.setdefault(link.track_id, []).append(link.artist_id)
    artist_ids = {t.artist_id for t in tracks} | {a for ids in featured.values() for a in ids}
    return (
        by_id(session, ArtistProfile, artist_ids),
        by_id(session, Album, (t.album_id for t in tracks)),
        by_id(session, Genre, (t.genre_id for t in tracks)),
        featured,
    )


def track_dtos(session: Session, tracks: Sequence[Track]) -> list[TrackOut]:
    """Build ``TrackOut`` views for a page of tracks with a fixed number of queries."""
    context = track_context(session, tracks)
    return [TrackOut(**track_fields(t, *context)) for t in tracks]


def artist_dtos(session: Session, artists: Sequence[ArtistProfile]) -> list[ArtistOut]:
    """``ArtistOut`` views for a page of artists with one grouped query for the counts.

    Counts follow catalog visibility: published tracks, and albums that have one.
    """
    counts = {}
    if artists:
        counts = {
            artist_id: (albums, tracks)
            for artist_id, albums, tracks in session.exec(
                select(Track.artist_id, func.count(func.distinct(Track.album_id)), func.count())
                .where(col(Track.artist_id).in_([a.id for a in artists]), published())
                .group_by(Track.artist_id)
            )
        }
    out = []
    for artist in artists:
        album_count, track_count = counts.get(artist.id, (0, 0))
        out.append(
            ArtistOut(
                id=artist.id,
                name=artist.stage_name,
                slug=artist.slug,
                bio=artist.bio,
                image_url=routes.media_url(artist.image_key),
                verified=artist.verified,
                url=routes.artist_url(artist.slug),
                album_count=album_count,
                track_count=track_count,
            )
        )
    return out
