"""Read side of the catalog: what listeners browse, shared by the UI and the REST API.

Only published tracks are visible here; an album or genre is visible through its
published tracks. Draft access for artists and admins arrives with accounts and
goes through the same functions with an actor argument.

Lists are paginated on the server and DTOs are built in bulk (one query per related
table, never one per row).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import Album, ArtistProfile, Genre, Track, TrackFeaturedArtist, TrackStatus
from spoticlone.services.dto import (
    AlbumDetail,
    AlbumOut,
    ArtistDetail,
    ArtistOut,
    ArtistRef,
    GenreOut,
    Page,
    TrackDetail,
    TrackOut,
    format_duration,
)
from spoticlone.services.errors import Invalid, NotFound

MAX_PAGE_SIZE = 100
# Each order ends in the id with the same direction, so SQLite walks one index
# ((status, key) + rowid) instead of sorting the whole table for every page.
TRACK_ORDERS = {
    "popular": (col(Track.play_count).desc(), col(Track.id).desc()),
    "newest": (col(Track.release_date).desc(), col(Track.id).desc()),
    "title": (col(Track.title), col(Track.id)),
}
ALBUM_ORDERS = {
    "newest": (col(Album.release_date).desc(), col(Album.id).desc()),
    "title": (col(Album.title), col(Album.id)),
}


def _check_page(page: int, page_size: int) -> int:
    if page < 1:
        raise Invalid("Page numbers start at 1.")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise Invalid(f"Page size must be between 1 and {MAX_PAGE_SIZE}.")
    return (page - 1) * page_size


def _published():
    return col(Track.status) == TrackStatus.PUBLISHED


# --- DTO builders -----------------------------------------------------------------


def _artist_ref(artist: ArtistProfile) -> ArtistRef:
    return ArtistRef(
        id=artist.id, name=artist.stage_name, slug=artist.slug, url=routes.artist_url(artist.slug)
    )


def _genre_out(genre: Genre, track_count: int = 0) -> GenreOut:
    return GenreOut(
        id=genre.id,
        name=genre.name,
        slug=genre.slug,
        description=genre.description,
        url=routes.genre_url(genre.slug),
        track_count=track_count,
    )


def _by_id(session: Session, model, ids: Iterable[int | None]) -> dict:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {row.id: row for row in session.exec(select(model).where(col(model.id).in_(wanted)))}


def _album_stats(session: Session, album_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    ids = list(album_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(Track.album_id, func.count(), func.coalesce(func.sum(Track.duration_ms), 0))
        .where(col(Track.album_id).in_(ids), _published())
        .group_by(Track.album_id)
    )
    return {album_id: (count, total) for album_id, count, total in rows}


def _album_dtos(session: Session, albums: Sequence[Album]) -> list[AlbumOut]:
    artists = _by_id(session, ArtistProfile, (a.artist_id for a in albums))
    genres = _by_id(session, Genre, (a.genre_id for a in albums))
    stats = _album_stats(session, (a.id for a in albums))
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
                artist=_artist_ref(artists[album.artist_id]),
                genre=_genre_out(genre) if genre else None,
                url=routes.album_url(album.id, album.slug),
                track_count=count,
                duration_ms=total,
            )
        )
    return out


def _track_fields(track: Track, artists: dict, albums: dict, genres: dict, featured: dict) -> dict:
    album = albums.get(track.album_id)
    genre = genres.get(track.genre_id)
    cover_key = track.cover_key or (album.cover_key if album else None)
    return dict(
        id=track.id,
        title=track.title,
        slug=track.slug,
        artist=_artist_ref(artists[track.artist_id]),
        featured=[_artist_ref(artists[a]) for a in featured.get(track.id, []) if a in artists],
        album_id=track.album_id,
        album_title=album.title if album else None,
        album_url=routes.album_url(album.id, album.slug) if album else None,
        disc_number=track.disc_number,
        track_number=track.track_number,
        genre=_genre_out(genre) if genre else None,
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


def _track_context(session: Session, tracks: Sequence[Track]):
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
        _by_id(session, ArtistProfile, artist_ids),
        _by_id(session, Album, (t.album_id for t in tracks)),
        _by_id(session, Genre, (t.genre_id for t in tracks)),
        featured,
    )


def track_dtos(session: Session, tracks: Sequence[Track]) -> list[TrackOut]:
    """Build ``TrackOut`` views for a page of tracks with a fixed number of queries."""
    context = _track_context(session, tracks)
    return [TrackOut(**_track_fields(t, *context)) for t in tracks]


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
                .where(col(Track.artist_id).in_([a.id for a in artists]), _published())
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


# --- Genres -----------------------------------------------------------------------


def list_genres(session: Session, *, page: int = 1, page_size: int = 50) -> Page[GenreOut]:
    """Genres that have published music, most tracks first."""
    offset = _check_page(page, page_size)
    counts = (
        select(Track.genre_id, func.count().label("n"))
        .where(_published(), col(Track.genre_id).is_not(None))
        .group_by(Track.genre_id)
        .subquery()
    )
    total = session.exec(select(func.count()).select_from(counts)).one()
    rows = session.exec(
        select(Genre, counts.c.n)
        .join(counts, counts.c.genre_id == Genre.id)
        .order_by(counts.c.n.desc(), Genre.name)
        .offset(offset)
        .limit(page_size)
    ).all()
    return Page[GenreOut](
        items=[_genre_out(g, n) for g, n in rows], total=total, page=page, page_size=page_size
    )


def get_genre(session: Session, *, slug: str) -> GenreOut:
    genre = session.exec(select(Genre).where(Genre.slug == slug)).first()
    if genre is None:
        raise NotFound("That genre does not exist.")
    count = session.exec(
        select(func.count()).select_from(Track).where(Track.genre_id == genre.id, _published())
    ).one()
    return _genre_out(genre, count)


# --- Artists ----------------------------------------------------------------------


def list_artists(session: Session, *, page: int = 1, page_size: int = 24) -> Page[ArtistOut]:
    """Artists with published music, by total plays."""
    offset = _check_page(page, page_size)
    plays = (
        select(Track.artist_id, func.sum(Track.play_count).label("plays"))
        .where(_published())
        .group_by(Track.artist_id)
        .subquery()
    )
    total = session.exec(select(func.count()).select_from(plays)).one()
    artists = session.exec(
        select(ArtistProfile)
        .join(plays, plays.c.artist_id == ArtistProfile.id)
        .order_by(plays.c.plays.desc(), ArtistProfile.stage_name)
        .offset(offset)
        .limit(page_size)
    ).all()
    return Page[ArtistOut](
        items=artist_dtos(session, artists), total=total, page=page, page_size=page_size
    )


def _artist_by_slug(session: Session, slug: str) -> ArtistProfile:
    artist = session.exec(select(ArtistProfile).where(ArtistProfile.slug == slug)).first()
    if artist is None:
        raise NotFound("That artist does not exist.")
    return artist


def artist_id_for_slug(session: Session, *, slug: str) -> int:
    """The id behind an artist URL (``NotFound`` if none), for sub-lists like albums."""
    return _artist_by_slug(session, slug).id


def get_artist(session: Session, *, slug: str, top_tracks: int = 10) -> ArtistDetail:
    artist = _artist_by_slug(session, slug)
    tracks = session.exec(
        select(Track)
        .where(Track.artist_id == artist.id, _published())
        .order_by(*TRACK_ORDERS["popular"])
        .limit(top_tracks)
    ).all()
    albums = list_albums(session, artist_id=artist.id, page_size=MAX_PAGE_SIZE).items
    return ArtistDetail(
        artist=artist_dtos(session, [artist])[0], top_tracks=track_dtos(session, tracks), albums=albums
    )


# --- Albums -----------------------------------------------------------------------


def list_albums(
    session: Session,
    *,
    page: int = 1,
    page_size: int = 24,
    artist_id: int | None = None,
    genre_slug: str | None = None,
    order: str = "newest",
) -> Page[AlbumOut]:
    """Albums with at least one published track."""
    offset = _check_page(page, page_size)
    if order not in ALBUM_ORDERS:
        raise Invalid(f"Unknown order {order!r}; use one of {', '.join(ALBUM_ORDERS)}.")
    # EXISTS lets the database walk albums in display order and stop after one page,
    # instead of collecting every published track first.
    has_published = select(Track.id).where(Track.album_id == Album.id, _published()).exists()
    query = select(Album).where(has_published)
    if artist_id is not None:
        query = query.where(Album.artist_id == artist_id)
    if genre_slug is not None:
        query = query.join(Genre, Genre.id == Album.genre_id).where(Genre.slug == genre_slug)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    albums = session.exec(
        query.order_by(*ALBUM_ORDERS[order]).offset(offset).limit(page_size)
    ).all()
    return Page[AlbumOut](
        items=_album_dtos(session, albums), total=total, page=page, page_size=page_size
    )


def get_album(session: Session, *, album_id: int) -> AlbumDetail:
    album = session.get(Album, album_id)
    tracks = []
    if album is not None:
        tracks = session.exec(
            select(Track)
            .where(Track.album_id == album.id, _published())
            .order_by(col(Track.disc_number), col(Track.track_number), col(Track.id))
        ).all()
    if album is None or not tracks:
        raise NotFound("That album does not exist.")
    return AlbumDetail(album=_album_dtos(session, [album])[0], tracks=track_dtos(session, tracks))


# --- Tracks -----------------------------------------------------------------------


def list_tracks(
    session: Session,
    *,
    page: int = 1,
    page_size: int = 50,
    genre_slug: str | None = None,
    artist_id: int | None = None,
    order: str = "popular",
) -> Page[TrackOut]:
    offset = _check_page(page, page_size)
    if order not in TRACK_ORDERS:
        raise Invalid(f"Unknown order {order!r}; use one of {', '.join(TRACK_ORDERS)}.")
    query = select(Track).where(_published())
    if genre_slug is not None:
        query = query.join(Genre, Genre.id == Track.genre_id).where(Genre.slug == genre_slug)
    if artist_id is not None:
        query = query.where(Track.artist_id == artist_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    # Deferred join: skip rows in the (covering) index, then read only the page's rows.
    page_ids = query.with_only_columns(col(Track.id)).order_by(*TRACK_ORDERS[order])
    ids = session.exec(page_ids.offset(offset).limit(page_size)).all()
    by_id = _by_id(session, Track, ids)
    tracks = [by_id[i] for i in ids]
    return Page[TrackOut](
        items=track_dtos(session, tracks), total=total, page=page, page_size=page_size
    )


def get_track(session: Session, *, track_id: int) -> TrackDetail:
    track = session.get(Track, track_id)
    if track is None or track.status != TrackStatus.PUBLISHED:
        raise NotFound("That track does not exist.")
    fields = _track_fields(track, *_track_context(session, [track]))
    return TrackDetail(**fields, lyrics=track.lyrics, synced_lyrics=track.synced_lyrics)
