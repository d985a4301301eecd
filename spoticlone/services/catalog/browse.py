"""Read side of the catalog: what listeners browse, shared by the UI and the REST API.

Only published tracks are visible here; an album or genre is visible through its
published tracks. Draft access for artists and admins arrives with accounts and
goes through the same functions with an actor argument.

Lists are paginated on the server and DTOs are built in bulk (one query per related
table, never one per row).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import SQLColumnExpression, bindparam, func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from spoticlone.models import Album, ArtistProfile, Genre, Track, TrackStatus
from spoticlone.models.common import saved_id
from spoticlone.services.catalog.dto import (
    AlbumDetail,
    AlbumOut,
    ArtistDetail,
    ArtistOut,
    GenreOut,
    TrackDetail,
    TrackOut,
)
from spoticlone.services.catalog.read_cache import SharedReads
from spoticlone.services.catalog.views import (
    album_dtos,
    album_listed,
    artist_dtos,
    by_id,
    genre_out,
    published,
    track_context,
    track_dtos,
    track_fields,
)
from spoticlone.services.core.dto import MAX_PAGE_SIZE, Page, check_page
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.core.quick_reads import quick_read

# Each order ends in the id with the same direction, so SQLite walks one index
# ((status, key) + rowid) instead of sorting the whole table for every page.
TRACK_ORDERS: dict[str, tuple[SQLColumnExpression[Any], ...]] = {
    "popular": (col(Track.play_count).desc(), col(Track.id).desc()),
    "newest": (col(Track.release_date).desc(), col(Track.id).desc()),
    "title": (col(Track.title), col(Track.id)),
}
ALBUM_ORDERS: dict[str, tuple[SQLColumnExpression[Any], ...]] = {
    "newest": (col(Album.release_date).desc(), col(Album.id).desc()),
    "title": (col(Album.title), col(Album.id)),
}
# The same orders backwards (NULLs too: both databases put them at opposite ends of ASC and
# DESC), for pages in the second half of a list: see ``_window``.
TRACK_ORDERS_BACKWARDS: dict[str, tuple[SQLColumnExpression[Any], ...]] = {
    "popular": (col(Track.play_count).asc(), col(Track.id).asc()),
    "newest": (col(Track.release_date).asc(), col(Track.id).asc()),
    "title": (col(Track.title).desc(), col(Track.id).desc()),
}
ALBUM_ORDERS_BACKWARDS: dict[str, tuple[SQLColumnExpression[Any], ...]] = {
    "newest": (col(Album.release_date).asc(), col(Album.id).asc()),
    "title": (col(Album.title).desc(), col(Album.id).desc()),
}


def _window(offset: int, page_size: int, total: int) -> tuple[bool, int, int]:
    """``(backwards, offset, limit)`` that read rows ``[offset, offset + page_size)`` of ``total``.

    A database skips ``OFFSET`` rows one by one, so a page in the second half of a list is
    read from its end in the reversed order (then flipped): no page walks more than half
    the list, and the last page is as cheap as the first.
    """
    end = min(offset + page_size, total)
    if offset <= total // 2 or end <= offset:
        return False, offset, page_size
    return True, total - end, end - offset


# Genres.


_GENRES: SharedReads[Page[GenreOut]] = SharedReads(max_entries=256)


@quick_read
def list_genres(session: Session, *, page: int = 1, page_size: int = 50) -> Page[GenreOut]:
    """Genres that have published music, most tracks first (shared: the search page's tiles)."""
    offset = check_page(page, page_size)
    return _GENRES.get(session, (page, page_size), lambda: _genre_page(session, page, page_size, offset))


def _genre_page(session: Session, page: int, page_size: int, offset: int) -> Page[GenreOut]:
    counts = (
        select(Track.genre_id, func.count().label("n"))
        .where(published(), col(Track.genre_id).is_not(None))
        .group_by(col(Track.genre_id))
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
        items=[genre_out(g, n) for g, n in rows], total=total, page=page, page_size=page_size
    )


def get_genre(session: Session, *, slug: str) -> GenreOut:
    """A genre by slug with its published track count; ``NotFound`` otherwise."""
    genre = session.exec(select(Genre).where(Genre.slug == slug)).first()
    if genre is None:
        raise NotFound("That genre does not exist.")
    count = session.exec(
        select(func.count()).select_from(Track).where(Track.genre_id == genre.id, published())
    ).one()
    return genre_out(genre, count)


# Artists.


def list_artists(session: Session, *, page: int = 1, page_size: int = 24) -> Page[ArtistOut]:
    """Artists with published music, by total plays."""
    offset = check_page(page, page_size)
    plays = (
        select(Track.artist_id, func.sum(Track.play_count).label("plays"))
        .where(published())
        .group_by(col(Track.artist_id))
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
    return saved_id(_artist_by_slug(session, slug))


def get_artist(session: Session, *, slug: str, top_tracks: int = 10) -> ArtistDetail:
    """An artist page: profile, most played published tracks and albums; ``NotFound`` otherwise."""
    artist = _artist_by_slug(session, slug)
    tracks = session.exec(
        select(Track)
        .where(Track.artist_id == artist.id, published())
        .order_by(*TRACK_ORDERS["popular"])
        .limit(top_tracks)
    ).all()
    albums = list_albums(session, artist_id=artist.id, page_size=MAX_PAGE_SIZE).items
    return ArtistDetail(
        artist=artist_dtos(session, [artist])[0], top_tracks=track_dtos(session, tracks), albums=albums
    )


# Albums.


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
    offset = check_page(page, page_size)
    if order not in ALBUM_ORDERS:
        raise Invalid(f"Unknown order {order!r}; use one of {', '.join(ALBUM_ORDERS)}.")
    # The count the triggers keep (``album_listing``) matches a partial index of listed
    # albums in display order: no track is read to decide which albums to show.
    query = select(Album).where(album_listed())
    if artist_id is not None:
        query = query.where(Album.artist_id == artist_id)
    if genre_slug is not None:
        query = query.join(Genre, col(Genre.id) == Album.genre_id).where(Genre.slug == genre_slug)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    # Deferred join, as for tracks: skip rows in the partial index, then read the page's rows.
    page_ids = cast(SelectOfScalar[int], query.with_only_columns(col(Album.id)))
    backwards, skip, limit = _window(offset, page_size, total)
    page_ids = page_ids.order_by(*(ALBUM_ORDERS_BACKWARDS if backwards else ALBUM_ORDERS)[order])
    ids = list(session.exec(page_ids.offset(skip).limit(limit)).all())
    if backwards:
        ids.reverse()
    rows = by_id(session, Album, ids)
    albums = [rows[i] for i in ids]
    return Page[AlbumOut](
        items=album_dtos(session, albums), total=total, page=page, page_size=page_size
    )


_ALBUMS: SharedReads[AlbumDetail] = SharedReads()


@quick_read
def get_album(session: Session, *, album_id: int) -> AlbumDetail:
    """An album with its published tracks in disc order; ``NotFound`` if hidden or missing.

    Public and read on every album page and album play: shared between listeners until the
    catalog changes (``read_cache``).
    """
    return _ALBUMS.get(session, album_id, lambda: _album_detail(session, album_id))


def _album_detail(session: Session, album_id: int) -> AlbumDetail:
    album = session.get(Album, album_id)
    tracks: Sequence[Track] = []
    if album is not None:
        tracks = session.exec(
            select(Track)
            .where(Track.album_id == album.id, published())
            .order_by(col(Track.disc_number), col(Track.track_number), col(Track.id))
        ).all()
    if album is None or not tracks:
        raise NotFound("That album does not exist.")
    return AlbumDetail(album=album_dtos(session, [album])[0], tracks=track_dtos(session, tracks))


# Tracks.


def list_tracks(
    session: Session,
    *,
    page: int = 1,
    page_size: int = 50,
    genre_slug: str | None = None,
    artist_id: int | None = None,
    order: str = "popular",
) -> Page[TrackOut]:
    """One page of published tracks, filtered by genre or artist, in a ``TRACK_ORDERS`` order."""
    offset = check_page(page, page_size)
    if order not in TRACK_ORDERS:
        raise Invalid(f"Unknown order {order!r}; use one of {', '.join(TRACK_ORDERS)}.")
    query = select(Track).where(published())
    if genre_slug is not None:
        query = query.join(Genre, col(Genre.id) == Track.genre_id).where(Genre.slug == genre_slug)
    if artist_id is not None:
        query = query.where(Track.artist_id == artist_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    # Deferred join: skip rows in the (covering) index, then read only the page's rows.
    # ``with_only_columns`` keeps the statement's class (rows are still plain ids), which its
    # typing does not say.
    page_ids = cast(SelectOfScalar[int], query.with_only_columns(col(Track.id)))
    backwards, skip, limit = _window(offset, page_size, total)
    page_ids = page_ids.order_by(*(TRACK_ORDERS_BACKWARDS if backwards else TRACK_ORDERS)[order])
    ids = list(session.exec(page_ids.offset(skip).limit(limit)).all())
    if backwards:
        ids.reverse()
    rows = by_id(session, Track, ids)
    tracks = [rows[i] for i in ids]
    return Page[TrackOut](
        items=track_dtos(session, tracks), total=total, page=page, page_size=page_size
    )


def get_track(session: Session, *, track_id: int) -> TrackDetail:
    """A published track with its lyrics; ``NotFound`` for a missing or unpublished one."""
    track = session.get(Track, track_id)
    if track is None or track.status != TrackStatus.PUBLISHED:
        raise NotFound("That track does not exist.")
    fields = track_fields(track, *track_context(session, [track]))
    return TrackDetail(**fields, lyrics=track.lyrics, synced_lyrics=track.synced_lyrics)


# Queues.

MAX_QUEUE_IDS = 500
QUEUE_KINDS = ("album", "artist", "genre", "track")
QUEUE_LIMITS = {"artist": 10, "genre": 100}  # artist: its top tracks, as on its page


@quick_read
def tracks_by_ids(session: Session, *, ids: Sequence[int]) -> list[TrackOut]:
    """Published tracks in the order of ``ids`` (a saved queue), skipping the rest.

    Unknown, unpublished and non-integer ids are dropped silently, because a saved queue
    outlives tracks; repeats are kept (a queue may hold a song twice). Only the first
    ``MAX_QUEUE_IDS`` ids are read.
    """
    wanted = [i for i in list(ids)[:MAX_QUEUE_IDS] if type(i) is int]
    found = {} if not wanted else {
        t.id: t for t in session.exec(_PUBLISHED_BY_ID, params={"ids": list(dict.fromkeys(wanted))})}
    return track_dtos(session, [found[i] for i in wanted if i in found])


#: ``tracks_by_ids``' read: the player reads its queue so on every play (a hot read, docs/architecture.md).
_PUBLISHED_BY_ID = select(Track).where(col(Track.id).in_(bindparam("ids", expanding=True)), published())


@quick_read
def queue_for(session: Session, *, kind: str, ref: str) -> list[TrackOut]:
    """What pressing play on an album, artist, genre or track queues, in play order.

    ``ref`` is the album id, the artist slug (its top tracks), the genre slug (its
    most played tracks, at most 100) or the track id.

    Raises:
        Invalid: an unknown ``kind`` or a non-numeric id.
        NotFound: nothing published to play there.
    """
    ref = str(ref)
    if kind not in QUEUE_KINDS:
        raise Invalid(f"Unknown queue kind {kind!r}; use one of {', '.join(QUEUE_KINDS)}.")
    if kind in ("album", "track") and not (ref.isascii() and ref.isdigit() and len(ref) < 19):
        raise Invalid(f"A {kind} is played by its numeric id.")
    if kind == "album":
        return list(get_album(session, album_id=int(ref)).tracks)  # the cached list stays as it is
    if kind == "track":
        tracks = tracks_by_ids(session, ids=[int(ref)])
    else:
        artist_id = artist_id_for_slug(session, slug=ref) if kind == "artist" else None
        tracks = list_tracks(
            session, page_size=QUEUE_LIMITS[kind], artist_id=artist_id,
            genre_slug=ref if kind == "genre" else None,
        ).items
    if not tracks:
        raise NotFound("There is nothing to play there.")
    return tracks
