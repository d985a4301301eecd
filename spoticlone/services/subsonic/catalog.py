"""The catalog queries Subsonic apps need beyond the web's: whole artist lists, album lists by
type, random songs, the library page by page, and which image an id's cover art is.

Adapter-shaped but rule-free: every query shows published music only (``views.published``),
exactly as the web's catalog pages do, and returns the catalog's own DTOs.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select as sa_select
from sqlmodel import Session, col, select

from spoticlone.models import (
    Album,
    ArtistProfile,
    Genre,
    PlayEvent,
    Playlist,
    Rating,
    SavedAlbum,
    Track,
    TrackStatus,
    User,
)
from spoticlone.services.catalog import views
from spoticlone.services.catalog.dto import AlbumOut, ArtistOut, GenreOut, TrackOut
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.errors import Invalid, NotFound

#: Most items one Subsonic list call returns (clients ask for 500 when syncing).
MAX_SIZE = 500
ALBUM_LIST_TYPES = ("random", "newest", "frequent", "recent", "starred", "highest",
                    "alphabeticalByName", "alphabeticalByArtist", "byYear", "byGenre")


def _size(value: int, most: int = MAX_SIZE) -> int:
    return max(0, min(int(value), most))


def all_artists(session: Session) -> list[ArtistOut]:
    """Every artist with published music, by name (Subsonic apps list them all at once)."""
    has_music = select(Track.id).where(Track.artist_id == ArtistProfile.id, views.published()).exists()
    artists = session.exec(select(ArtistProfile).where(has_music).order_by(func.lower(ArtistProfile.stage_name))).all()
    return views.artist_dtos(session, artists)


def artist_with_albums(session: Session, *, artist_id: int) -> tuple[ArtistOut, list[AlbumOut]]:
    """One artist and all of their albums that have published music; ``NotFound`` otherwise."""
    artist = session.get(ArtistProfile, artist_id)
    if artist is None:
        raise NotFound("That artist does not exist.")
    albums = session.exec(select(Album).where(Album.artist_id == artist.id, views.album_listed())
                          .order_by(col(Album.release_date).desc(), col(Album.id))).all()
    out = views.artist_dtos(session, [artist])[0]
    if not albums and out.track_count == 0:
        raise NotFound("That artist does not exist.")
    return out, views.album_dtos(session, albums)


def all_genres(session: Session) -> list[tuple[GenreOut, int]]:
    """Every genre with published music: (genre with its song count, album count)."""
    rows = session.exec(
        select(Genre, func.count(col(Track.id)), func.count(func.distinct(Track.album_id)))
        .join(Track, col(Track.genre_id) == Genre.id).where(views.published())
        .group_by(col(Genre.id)).order_by(col(Genre.name))
    ).all()
    return [(views.genre_out(genre, songs), albums) for genre, songs, albums in rows]


def _random_ids(session: Session, model, query, size: int) -> list[int]:
    """Up to ``size`` random ids of ``query``: random points in the id range, then the next id.

    Each point is one indexed lookup, so the cost does not grow with the catalog (ORDER BY
    random() reads every row), and all points of a round go in one statement (one scalar
    subquery each): a round trip per point cost more than the lookups. Gaps in the ids make
    some rows likelier; fine for shuffling. A point past the last row wraps to the first.
    """
    # Two subqueries: SQLite answers a lone min() or max() from the index, both together by a scan.
    low, high = session.execute(sa_select(sa_select(func.min(model.id)).scalar_subquery(),
                                          sa_select(func.max(model.id)).scalar_subquery())).one()
    if low is None or size <= 0:
        return []
    found: list[int] = []
    first: int | None = None
    for _ in range(3):
        wanted = size - len(found)
        if wanted <= 0:
            break
        points = [random.randint(low, high) for _ in range(min(2 * wanted, _POINTS_PER_ROUND))]
        nexts = [query.where(col(model.id) >= point).order_by(col(model.id)).limit(1).scalar_subquery()
                 for point in points]
        for hit in session.execute(sa_select(*nexts)).one():
            if hit is None:
                if first is None:
                    first = session.exec(query.order_by(col(model.id)).limit(1)).first()
                hit = first
            if hit is not None and hit not in found:
                found.append(hit)
                if len(found) >= size:
                    break
    return found


#: Points looked up in one statement (SQLite allows 2,000 result columns).
_POINTS_PER_ROUND = 1000


def _by_ids(session: Session, model, ids: Sequence[int]) -> list:
    rows = views.by_id(session, model, ids)
    return [rows[i] for i in ids if i in rows]


def album_list(
    session: Session, *, actor: User | None, list_type: str, size: int = 10, offset: int = 0,
    from_year: int | None = None, to_year: int | None = None, genre: str | None = None,
) -> list[AlbumOut]:
    """Albums for ``getAlbumList2``: one of ``ALBUM_LIST_TYPES``."""
    if list_type not in ALBUM_LIST_TYPES:
        raise Invalid(f"Unknown list type {list_type!r}; use one of {', '.join(ALBUM_LIST_TYPES)}.")
    size, offset = _size(size), max(0, min(int(offset), 10**9))
    query = select(Album).where(views.album_listed())
    if list_type == "random":
        ids = _random_ids(session, Album, select(Album.id).where(views.album_listed()), size)
        return views.album_dtos(session, _by_ids(session, Album, ids))
    if list_type == "newest":
        query = query.order_by(col(Album.created_at).desc(), col(Album.id).desc())
    elif list_type == "alphabeticalByName":
        query = query.order_by(func.lower(Album.title), col(Album.id))
    elif list_type == "alphabeticalByArtist":
        query = query.join(ArtistProfile, col(ArtistProfile.id) == Album.artist_id).order_by(
            func.lower(ArtistProfile.stage_name), func.lower(Album.title), col(Album.id))
    elif list_type == "byYear":
        if from_year is None or to_year is None:
            raise Invalid("byYear needs fromYear and toYear.")
        low, high = sorted((from_year, to_year))
        query = query.where(col(Album.release_date) >= date(low, 1, 1), col(Album.release_date) <= date(high, 12, 31))
        query = query.order_by(col(Album.release_date).desc() if from_year > to_year else col(Album.release_date))
    elif list_type == "byGenre":
        if not genre:
            raise Invalid("byGenre needs genre.")
        query = query.join(Genre, col(Genre.id) == Album.genre_id).where(func.lower(Genre.name) == genre.lower())
        query = query.order_by(func.lower(Album.title))
    elif list_type == "frequent":
        plays = select(func.coalesce(func.sum(Track.play_count), 0)).where(
            Track.album_id == Album.id, views.published()).scalar_subquery()
        query = query.order_by(plays.desc(), col(Album.id))
    elif list_type == "recent":
        user = require_user(actor)
        last = (select(func.max(PlayEvent.started_at)).join(Track, col(Track.id) == PlayEvent.track_id)
                .where(PlayEvent.user_id == user.id, Track.album_id == Album.id).scalar_subquery())
        query = query.where(last.isnot(None)).order_by(last.desc())
    elif list_type == "starred":
        user = require_user(actor)
        query = query.join(SavedAlbum, col(SavedAlbum.album_id) == Album.id).where(
            SavedAlbum.user_id == user.id).order_by(col(SavedAlbum.created_at).desc())
    else:
        user = require_user(actor)
        query = query.join(Rating, col(Rating.album_id) == Album.id).where(
            Rating.user_id == user.id).order_by(col(Rating.stars).desc(), col(Album.id))
    albums = session.exec(query.offset(offset).limit(size)).all()
    return views.album_dtos(session, albums)


def random_tracks(session: Session, *, size: int = 10, genre: str | None = None,
                  from_year: int | None = None, to_year: int | None = None) -> list[TrackOut]:
    """Random published songs, optionally of one genre or between two years."""
    query = select(Track.id).where(views.published())
    if genre:
        query = query.join(Genre, col(Genre.id) == Track.genre_id).where(func.lower(Genre.name) == genre.lower())
    if from_year is not None:
        query = query.where(col(Track.release_date) >= date(from_year, 1, 1))
    if to_year is not None:
        query = query.where(col(Track.release_date) <= date(to_year, 12, 31))
    ids = _random_ids(session, Track, query, _size(size))
    return views.track_dtos(session, _by_ids(session, Track, ids))


def tracks_of_genre(session: Session, *, genre: str, size: int = 10, offset: int = 0) -> list[TrackOut]:
    """Published songs of one genre (by name), most played first."""
    tracks = session.exec(
        select(Track).join(Genre, col(Genre.id) == Track.genre_id)
        .where(views.published(), func.lower(Genre.name) == genre.lower())
        .order_by(col(Track.play_count).desc(), col(Track.id)).offset(max(0, min(offset, 10**9))).limit(_size(size))
    ).all()
    return views.track_dtos(session, tracks)


def library_page(session: Session, *, kind: str, count: int, offset: int) -> list:
    """One page of every published artist, album or song, in id order (an empty ``search3``).

    Apps sync their whole library this way, asking for offset 0, then 500, 1000, ... An
    OFFSET makes the database step over every earlier row, so the last page of a million
    songs would cost far more than the first. Each page therefore leaves a mark where it
    ended (``_MARKS``: offset → last id, per database and kind) and a later page starts after
    the nearest mark at or before its offset: an index seek, plus an OFFSET over the few rows
    past the mark, if any. Only a page with no mark before it in this process (a jump on a
    fresh worker) steps over every earlier row. If rows before a mark change between two
    pages, a sync may see one item twice or miss one until its next run, as with any paging.
    """
    count, offset = _size(count), max(0, min(int(offset), 10**9))
    if count == 0:
        return []
    model: Any
    model, where = {"artist": (ArtistProfile, select(Track.id).where(
        Track.artist_id == ArtistProfile.id, views.published()).exists()),
        "album": (Album, views.album_listed())}.get(kind, (Track, views.published()))
    query: Any = select(model).where(where).order_by(col(model.id)).limit(count)
    # Keyed by database too: tests (and tools) may use several in one process.
    key = (str(session.get_bind().engine.url), kind)
    mark = _mark_before(key, offset)
    if mark is not None:
        query = query.where(col(model.id) > mark[1])
    skip = offset - (mark[0] if mark else 0)
    rows = session.exec(query.offset(skip) if skip else query).all()
    if rows:
        _remember(key, offset + len(rows), rows[-1].id)
    if kind == "artist":
        return views.artist_dtos(session, rows)
    if kind == "album":
        return views.album_dtos(session, rows)
    return views.track_dtos(session, rows)


#: Per (database, kind): sorted (offset, id of the row just before it). Thinned, never unbounded.
_MARKS: dict[tuple[str, str], list[tuple[int, int]]] = {}
_MARKS_PER_KIND = 4096
_MARKED_KINDS = 32


def _mark_before(key: tuple[str, str], offset: int) -> tuple[int, int] | None:
    marks = _MARKS.get(key, [])
    at = bisect.bisect_right(marks, (offset, 2**63)) - 1
    return marks[at] if at >= 0 else None


def _remember(key: tuple[str, str], offset: int, last_id: int) -> None:
    if key not in _MARKS and len(_MARKS) >= _MARKED_KINDS:
        _MARKS.pop(next(iter(_MARKS)))
    marks = _MARKS.setdefault(key, [])
    at = bisect.bisect_left(marks, (offset, -1))
    if at < len(marks) and marks[at][0] == offset:
        marks[at] = (offset, last_id)
    else:
        marks.insert(at, (offset, last_id))
    if len(marks) > _MARKS_PER_KIND:
        del marks[1::2]  # every other mark: coverage stays even, a jump skips a little more


def cover_key(session: Session, *, actor: User | None, cover_id: str) -> str:
    """The media key of the picture a Subsonic cover id names (``al-``, ``ar-``, ``tr-``, ``pl-``).

    Only pictures the web shows to ``actor``: published music, and playlists they may read.
    """
    kind, _, raw = (cover_id or "").partition("-")
    if not raw.isdigit() or len(raw) > 18:
        raise NotFound("No such cover art.")
    ident = int(raw)
    key: str | None = None
    if kind == "al":
        album = session.get(Album, ident)
        published = session.exec(select(Track.id).where(Track.album_id == ident, views.published()).limit(1)).first()
        key = album.cover_key if album is not None and published is not None else None
    elif kind == "ar":
        artist = session.get(ArtistProfile, ident)
        key = artist.image_key if artist is not None else None
    elif kind == "tr":
        track = session.get(Track, ident)
        if track is not None and track.status == TrackStatus.PUBLISHED:
            album = session.get(Album, track.album_id) if track.album_id else None
            key = track.cover_key or (album.cover_key if album else None)
    elif kind == "pl":
        from spoticlone.services.library.playlists import access

        playlist, _ = access.readable(session, actor=actor, playlist_id=ident)
        key = playlist.cover_key if isinstance(playlist, Playlist) else None
    if not key:
        raise NotFound("No such cover art.")
    return key


def require_published(session: Session, *, track_ids: list[int]) -> None:
    """``NotFound`` unless every id is a published song (checked before a multi-step change starts)."""
    wanted = set(track_ids)
    if not wanted:
        return
    found = set(session.exec(select(Track.id).where(col(Track.id).in_(wanted), views.published())).all())
    if found != wanted:
        raise NotFound("That song does not exist.")


def top_tracks_of(session: Session, *, artist_name: str, count: int = 50) -> list[TrackOut]:
    """The most played published songs of the artist with this name (``getTopSongs``)."""
    artist = session.exec(select(ArtistProfile).where(
        func.lower(ArtistProfile.stage_name) == artist_name.strip().lower()).limit(1)).first()
    if artist is None:
        return []
    tracks = session.exec(select(Track).where(Track.artist_id == artist.id, views.published())
                          .order_by(col(Track.play_count).desc(), col(Track.id)).limit(_size(count))).all()
    return views.track_dtos(session, tracks)


def similar_tracks(session: Session, *, track_id: int, count: int = 50) -> list[TrackOut]:
    """Songs like a published one: random songs of its genre, else of its artist (``getSimilarSongs2``).

    Accepts an artist id too (apps ask for both): then the artist's genre is used.
    """
    track = session.get(Track, track_id)
    genre_id: int | None
    artist_id: int | None
    if track is not None and track.status == TrackStatus.PUBLISHED:
        genre_id, artist_id, skip = track.genre_id, track.artist_id, track.id
    else:
        artist = session.get(ArtistProfile, track_id)
        if artist is None:
            raise NotFound("That song does not exist.")
        genre_id = session.exec(select(Track.genre_id).where(Track.artist_id == artist.id, views.published())
                                .limit(1)).first()
        artist_id, skip = artist.id, None
    query = select(Track.id).where(views.published())
    query = query.where(Track.genre_id == genre_id) if genre_id else query.where(Track.artist_id == artist_id)
    if skip is not None:
        query = query.where(col(Track.id) != skip)
    ids = _random_ids(session, Track, query, _size(count))
    return views.track_dtos(session, _by_ids(session, Track, ids))


def avatar_key(session: Session, *, username: str) -> str:
    """The media key of a listener's profile picture (public on their profile page)."""
    user = session.exec(select(User).where(User.username == username.strip().lower()[:64])).first()
    if user is None or user.suspended or not (user.avatar_thumb_key or user.avatar_key):
        raise NotFound("No such picture.")
    return user.avatar_thumb_key or user.avatar_key or ""
