"""DTOs for the library and social features (playlists, follows, ratings, charts).

Same rules as ``services.dto``: frozen, safe to keep after the session closes.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from spoticlone import routes
from spoticlone.models import User
from spoticlone.services.dto import AlbumOut, ArtistOut, TrackOut
from spoticlone.services.errors import Invalid

MAX_PAGE_SIZE = 100


class _DTO(BaseModel):
    model_config = ConfigDict(frozen=True)


def check_page(page: int, page_size: int) -> int:
    """The row offset of ``page``; ``Invalid`` for a page or size out of range."""
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        raise Invalid("Page numbers start at 1.")
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise Invalid(f"Page size must be between 1 and {MAX_PAGE_SIZE}.")
    return (page - 1) * page_size


def playlist_url(playlist_id: int, slug: str) -> str:
    """The shareable page of a playlist (built in ``routes`` like every other URL)."""
    return routes.playlist_url(playlist_id, slug)


class UserRef(_DTO):
    id: int
    username: str
    display_name: str
    url: str
    avatar_url: str | None


def user_ref(user: User) -> UserRef:
    name = f"{user.first_name} {user.last_name}".strip() or user.username
    return UserRef(
        id=user.id, username=user.username, display_name=name, url=routes.user_url(user.username),
        avatar_url=routes.media_url(user.avatar_thumb_key or user.avatar_key),
    )


class PlaylistOut(_DTO):
    id: int
    name: str
    slug: str
    description: str
    url: str
    cover_url: str | None
    visibility: str
    collaborative: bool
    owner: UserRef
    track_count: int
    duration_ms: int
    follower_count: int
    created_at: datetime
    updated_at: datetime
    # What the asking actor may do (the UI shows or hides buttons with these).
    can_edit_tracks: bool = False
    can_edit_details: bool = False
    can_delete: bool = False
    is_following: bool = False


class PlaylistItemOut(_DTO):
    item_id: int
    position: int
    added_at: datetime
    added_by: str | None
    track: TrackOut


class PlaylistDetail(_DTO):
    playlist: PlaylistOut
    items: list[PlaylistItemOut]
    total: int
    page: int
    page_size: int


class LibraryItem(_DTO):
    kind: str  # "album", "artist" or "playlist"
    relation: str  # "saved" (album), "followed" (artist or playlist), "own", "collaborative"
    id: int
    title: str
    creator: str
    url: str
    image_url: str | None
    added_at: datetime


class LibraryOverview(_DTO):
    liked_count: int
    items: list[LibraryItem]
    total: int
    page: int
    page_size: int


class FollowState(_DTO):
    following: bool
    follower_count: int
    #: The viewer is this artist or listener: there is nothing to follow (the UI hides the button).
    is_self: bool = False


class RatingSummary(_DTO):
    average: float | None
    count: int
    mine: int | None = None


class FeedItem(_DTO):
    kind: str  # "album" or "playlist"
    at: datetime
    album: AlbumOut | None = None
    playlist: PlaylistOut | None = None


class ChartEntry(_DTO):
    """One ranked row; ``score`` is exactly ``plays + 3 × likes + rating_points``."""

    rank: int
    score: float = Field(description="plays + 3 × likes + rating_points, over the chart's period.")
    plays: int = Field(description="Completed plays in the period (a play counts after min(30 s, half)).")
    likes: int = Field(description="Likes given in the period.")
    rating_points: float = Field(description="Σ 2 × (stars − 3) over ratings given or changed in the period.")
    track: TrackOut | None = None
    album: AlbumOut | None = None
    artist: ArtistOut | None = None


class Chart(_DTO):
    kind: str
    period: str
    genre: str | None
    entries: list[ChartEntry]


class ArtistRank(_DTO):
    rank: int | None
    score: float
    period: str
    total_ranked: int
