"""Browsing public playlists: by genre, by artist, by popularity or newest.

Only public playlists with at least one published song are listed: an empty one is
a dead end for a stranger (it stays reachable by its link and in its owner's library).

- **By genre**: a public playlist belongs to a genre when at least a quarter of its
  published tracks are in that genre (``GENRE_SHARE``), so a mixtape with a few
  ambient tracks among forty synthwave ones is not listed under Ambient.
- **By artist**: public playlists with at least one published track by the artist,
  as main or featured artist.
- **Popular** orders by followers, then by plays started from the playlist
  (``Playlist.play_count``, kept up to date when a play counts), then newest.
"""

from __future__ import annotations

from sqlalchemy import case, func, or_
from sqlmodel import Session, col, select

from spoticlone.models import (
    ArtistProfile,
    Genre,
    Playlist,
    PlaylistFollow,
    PlaylistTrack,
    PlaylistVisibility,
    Track,
    TrackFeaturedArtist,
    User,
)
from spoticlone.services.catalog.views import published
from spoticlone.services.core.dto import Page, check_page
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.library.dto import PlaylistOut
from spoticlone.services.library.playlists.views import playlist_dtos

GENRE_SHARE = 0.25
ORDERS = ("popular", "newest")


def browse_playlists(
    session: Session,
    *,
    actor: User | None,
    genre: str | None = None,
    artist: str | None = None,
    order: str = "popular",
    page: int = 1,
    page_size: int = 24,
) -> Page[PlaylistOut]:
    """Public playlists with at least one playable song, optionally narrowed to a genre (slug)
    and/or an artist (slug).
    """
    offset = check_page(page, page_size)
    if order not in ORDERS:
        raise Invalid(f"Unknown order {order!r}; use one of {', '.join(ORDERS)}.")
    # An empty playlist (or one whose songs are all unpublished) has nothing to offer a
    # stranger browsing, so only public playlists with at least one playable song are listed.
    playable = (
        select(PlaylistTrack.playlist_id)
        .join(Track, col(Track.id) == PlaylistTrack.track_id)
        .where(published())
    )
    query = select(Playlist).where(Playlist.visibility == PlaylistVisibility.PUBLIC,
                                   col(Playlist.id).in_(playable))
    if genre is not None:
        genre_row = session.exec(select(Genre).where(Genre.slug == genre)).first()
        if genre_row is None:
            raise NotFound("That genre does not exist.")
        in_genre = func.sum(case((col(Track.genre_id) == genre_row.id, 1), else_=0))
        matching = (
            select(PlaylistTrack.playlist_id)
            .join(Track, col(Track.id) == PlaylistTrack.track_id)
            .where(published())
            .group_by(col(PlaylistTrack.playlist_id))
            .having(in_genre >= 1, in_genre >= GENRE_SHARE * func.count())
        )
        query = query.where(col(Playlist.id).in_(matching))
    if artist is not None:
        artist_row = session.exec(select(ArtistProfile).where(ArtistProfile.slug == artist)).first()
        if artist_row is None:
            raise NotFound("That artist does not exist.")
        featured = select(TrackFeaturedArtist.track_id).where(TrackFeaturedArtist.artist_id == artist_row.id)
        featuring = (
            select(PlaylistTrack.playlist_id)
            .join(Track, col(Track.id) == PlaylistTrack.track_id)
            .where(published(), or_(col(Track.artist_id) == artist_row.id, col(Track.id).in_(featured)))
        )
        query = query.where(col(Playlist.id).in_(featuring))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    if order == "popular":
        followers = (
            select(PlaylistFollow.playlist_id, func.count().label("n"))
            .group_by(col(PlaylistFollow.playlist_id)).subquery()
        )
        query = query.join(followers, followers.c.playlist_id == Playlist.id, isouter=True).order_by(
            func.coalesce(followers.c.n, 0).desc(), col(Playlist.play_count).desc(),
            col(Playlist.created_at).desc(), col(Playlist.id).desc(),
        )
    else:
        query = query.order_by(col(Playlist.created_at).desc(), col(Playlist.id).desc())
    rows = session.exec(query.offset(offset).limit(page_size)).all()
    return Page[PlaylistOut](
        items=playlist_dtos(session, playlists=rows, actor=actor), total=total, page=page, page_size=page_size
    )
