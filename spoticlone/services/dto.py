"""Small immutable views of catalog rows handed to the API and the UI.

Services never return ORM objects: a DTO is safe to keep after the session closes,
to serialise into Reflex state, and to return from FastAPI.
"""

from __future__ import annotations

from datetime import date
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, computed_field

from spoticlone.services.errors import Invalid

T = TypeVar("T")


#: The largest page a list service returns (the API declares the same bound).
MAX_PAGE_SIZE = 100


class DTO(BaseModel):
    """The base of every service answer: immutable, so it is safe to cache and share."""

    model_config = ConfigDict(frozen=True)


def check_page(page: int, page_size: int) -> int:
    """The row offset of ``page``; ``Invalid`` for a page or size out of range."""
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        raise Invalid("Page numbers start at 1.")
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise Invalid(f"Page size must be between 1 and {MAX_PAGE_SIZE}.")
    return (page - 1) * page_size


class GenreOut(DTO):
    """A genre as every adapter shows it."""

    id: int
    name: str
    slug: str
    description: str
    url: str
    track_count: int = 0


class ArtistRef(DTO):
    """The few artist fields a track or album row needs to link to its artist."""

    id: int
    name: str
    slug: str
    url: str


class ArtistOut(DTO):
    """An artist as lists and search results show it."""

    id: int
    name: str
    slug: str
    bio: str
    image_url: str | None
    verified: bool
    url: str
    album_count: int = 0
    track_count: int = 0


class AlbumOut(DTO):
    """An album as lists and search results show it, with its published totals."""

    id: int
    title: str
    slug: str
    kind: str
    release_date: date | None
    year: int | None
    cover_url: str | None
    artist: ArtistRef
    genre: GenreOut | None
    url: str
    track_count: int = 0
    duration_ms: int = 0


class TrackOut(DTO):
    """A published track as every list shows it; URLs are ready to use."""

    id: int
    title: str
    slug: str
    artist: ArtistRef
    featured: list[ArtistRef] = []
    album_id: int | None
    album_title: str | None
    album_url: str | None
    disc_number: int
    track_number: int | None
    genre: GenreOut | None
    duration_ms: int
    duration: str
    release_date: date | None
    audio_format: str
    bitrate: int | None
    sample_rate: int | None
    cover_url: str | None
    has_lyrics: bool
    has_synced_lyrics: bool
    play_count: int
    licence: str
    explicit: bool
    status: str
    url: str
    stream_url: str


class TrackDetail(TrackOut):
    """A track page: the list fields plus its lyrics."""

    lyrics: str
    synced_lyrics: str


class Page(DTO, Generic[T]):
    """One page of a server-side paginated list."""

    items: list[T]
    total: int
    page: int
    page_size: int

    # Computed fields so API clients get them in the JSON without redoing the arithmetic.
    @computed_field  # type: ignore[prop-decorator]
    @property
    def pages(self) -> int:
        """How many pages there are (at least one, so an empty list still has page 1)."""
        return max(1, -(-self.total // self.page_size))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def has_next(self) -> bool:
        """Whether a page follows this one."""
        return self.page < self.pages


class AlbumDetail(DTO):
    """An album page: the album and its published tracks."""

    album: AlbumOut
    tracks: list[TrackOut]


class ArtistDetail(DTO):
    """An artist page: profile, most played tracks and albums."""

    artist: ArtistOut
    top_tracks: list[TrackOut]
    albums: list[AlbumOut]


def format_duration(ms: int) -> str:
    """``215000`` -> ``"3:35"``; hours appear only when needed."""
    seconds = max(0, ms) // 1000
    hours, rem = divmod(seconds, 3600)
    minutes, secs = divmod(rem, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class LyricsMatch(DTO):
    """A track whose lyrics contain the query, with the matching line(s) as plain text."""

    track: TrackOut
    snippet: str


class TopResult(DTO):
    """The single best hit, whatever its kind, for the big card at the top of search."""

    kind: str  # "track", "artist", "album" or "genre"
    id: int
    title: str
    subtitle: str
    url: str
    image_url: str | None


class SearchResults(DTO):
    """Everything one search shows, by kind; ``top`` is the best single match."""

    query: str
    corrected: str | None = None  # the typo-corrected query actually searched, if any
    top: TopResult | None = None
    tracks: list[TrackOut] = []
    artists: list[ArtistOut] = []
    albums: list[AlbumOut] = []
    genres: list[GenreOut] = []
    lyrics: list[LyricsMatch] = []
    total: int = 0
