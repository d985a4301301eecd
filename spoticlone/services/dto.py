"""Small immutable views of catalog rows handed to the API and the UI.

Services never return ORM objects: a DTO is safe to keep after the session closes,
to serialise into Reflex state, and to return from FastAPI.
"""

from __future__ import annotations

from datetime import date
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, computed_field


T = TypeVar("T")


class _DTO(BaseModel):
    model_config = ConfigDict(frozen=True)


class GenreOut(_DTO):
    id: int
    name: str
    slug: str
    description: str
    url: str
    track_count: int = 0


class ArtistRef(_DTO):
    id: int
    name: str
    slug: str
    url: str


class ArtistOut(_DTO):
    id: int
    name: str
    slug: str
    bio: str
    image_url: str | None
    verified: bool
    url: str
    album_count: int = 0
    track_count: int = 0


class AlbumOut(_DTO):
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


class TrackOut(_DTO):
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
    lyrics: str
    synced_lyrics: str


class Page(_DTO, Generic[T]):
    """One page of a server-side paginated list."""

    items: list[T]
    total: int
    page: int
    page_size: int

    # Computed fields so API clients get them in the JSON without redoing the arithmetic.
    @computed_field  # type: ignore[prop-decorator]
    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def has_next(self) -> bool:
        return self.page < self.pages


class AlbumDetail(_DTO):
    album: AlbumOut
    tracks: list[TrackOut]


class ArtistDetail(_DTO):
    artist: ArtistOut
    top_tracks: list[TrackOut]
    albums: list[AlbumOut]


def format_duration(ms: int) -> str:
    """``215000`` -> ``"3:35"``; hours appear only when needed."""
    seconds = max(0, ms) // 1000
    hours, rem = divmod(seconds, 3600)
    minutes, secs = divmod(rem, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class LyricsMatch(_DTO):
    """A track whose lyrics contain the query, with the matching line(s) as plain text."""

    track: TrackOut
    snippet: str


class TopResult(_DTO):
    """The single best hit, whatever its kind, for the big card at the top of search."""

    kind: str  # "track", "artist", "album" or "genre"
    id: int
    title: str
    subtitle: str
    url: str
    image_url: str | None


class SearchResults(_DTO):
    query: str
    corrected: str | None = None  # the typo-corrected query actually searched, if any
    top: TopResult | None = None
    tracks: list[TrackOut] = []
    artists: list[ArtistOut] = []
    albums: list[AlbumOut] = []
    genres: list[GenreOut] = []
    lyrics: list[LyricsMatch] = []
    total: int = 0
