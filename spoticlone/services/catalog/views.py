"""Catalog rows turned into DTOs, in bulk: one query per related table, never per row.

Shared by every read service (catalog, search, plays, home) so a track or album looks
the same wherever it is listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import BindParameter, Row, bindparam, func, select as sa_select
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import Album, ArtistProfile, Genre, Track, TrackFeaturedArtist, TrackStatus
from spoticlone.models.common import saved_id
from spoticlone.services.catalog.dto import (
    AlbumOut,
    ArtistOut,
    ArtistRef,
    GenreOut,
    TrackOut,
    format_duration,
)
from spoticlone.services.catalog.read_cache import SharedReads, cache_key_of
from spoticlone.services.studio.licences import licence_url


def published():
    """The visibility filter every listener-facing query applies."""
    return col(Track.status) == TrackStatus.PUBLISHED


def album_listed():
    """The filter of albums listeners can see: those with a published track.

    Reads the count the database keeps (``album_listing``), so no track is read per album.
    """
    return col(Album.listed_tracks) > 0


def artist_ref(artist: ArtistProfile) -> ArtistRef:
    """The short artist reference embedded in track and album DTOs."""
    return ArtistRef(
        id=artist.id, name=artist.stage_name, slug=artist.slug, url=routes.artist_url(artist.slug)
    )


def genre_out(genre: Genre, track_count: int = 0) -> GenreOut:
    """A genre DTO; ``track_count`` is supplied by callers that counted it."""
    return GenreOut(
        id=genre.id,
        name=genre.name,
        slug=genre.slug,
        description=genre.description,
        url=routes.genre_url(genre.slug),
        track_count=track_count,
    )


def by_id(session: Session, model, ids: Iterable[int | None]) -> dict:
    """Rows of ``model`` for ``ids`` in one query, keyed by id (``None`` ids skipped)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {row.id: row for row in session.exec(select(model).where(col(model.id).in_(wanted)))}


def album_stats(session: Session, album_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Published track count and total length per album, in one grouped query."""
    ids = list(album_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(Track.album_id, func.count(), func.coalesce(func.sum(Track.duration_ms), 0))
        .where(col(Track.album_id).in_(ids), published())
        .group_by(col(Track.album_id))
    )
    # ``album_id IN (...)`` never matches NULL: the check only tells the type checker so.
    return {album_id: (count, total) for album_id, count, total in rows if album_id is not None}


def album_out(album, artist, genre, track_count: int, duration_ms: int) -> AlbumOut:
    """One ``AlbumOut`` from an album, its artist and genre (models or rows alike)."""
    return AlbumOut(
        id=album.id,
        title=album.title,
        slug=album.slug,
        kind=album.kind.value,
        release_date=album.release_date,
        year=album.release_date.year if album.release_date else None,
        cover_url=routes.media_url(album.cover_key),
        artist=artist_ref(artist),
        genre=genre_out(genre) if genre else None,
        url=routes.album_url(album.id, album.slug),
        track_count=track_count,
        duration_ms=duration_ms,
    )


def album_dtos(session: Session, albums: Sequence[Album]) -> list[AlbumOut]:
    """Album DTOs for ``albums`` with a fixed number of queries, whatever their count."""
    artists = by_id(session, ArtistProfile, (a.artist_id for a in albums))
    genres = by_id(session, Genre, (a.genre_id for a in albums))
    stats = album_stats(session, (saved_id(a) for a in albums))
    return [album_out(album, artists[album.artist_id], genres.get(album.genre_id),
                      *stats.get(saved_id(album), (0, 0))) for album in albums]


def track_fields(
    track: Track | SimpleNamespace, artists: dict, albums: dict, genres: dict, featured: dict
) -> dict:
    """The ``TrackOut`` fields of one track, from the rows ``track_context`` loaded."""
    track_id = saved_id(track)
    album = albums.get(track.album_id)
    genre = genres.get(track.genre_id)
    # The release's cover is what its artist chose to show; a song's embedded picture is the fallback.
    cover_key = (album.cover_key if album else None) or track.cover_key
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
        licence_url=licence_url(track.licence),
        explicit=track.explicit,
        status=track.status.value,
        url=routes.track_url(track_id, track.slug),
        stream_url=routes.stream_url(track_id),
    )


def track_context(session: Session, tracks: Sequence[Track]):
    """The artists, albums, genres and featured artists of ``tracks``, in batched queries."""
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


# Shared between listeners: a ``TrackOut`` holds only public catalog data.
_TRACK_DTOS: SharedReads[tuple[tuple, TrackOut]] = SharedReads(max_entries=20_000)
_ROW_FIELDS = ("title", "slug", "artist_id", "album_id", "genre_id", "cover_key", "disc_number",
               "track_number", "duration_ms", "release_date", "audio_format", "bitrate", "sample_rate",
               "play_count", "licence", "explicit", "status")


def _row_signature(track: Track) -> tuple:
    """What a ``TrackOut`` takes from the track row itself: a cached DTO built from another
    version of the row (a play counted, a title edited) is never reused.
    """
    return (*(getattr(track, f) for f in _ROW_FIELDS), bool(track.lyrics), bool(track.synced_lyrics))


def track_dtos(session: Session, tracks: Sequence[Track]) -> list[TrackOut]:
    """Build ``TrackOut`` views for a page of tracks with a fixed number of queries.

    The artists, albums, genres and featured artists are read only for tracks whose DTO is
    not in the shared cache (``read_cache``) for this very row.
    """
    where = cache_key_of(session)
    if where is None:
        context = track_context(session, tracks)
        return [TrackOut(**track_fields(t, *context)) for t in tracks]
    built: dict[int, TrackOut] = {}
    missing: dict[int, tuple[Track, tuple]] = {}
    for track in tracks:
        signature = _row_signature(track)
        hit = _TRACK_DTOS.lookup(where, track.id)
        if hit is not None and hit[0] == signature:
            built[saved_id(track)] = hit[1]
        else:
            missing[saved_id(track)] = (track, signature)
    if missing:
        context = track_context(session, [track for track, _ in missing.values()])
        for track_id, (track, signature) in missing.items():
            built[track_id] = TrackOut(**track_fields(track, *context))
            _TRACK_DTOS.put(where, track_id, (signature, built[track_id]))
    return [built[saved_id(t)] for t in tracks]


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
                .group_by(col(Track.artist_id))
            )
        }
    return [artist_out(artist, *counts.get(saved_id(artist), (0, 0))) for artist in artists]


def artist_out(artist, album_count: int, track_count: int) -> ArtistOut:
    """One ``ArtistOut`` from an artist (model or row alike) and its published counts."""
    return ArtistOut(
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


# Published views by id, for hot read paths (search).
# The same DTOs as above from a few column queries (joins and aggregates in SQL) instead
# of loading model objects table by table: a search builds ~25 rows on every keystroke.


def _columns(row, prefix: str) -> dict[str, Any]:
    """The ``prefix_*`` columns of a joined row, by name without the prefix."""
    return {k[len(prefix):]: v for k, v in row._mapping.items() if k.startswith(prefix)}


def _parts(row, prefix: str) -> SimpleNamespace | None:
    """The ``prefix_*`` columns of a joined row as one object (None for a missing outer join)."""
    values = _columns(row, prefix)
    return None if values.get("id") is None else SimpleNamespace(**values)


# The column tuples below hold ORM attributes, which the type checker sees as their Python
# values (``int | None``...): ``Any`` lets ``.label``/``.key`` through.
def _artist_columns(prefix: str = "ar_") -> list:
    columns: tuple[Any, ...] = (ArtistProfile.id, ArtistProfile.stage_name, ArtistProfile.slug)
    return [c.label(prefix + c.key) for c in columns]


def _genre_columns() -> list:
    columns: tuple[Any, ...] = (Genre.id, Genre.name, Genre.slug, Genre.description)
    return [c.label("g_" + c.key) for c in columns]


# Statements built once, run with a list of ids. Those of more than four columns use
# SQLAlchemy's ``select`` (SQLModel's is typed for at most four): they run on the
# connection, where both build the same statement.
_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_TRACK_COLUMNS: tuple[Any, ...] = (
    Track.id, Track.title, Track.slug, Track.artist_id, Track.album_id, Track.genre_id,
    Track.cover_key, Track.disc_number, Track.track_number, Track.duration_ms,
    Track.release_date, Track.audio_format, Track.bitrate, Track.sample_rate, Track.play_count,
    Track.licence, Track.explicit, Track.status,
)
_ALBUM_COLUMNS: tuple[Any, ...] = (Album.id, Album.title, Album.slug, Album.cover_key)
_PUBLISHED_TRACKS = (
    sa_select(
        *[c.label("t_" + c.key) for c in _TRACK_COLUMNS],
        (col(Track.lyrics) != "").label("t_lyrics"),
        (col(Track.synced_lyrics) != "").label("t_synced_lyrics"),
        *_artist_columns(),
        *[c.label("al_" + c.key) for c in _ALBUM_COLUMNS],
        *_genre_columns(),
    )
    .join(ArtistProfile, col(ArtistProfile.id) == Track.artist_id)
    .outerjoin(Album, col(Album.id) == Track.album_id)
    .outerjoin(Genre, col(Genre.id) == Track.genre_id)
    .where(col(Track.id).in_(_IDS), published())
)
_FEATURED = (
    sa_select(col(TrackFeaturedArtist.track_id), *_artist_columns())
    .join(ArtistProfile, col(ArtistProfile.id) == TrackFeaturedArtist.artist_id)
    .where(col(TrackFeaturedArtist.track_id).in_(_IDS))
)


def published_track_dtos(session: Session, ids: Iterable[int]) -> dict[int, TrackOut]:
    """``TrackOut`` of the published tracks among ``ids`` (others are left out), in two
    queries: the tracks joined to artist, album and genre, then featured artists.
    """
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    conn = session.connection()
    rows = conn.execute(_PUBLISHED_TRACKS, {"ids": wanted}).all()
    featured: dict[int, list[int]] = {}
    artists = {}
    for link in conn.execute(_FEATURED, {"ids": [r.t_id for r in rows]}).all() if rows else []:
        featured.setdefault(link.track_id, []).append(link.ar_id)
        artists[link.ar_id] = _parts(link, "ar_")
    albums, genres, tracks = {}, {}, []
    for row in rows:
        track = SimpleNamespace(**_columns(row, "t_"))  # an inner-joined row: never missing
        artists[track.artist_id] = _parts(row, "ar_")
        albums[track.album_id] = _parts(row, "al_")
        genres[track.genre_id] = _parts(row, "g_")
        tracks.append(track)
    return {t.id: TrackOut(**track_fields(t, artists, albums, genres, featured)) for t in tracks}


# Covered by ``ix_track_artist_status (artist_id, status, play_count)``: no track row is
# read, so ranking dozens of candidate artists with hundreds of tracks each stays cheap.
_PUBLISHED_ARTISTS = (
    sa_select(col(ArtistProfile.id), col(ArtistProfile.stage_name), col(ArtistProfile.slug),
              col(ArtistProfile.bio), col(ArtistProfile.image_key), col(ArtistProfile.verified),
              func.count().label("tracks"), func.coalesce(func.sum(Track.play_count), 0).label("plays"))
    .join(Track, col(Track.artist_id) == ArtistProfile.id)
    .where(col(ArtistProfile.id).in_(_IDS), published())
    .group_by(col(ArtistProfile.id))
)
# Album counts read the track rows: asked only for the artists actually shown.
_ARTIST_ALBUMS = (
    select(Track.artist_id, func.count(func.distinct(Track.album_id)))
    .where(col(Track.artist_id).in_(_IDS), published())
    .group_by(col(Track.artist_id))
)


def published_artists(session: Session, ids: Iterable[int]) -> Sequence[Row[*tuple[Any, ...]]]:
    """Rows (artist columns, ``tracks``, ``plays``) of the artists among ``ids`` that have a
    published track, in one query; ``published_artist_dtos`` makes the DTOs.
    """
    wanted = list(dict.fromkeys(ids))
    return session.connection().execute(_PUBLISHED_ARTISTS, {"ids": wanted}).all() if wanted else []


def published_artist_dtos(session: Session, rows: Sequence) -> list[ArtistOut]:
    """``ArtistOut`` of ``published_artists`` rows, with one query for their album counts."""
    if not rows:
        return []
    albums = dict(session.connection().execute(_ARTIST_ALBUMS, {"ids": [r.id for r in rows]}).all())
    return [artist_out(r, albums.get(r.id, 0), r.tracks) for r in rows]


_ALBUM_ROW_COLUMNS: tuple[Any, ...] = (
    Album.id, Album.title, Album.slug, Album.kind, Album.release_date, Album.cover_key,
)
_PUBLISHED_ALBUMS = (
    sa_select(*[c.label("al_" + c.key) for c in _ALBUM_ROW_COLUMNS],
              *_artist_columns(), *_genre_columns(),
              func.count().label("n"), func.coalesce(func.sum(Track.duration_ms), 0).label("ms"),
              func.coalesce(func.sum(Track.play_count), 0).label("plays"))
    .join(Track, col(Track.album_id) == Album.id)
    .join(ArtistProfile, col(ArtistProfile.id) == Album.artist_id)
    .outerjoin(Genre, col(Genre.id) == Album.genre_id)
    .where(col(Album.id).in_(_IDS), published())
    .group_by(col(Album.id), col(ArtistProfile.id), col(Genre.id))
)


def published_albums(session: Session, ids: Iterable[int]) -> Sequence[Row[*tuple[Any, ...]]]:
    """Rows (``al_*``, ``ar_*``, ``g_*`` columns, ``n``, ``ms``, ``plays``) of the albums among
    ``ids`` that have a published track, in one query; ``published_album_out`` makes the DTO.
    """
    wanted = list(dict.fromkeys(ids))
    return session.connection().execute(_PUBLISHED_ALBUMS, {"ids": wanted}).all() if wanted else []


def published_album_out(row) -> AlbumOut:
    """An album DTO from a row of the joined published-albums query."""
    return album_out(_parts(row, "al_"), _parts(row, "ar_"), _parts(row, "g_"), row.n, row.ms)
