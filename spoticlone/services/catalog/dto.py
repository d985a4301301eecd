"""Small immutable views of catalog rows (genres, artists, albums, tracks) for the API and the UI."""

from __future__ import annotations

from datetime import date

from spoticlone.services.core.dto import DTO


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
    #: The licence's official page (Creative Commons); None for "All rights reserved".
    licence_url: str | None = None
    explicit: bool
    status: str
    url: str
    stream_url: str


class TrackDetail(TrackOut):
    """A track page: the list fields plus its lyrics."""

    lyrics: str
    synced_lyrics: str


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
