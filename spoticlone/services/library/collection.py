"""A listener's library: liked songs, saved albums, and the overview page.

Likes and saves are idempotent (liking twice is one like; unliking something not
liked is fine) so a double click or a retried request never errors. ``liked_ids``
answers "which of these rows get a filled heart?" for a whole page in one query.
The overview lists saved albums, followed artists and playlists (own,
collaborative, followed) with one sort (recent, name, creator) and filters.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete as sa_delete, func, select as sa_select
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import (
    Album,
    ArtistFollow,
    ArtistProfile,
    PlayEvent,
    Playlist,
    PlaylistCollaborator,
    PlaylistFollow,
    PlaylistVisibility,
    PlaySource,
    SavedAlbum,
    Track,
    TrackLike,
    TrackStatus,
    User,
)
from spoticlone.models.common import saved_id
from spoticlone.services.catalog.dto import AlbumOut, TrackOut
from spoticlone.services.catalog.views import album_dtos, album_listed, by_id, published, track_dtos
from spoticlone.services.core import events
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.dto import Page, check_page
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.core.quick_reads import quick_read, quick_write
from spoticlone.services.library.dto import LibraryItem, LibraryOverview, playlist_url
from spoticlone.services.library.once import insert_once

MAX_LIKED_LOOKUP = 200
LIBRARY_SORTS = ("recent", "played", "name", "creator")
LIBRARY_KINDS = ("album", "artist", "playlist")
LIBRARY_RELATIONS = ("saved", "followed", "own", "collaborative")
FILTER_MAX = 100


def _published_track(session: Session, track_id: int) -> Track:
    track = session.get(Track, track_id) if isinstance(track_id, int) and not isinstance(track_id, bool) else None
    if track is None or track.status != TrackStatus.PUBLISHED:
        raise NotFound("That song does not exist.")
    return track


def like_track(session: Session, *, actor: User | None, track_id: int) -> None:
    """Add a published song to Liked Songs (idempotent)."""
    user = require_user(actor)
    track = _published_track(session, track_id)
    exists = session.exec(
        select(TrackLike.id).where(TrackLike.user_id == user.id, TrackLike.track_id == track.id)
    ).first()
    if exists is None:
        insert_once(session, TrackLike(user_id=saved_id(user), track_id=saved_id(track)),
                    events.TRACK_LIKED, user_id=saved_id(user), track_id=saved_id(track))


def unlike_track(session: Session, *, actor: User | None, track_id: int) -> None:
    """Remove a song from Liked Songs (idempotent; works for songs since unpublished)."""
    user = require_user(actor)
    session.exec(sa_delete(TrackLike).where(col(TrackLike.user_id) == user.id, col(TrackLike.track_id) == track_id))
    session.commit()


#: ``liked_ids`` and ``saved_album_ids``: every page with songs or albums asks (hot reads, docs/architecture.md).
_LIKED_AMONG = sa_select(col(TrackLike.track_id)).where(
    col(TrackLike.user_id) == bindparam("user_id"), col(TrackLike.track_id).in_(bindparam("ids", expanding=True)))
_SAVED_AMONG = sa_select(col(SavedAlbum.album_id)).where(
    col(SavedAlbum.user_id) == bindparam("user_id"), col(SavedAlbum.album_id).in_(bindparam("ids", expanding=True)))


@quick_read
def liked_ids(session: Session, *, actor: User | None, track_ids: list[int]) -> set[int]:
    """Which of ``track_ids`` the actor likes, in one query (anonymous: none)."""
    if len(track_ids) > MAX_LIKED_LOOKUP:
        raise Invalid(f"Ask about at most {MAX_LIKED_LOOKUP} songs at a time.")
    if actor is None or actor.id is None or not track_ids:
        return set()
    return set(session.connection().execute(_LIKED_AMONG, {"user_id": actor.id, "ids": list(set(track_ids))})
               .scalars().all())


@quick_write
def set_like(session: Session, *, actor: User | None, track_id: int, like: bool) -> int:
    """Like or unlike (both idempotent); returns how many liked songs there are now.

    The heart's one call: the count is the database's, so a heart out of date (a like made
    in another tab) never makes the sidebar's count wrong.
    """
    (like_track if like else unlike_track)(session, actor=actor, track_id=track_id)
    return liked_count(session, actor=actor)


def liked_count(session: Session, *, actor: User | None) -> int:
    """How many published songs are in the actor's Liked Songs (what the sidebar shows)."""
    user = require_user(actor)
    return session.exec(
        select(func.count()).select_from(TrackLike).join(Track, col(Track.id) == TrackLike.track_id)
        .where(TrackLike.user_id == user.id, published())
    ).one()


def liked_songs(session: Session, *, actor: User | None, page: int = 1, page_size: int = 50) -> Page[TrackOut]:
    """Liked published songs, most recently liked first."""
    user = require_user(actor)
    offset = check_page(page, page_size)
    query = (
        select(Track).join(TrackLike, col(TrackLike.track_id) == Track.id)
        .where(TrackLike.user_id == user.id, published())
    )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    tracks = session.exec(
        query.order_by(col(TrackLike.created_at).desc(), col(TrackLike.id).desc()).offset(offset).limit(page_size)
    ).all()
    return Page[TrackOut](items=track_dtos(session, tracks), total=total, page=page, page_size=page_size)


def _visible_album(session: Session, album_id: int) -> Album:
    album = session.get(Album, album_id) if isinstance(album_id, int) and not isinstance(album_id, bool) else None
    if album is None or not session.exec(
        select(Track.id).where(Track.album_id == album.id, published()).limit(1)
    ).first():
        raise NotFound("That album does not exist.")
    return album


def save_album(session: Session, *, actor: User | None, album_id: int) -> None:
    """Save an album to the library (idempotent)."""
    user = require_user(actor)
    album = _visible_album(session, album_id)
    exists = session.exec(
        select(SavedAlbum.id).where(SavedAlbum.user_id == user.id, SavedAlbum.album_id == album.id)
    ).first()
    if exists is None:
        insert_once(session, SavedAlbum(user_id=saved_id(user), album_id=saved_id(album)))


def unsave_album(session: Session, *, actor: User | None, album_id: int) -> None:
    """Remove an album from the actor's library (idempotent)."""
    user = require_user(actor)
    session.exec(sa_delete(SavedAlbum).where(col(SavedAlbum.user_id) == user.id, col(SavedAlbum.album_id) == album_id))
    session.commit()


@quick_read
def saved_album_ids(session: Session, *, actor: User | None, album_ids: list[int]) -> set[int]:
    """Which of ``album_ids`` the actor has saved, in one query (anonymous: none)."""
    if len(album_ids) > MAX_LIKED_LOOKUP:
        raise Invalid(f"Ask about at most {MAX_LIKED_LOOKUP} albums at a time.")
    if actor is None or actor.id is None or not album_ids:
        return set()
    return set(session.connection().execute(_SAVED_AMONG, {"user_id": actor.id, "ids": list(set(album_ids))})
               .scalars().all())


def saved_albums(session: Session, *, actor: User | None, page: int = 1, page_size: int = 50) -> Page[AlbumOut]:
    """Saved albums that still have published music, most recently saved first."""
    user = require_user(actor)
    offset = check_page(page, page_size)
    query = (
        select(Album).join(SavedAlbum, col(SavedAlbum.album_id) == Album.id)
        .where(SavedAlbum.user_id == user.id, album_listed())
    )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    albums = session.exec(
        query.order_by(col(SavedAlbum.created_at).desc(), col(SavedAlbum.id).desc()).offset(offset).limit(page_size)
    ).all()
    return Page[AlbumOut](items=album_dtos(session, albums), total=total, page=page, page_size=page_size)


def _library_items(session: Session, user: User) -> list[LibraryItem]:
    items: list[LibraryItem] = []
    saved_at = dict(session.exec(
        select(SavedAlbum.album_id, SavedAlbum.created_at).where(SavedAlbum.user_id == user.id)
    ).all())
    for album in saved_albums(session, actor=user, page_size=100).items:  # the 100 newest saves
        items.append(LibraryItem(kind="album", relation="saved", id=album.id, title=album.title,
                                 creator=album.artist.name, url=album.url, image_url=album.cover_url,
                                 added_at=saved_at[album.id]))
    for artist, followed_at in session.exec(
        select(ArtistProfile, ArtistFollow.created_at)
        .join(ArtistFollow, col(ArtistFollow.artist_id) == ArtistProfile.id)
        .where(ArtistFollow.user_id == user.id).limit(500)
    ):
        items.append(LibraryItem(kind="artist", relation="followed", id=artist.id, title=artist.stage_name,
                                 creator=artist.stage_name, url=routes.artist_url(artist.slug),
                                 image_url=routes.media_url(artist.image_key), added_at=followed_at))
    playlists: list[tuple[Playlist, str, datetime]] = [
        (p, "own", p.created_at) for p in session.exec(select(Playlist).where(Playlist.owner_id == user.id).limit(1000))
    ]
    playlists += [(p, "collaborative", at) for p, at in session.exec(
        select(Playlist, PlaylistCollaborator.added_at)
        .join(PlaylistCollaborator, col(PlaylistCollaborator.playlist_id) == Playlist.id)
        .where(PlaylistCollaborator.user_id == user.id, col(Playlist.collaborative).is_(True)).limit(500)
    )]
    playlists += [(p, "followed", at) for p, at in session.exec(
        select(Playlist, PlaylistFollow.created_at).join(PlaylistFollow, col(PlaylistFollow.playlist_id) == Playlist.id)
        .where(PlaylistFollow.user_id == user.id, Playlist.visibility == PlaylistVisibility.PUBLIC).limit(500)
    )]
    owners = by_id(session, User, (p.owner_id for p, _, _ in playlists))
    for p, relation, at in playlists:
        playlist_id = saved_id(p)
        items.append(LibraryItem(kind="playlist", relation=relation, id=playlist_id, title=p.name,
                                 creator=owners[p.owner_id].username, url=playlist_url(playlist_id, p.slug),
                                 image_url=routes.media_url(p.cover_key), added_at=at))
    return items


def library_overview(
    session: Session,
    *,
    actor: User | None,
    sort: str = "recent",
    text: str = "",
    kind: str | None = None,
    relation: str | None = None,
    page: int = 1,
    page_size: int = 50,
) -> LibraryOverview:
    """Everything in the actor's library, sorted and filtered, one page at a time.

    ``sort`` "recent" is recently added, "played" recently played or added (Spotify's
    "Recents"), "name" alphabetical, "creator" by artist or owner.
    ``text`` matches title or creator (case-insensitive); ``kind`` is album, artist or
    playlist; ``relation`` is saved, followed, own or collaborative.
    """
    user = require_user(actor)
    offset = check_page(page, page_size)
    if sort not in LIBRARY_SORTS:
        raise Invalid(f"Unknown sort {sort!r}; use one of {', '.join(LIBRARY_SORTS)}.")
    if kind is not None and kind not in LIBRARY_KINDS:
        raise Invalid(f"Unknown kind {kind!r}; use one of {', '.join(LIBRARY_KINDS)}.")
    if relation is not None and relation not in LIBRARY_RELATIONS:
        raise Invalid(f"Unknown relation {relation!r}; use one of {', '.join(LIBRARY_RELATIONS)}.")
    if not isinstance(text, str) or len(text) > FILTER_MAX:
        raise Invalid(f"The filter can be at most {FILTER_MAX} characters long.")
    needle = text.strip().casefold()
    items = [
        i for i in _library_items(session, user)
        if (kind is None or i.kind == kind) and (relation is None or i.relation == relation)
        and (not needle or needle in i.title.casefold() or needle in i.creator.casefold())
    ]
    if sort == "recent":
        items.sort(key=lambda i: (_naive(i.added_at), i.id), reverse=True)
    elif sort == "played":
        played = _last_played(session, user, items)
        items.sort(key=lambda i: (max(_naive(i.added_at), played.get((i.kind, i.id), datetime.min)), i.id),
                   reverse=True)
    elif sort == "name":
        items.sort(key=lambda i: (i.title.casefold(), i.kind, i.id))
    else:
        items.sort(key=lambda i: (i.creator.casefold(), i.title.casefold(), i.id))
    liked = liked_count(session, actor=user)
    return LibraryOverview(liked_count=liked, items=items[offset:offset + page_size], total=len(items),
                           page=page, page_size=page_size)


def _last_played(session: Session, user: User, items: list[LibraryItem]) -> dict[tuple[str, int], datetime]:
    """When the listener last played something from each item: one grouped query per kind."""
    ids = {kind: [i.id for i in items if i.kind == kind] for kind in LIBRARY_KINDS}
    mine = PlayEvent.user_id == user.id
    last = func.max(PlayEvent.started_at)
    found: dict[tuple[str, int], datetime] = {}
    for kind, column in (("album", Track.album_id), ("artist", Track.artist_id)):
        if ids[kind]:
            rows = session.exec(
                select(column, last).join(Track, col(Track.id) == PlayEvent.track_id)
                .where(mine, col(column).in_(ids[kind])).group_by(col(column))
            ).all()
            found.update({(kind, ref): _naive(at) for ref, at in rows if ref is not None})
    if ids["playlist"]:
        refs = [str(i) for i in ids["playlist"]]
        played = session.exec(
            select(PlayEvent.source_id, last)
            .where(mine, PlayEvent.source == PlaySource.PLAYLIST, col(PlayEvent.source_id).in_(refs))
            .group_by(col(PlayEvent.source_id))
        ).all()
        found.update({("playlist", int(ref)): _naive(at) for ref, at in played if ref and ref.isdigit()})
    return found


def _naive(moment: datetime) -> datetime:
    """Comparable datetimes: SQLite hands back naive UTC, PostgreSQL may not."""
    return moment.replace(tzinfo=None) if moment.tzinfo else moment
