"""What the Home page shows: a few short, server-picked shelves."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone.models import ArtistProfile, Track, TrackStatus
from spoticlone.services.catalog import browse
from spoticlone.services.catalog.dto import AlbumOut, ArtistOut, GenreOut, TrackOut
from spoticlone.services.catalog.read_cache import SharedReads
from spoticlone.services.core.quick_reads import quick_read


class HomeFeed(BaseModel):
    """The home page shelves, each already limited to a shelf's size."""

    model_config = ConfigDict(frozen=True)

    new_releases: list[AlbumOut]
    popular_tracks: list[TrackOut]
    genres: list[GenreOut]
    featured_artists: list[ArtistOut]


_FEEDS: SharedReads[HomeFeed] = SharedReads(max_entries=256)


@quick_read
def home_feed(session: Session, *, shelf_size: int = 8) -> HomeFeed:
    """Newest albums, most played tracks, genres and artists with the most plays.

    The same for every listener, so it is built once per catalog change (``read_cache``).
    """
    return _FEEDS.get(session, shelf_size, lambda: _build_feed(session, shelf_size))


def _build_feed(session: Session, shelf_size: int) -> HomeFeed:
    featured_ids = session.exec(
        select(Track.artist_id)
        .where(col(Track.status) == TrackStatus.PUBLISHED)
        .group_by(col(Track.artist_id))
        .order_by(func.sum(Track.play_count).desc(), col(Track.artist_id))
        .limit(shelf_size)
    ).all()
    artists = {a.id: a for a in session.exec(
        select(ArtistProfile).where(col(ArtistProfile.id).in_(featured_ids))
    )}
    return HomeFeed(
        new_releases=browse.list_albums(session, page_size=shelf_size, order="newest").items,
        popular_tracks=browse.list_tracks(session, page_size=shelf_size, order="popular").items,
        genres=browse.list_genres(session, page_size=shelf_size * 2).items,
        featured_artists=browse.artist_dtos(session, [artists[i] for i in featured_ids]),
    )
