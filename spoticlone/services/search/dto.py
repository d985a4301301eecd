"""What one search answers: hits by kind, the best single hit and lyric matches."""

from __future__ import annotations

from spoticlone.services.catalog.dto import AlbumOut, ArtistOut, GenreOut, TrackOut
from spoticlone.services.core.dto import DTO


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
