"""DTOs for the library and social features (playlists, follows, ratings, charts).

Same rules as ``services.core.dto``: frozen, safe to keep after the session closes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pydantic import Field

from spoticlone import routes
from spoticlone.models import User
from spoticlone.services.catalog.dto import AlbumOut, ArtistOut, TrackOut
from spoticlone.services.core.dto import DTO


def playlist_url(playlist_id: int, slug: str) -> str:
    """The shareable page of a playlist (built in ``routes`` like every other URL)."""
    return routes.playlist_url(playlist_id, slug)


class UserRef(DTO):
    """A listener as other people see them: public fields only."""

    id: int
    username: str
    display_name: str
    url: str
    avatar_url: str | None


class _Named(Protocol):
    """What ``display_name`` reads: a ``User``, or a row of those columns."""

    @property
    def first_name(self) -> str: ...

    @property
    def last_name(self) -> str: ...

    @property
    def username(self) -> str: ...


def display_name(user: _Named) -> str:
    """"First Last" when the person gave a name, else their username (every adapter shows this)."""
    return " ".join(p for p in (user.first_name.strip(), user.last_name.strip()) if p) or user.username


def user_ref(user: User) -> UserRef:
    """The public reference of a user."""
    return UserRef(
        id=user.id, username=user.username, display_name=display_name(user), url=routes.user_url(user.username),
        avatar_url=routes.media_url(user.avatar_thumb_key or user.avatar_key),
    )


class PlaylistOut(DTO):
    """A playlist as lists show it, with what the viewer may do with it."""

    id: int
    name: str
    slug: str
    description: str
    url: str
    cover_url: str | None
    visibility: str
    collaborative: bool
    owner: UserRef
    track_count: int = Field(description="Playable songs (unavailable ones are not counted).")
    duration_ms: int = Field(description="Total length of the playable songs, in milliseconds.")
    follower_count: int
    created_at: datetime
    updated_at: datetime
    # What the asking actor may do (the UI shows or hides buttons with these).
    can_edit_tracks: bool = False
    can_edit_details: bool = False
    can_delete: bool = False
    is_following: bool = False
    #: Entries whose song was deleted or taken down (shown greyed out, not counted above).
    unavailable_count: int = 0


class PlaylistItemOut(DTO):
    """One entry of a playlist: its place, who added it and the track.

    An entry whose track was deleted or taken down stays in the playlist as *unavailable*:
    ``available`` is false, ``track`` is ``None`` and ``title``/``artist_name``/``duration_ms``
    are the snapshot taken when it was added. It cannot be played; editors can remove it.
    """

    item_id: int
    position: int
    added_at: datetime
    added_by: str | None
    available: bool = Field(default=True, description="False when the song was deleted or taken down.")
    title: str = Field(default="", description="The song's title (for an unavailable one, as it was when added).")
    artist_name: str = Field(default="", description="The main artist's name (snapshot for an unavailable song).")
    duration_ms: int = Field(default=0, description="The song's length in milliseconds (snapshot if unavailable).")
    track: TrackOut | None = Field(default=None, description="The song; null when it is unavailable.")


class PlaylistDetail(DTO):
    """A playlist page: the playlist and one page of its entries."""

    playlist: PlaylistOut
    items: list[PlaylistItemOut]
    total: int
    page: int
    page_size: int


class LibraryItem(DTO):
    """One album, artist or playlist in the actor's library."""

    kind: str  # "album", "artist" or "playlist"
    relation: str  # "saved" (album), "followed" (artist or playlist), "own", "collaborative"
    id: int
    title: str
    creator: str
    url: str
    image_url: str | None
    added_at: datetime


class LibraryOverview(DTO):
    """The library page: liked-songs count and one page of items."""

    liked_count: int
    items: list[LibraryItem]
    total: int
    page: int
    page_size: int


class FollowState(DTO):
    """What a follow button shows: whether the viewer follows, and how many do."""

    following: bool
    follower_count: int
    #: The viewer is this artist or listener: there is nothing to follow (the UI hides the button).
    is_self: bool = False


class RatingSummary(DTO):
    """Average stars, number of ratings and the viewer's own rating."""

    average: float | None
    count: int
    mine: int | None = None


class FeedItem(DTO):
    """One new album or playlist in the feed of people and artists one follows."""

    kind: str  # "album" or "playlist"
    at: datetime
    album: AlbumOut | None = None
    playlist: PlaylistOut | None = None


class ChartEntry(DTO):
    """One ranked row; ``score`` is exactly ``plays + 3 × likes + rating_points``."""

    rank: int
    score: float = Field(description="plays + 3 × likes + rating_points, over the chart's period.")
    plays: int = Field(description="Completed plays in the period (a play counts after min(30 s, half)).")
    likes: int = Field(description="Likes given in the period.")
    rating_points: float = Field(description="Σ 2 × (stars − 3) over ratings given or changed in the period.")
    track: TrackOut | None = None
    album: AlbumOut | None = None
    artist: ArtistOut | None = None


class Chart(DTO):
    """One chart: its kind, period, optional genre and ranked entries."""

    kind: str
    period: str
    genre: str | None
    entries: list[ChartEntry]


class ArtistRank(DTO):
    """Where an artist stands in a period's chart (``rank`` is ``None`` if unranked)."""

    rank: int | None
    score: float
    period: str
    total_ranked: int
