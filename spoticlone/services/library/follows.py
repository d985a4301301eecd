"""Following artists and listeners, the follower lists, and the Home feed built on them.

Following is idempotent both ways. A listener cannot follow themselves (also a
database constraint), and an artist cannot follow their own artist page. Suspended accounts
disappear from follower lists. The feed
merges new releases from followed artists with new public playlists from followed
listeners, newest first.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlalchemy import bindparam, delete as sa_delete, func
from sqlmodel import Session, col, select

from spoticlone.models import (
    Album,
    ArtistFollow,
    ArtistProfile,
    Follow,
    Playlist,
    PlaylistVisibility,
    User,
)
from spoticlone.models.common import saved_id
from spoticlone.services.catalog.views import album_dtos, album_listed
from spoticlone.services.core import events
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.dto import Page, check_page
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.core.quick_reads import quick_read
from spoticlone.services.library.dto import FeedItem, FollowState, UserRef, user_ref
from spoticlone.services.library.once import insert_once
from spoticlone.services.library.playlists.views import playlist_dtos

FEED_MAX = 200


def _artist(session: Session, artist_id: int) -> ArtistProfile:
    artist = session.get(ArtistProfile, artist_id) if isinstance(artist_id, int) else None
    if artist is None:
        raise NotFound("That artist does not exist.")
    return artist


def _user(session: Session, username: str) -> User:
    user = None
    if isinstance(username, str) and 0 < len(username) <= 40:
        user = session.exec(select(User).where(User.username == username)).first()
    if user is None or user.suspended:
        raise NotFound("There is no listener with that username.")
    return user


# Artists.


def artist_follow_state(session: Session, *, actor: User | None, artist_id: int) -> FollowState:
    """Follower count and whether the actor follows (or is) this artist."""
    artist = _artist(session, artist_id)
    followers = select(func.count()).select_from(ArtistFollow).where(ArtistFollow.artist_id == artist.id)
    count = session.exec(followers).one()
    mine = actor is not None and session.exec(
        select(ArtistFollow.id).where(ArtistFollow.artist_id == artist.id, ArtistFollow.user_id == actor.id)
    ).first() is not None
    own = actor is not None and artist.user_id is not None and artist.user_id == actor.id
    return FollowState(following=mine, follower_count=count, is_self=own)


def follow_artist(session: Session, *, actor: User | None, artist_id: int) -> FollowState:
    """Follow an artist (idempotent); one cannot follow one's own artist page."""
    user = require_user(actor)
    artist = _artist(session, artist_id)
    if artist.user_id is not None and artist.user_id == user.id:
        raise Invalid("You cannot follow your own artist page.")
    if not artist_follow_state(session, actor=user, artist_id=saved_id(artist)).following:
        insert_once(session, ArtistFollow(user_id=saved_id(user), artist_id=saved_id(artist)),
                    events.USER_FOLLOWED, follower_id=saved_id(user), artist_id=saved_id(artist),
                    followed_user_id=None)
    return artist_follow_state(session, actor=user, artist_id=saved_id(artist))


def unfollow_artist(session: Session, *, actor: User | None, artist_id: int) -> FollowState:
    """Stop following an artist (idempotent)."""
    user = require_user(actor)
    artist = _artist(session, artist_id)
    session.exec(sa_delete(ArtistFollow).where(
        col(ArtistFollow.user_id) == user.id, col(ArtistFollow.artist_id) == artist.id
    ))
    session.commit()
    return artist_follow_state(session, actor=user, artist_id=saved_id(artist))


# Listeners.


def user_follow_state(session: Session, *, actor: User | None, username: str) -> FollowState:
    """Follower count (suspended followers left out) and whether the actor follows this listener."""
    target = _user(session, username)
    count = session.exec(
        select(func.count()).select_from(Follow).join(User, col(User.id) == Follow.follower_id)
        .where(Follow.followee_id == target.id, col(User.suspended).is_(False))
    ).one()
    mine = actor is not None and session.exec(
        select(Follow.id).where(Follow.followee_id == target.id, Follow.follower_id == actor.id)
    ).first() is not None
    return FollowState(following=mine, follower_count=count, is_self=actor is not None and actor.id == target.id)


def follow_user(session: Session, *, actor: User | None, username: str) -> FollowState:
    """Follow a listener (idempotent); one cannot follow oneself."""
    user = require_user(actor)
    target = _user(session, username)
    if target.id == user.id:
        raise Invalid("You cannot follow yourself.")
    if not user_follow_state(session, actor=user, username=username).following:
        insert_once(session, Follow(follower_id=saved_id(user), followee_id=saved_id(target)),
                    events.USER_FOLLOWED, follower_id=saved_id(user), artist_id=None,
                    followed_user_id=saved_id(target))
    return user_follow_state(session, actor=user, username=username)


def unfollow_user(session: Session, *, actor: User | None, username: str) -> FollowState:
    """Stop following a listener (idempotent)."""
    user = require_user(actor)
    target = _user(session, username)
    session.exec(sa_delete(Follow).where(col(Follow.follower_id) == user.id, col(Follow.followee_id) == target.id))
    session.commit()
    return user_follow_state(session, actor=user, username=username)


def _people(session: Session, join_on, where, page: int, page_size: int) -> Page[UserRef]:
    offset = check_page(page, page_size)
    query = select(User).join(Follow, join_on).where(where, col(User.suspended).is_(False))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    users = session.exec(query.order_by(col(Follow.created_at).desc(), col(Follow.id).desc())
                         .offset(offset).limit(page_size)).all()
    return Page[UserRef](items=[user_ref(u) for u in users], total=total, page=page, page_size=page_size)


def followers(session: Session, *, username: str, page: int = 1, page_size: int = 50) -> Page[UserRef]:
    """Who follows ``username``, most recent first."""
    target = _user(session, username)
    return _people(session, col(Follow.follower_id) == User.id, col(Follow.followee_id) == target.id, page, page_size)


def following(session: Session, *, username: str, page: int = 1, page_size: int = 50) -> Page[UserRef]:
    """Whom ``username`` follows, most recent first."""
    target = _user(session, username)
    return _people(session, col(Follow.followee_id) == User.id, col(Follow.follower_id) == target.id, page, page_size)


# Feed.


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


#: ``home_feed``'s two reads: Home asks on every visit (hot reads, docs/architecture.md).
_FEED_ALBUMS = (
    select(Album).where(
        col(Album.artist_id).in_(select(ArtistFollow.artist_id).where(ArtistFollow.user_id == bindparam("user_id"))),
        album_listed())
    .order_by(col(Album.release_date).desc(), col(Album.created_at).desc()).limit(FEED_MAX)
)
_FEED_PLAYLISTS = (
    select(Playlist).where(
        col(Playlist.owner_id).in_(select(Follow.followee_id).where(Follow.follower_id == bindparam("user_id"))),
        Playlist.visibility == PlaylistVisibility.PUBLIC)
    .order_by(col(Playlist.created_at).desc()).limit(FEED_MAX)
)


@quick_read
def home_feed(session: Session, *, actor: User | None, page: int = 1, page_size: int = 20) -> Page[FeedItem]:
    """New releases from followed artists and new public playlists from followed listeners.

    Albums are dated by release date (or when they were added, if undated); playlists
    by creation. Only the newest ``FEED_MAX`` of each are considered.
    """
    user = require_user(actor)
    offset = check_page(page, page_size)
    albums = session.exec(_FEED_ALBUMS, params={"user_id": user.id}).all()
    playlists = session.exec(_FEED_PLAYLISTS, params={"user_id": user.id}).all()
    items = [
        FeedItem(kind="album", album=dto,
                 at=datetime.combine(album.release_date, time(), UTC) if album.release_date
                 else _as_utc(album.created_at))
        for album, dto in zip(albums, album_dtos(session, albums), strict=True)
    ] + [
        FeedItem(kind="playlist", playlist=dto, at=_as_utc(p.created_at))
        for p, dto in zip(playlists, playlist_dtos(session, playlists=playlists, actor=user), strict=True)
    ]
    items.sort(key=lambda i: i.at, reverse=True)
    return Page[FeedItem](items=items[offset:offset + page_size], total=len(items), page=page, page_size=page_size)
