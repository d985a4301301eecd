"""What the discovery services hand to the API, the UI, the CLI and the jobs."""

from __future__ import annotations

from spoticlone.services.catalog.dto import ArtistOut, GenreOut, TrackOut
from spoticlone.services.core.dto import DTO


class RecommendedTrack(DTO):
    """A recommended published track with the words shown beside it."""

    track: TrackOut
    score: float
    reason: str
    seed_track_id: int | None


class Preferences(DTO):
    """A listener's explicit signals: what they hid and what tastes they picked."""

    hidden_track_ids: list[int]
    hidden_artist_ids: list[int]
    genre_ids: list[int]
    artist_ids: list[int]


class TrainingReport(DTO):
    """What one training run saw and how long it took."""

    users: int
    tracks: int
    events: int
    seconds: float
    generators: list[str]


class MixSummary(DTO):
    """A made-for-you mix as a card shows it: what it is, its mosaic and its size."""

    id: str
    kind: str
    title: str
    description: str
    covers: list[str]
    track_count: int
    url: str


class MixDetail(DTO):
    """A mix page: the card's fields and its tracks, in play order."""

    mix: MixSummary
    tracks: list[TrackOut]


class TasteChoices(DTO):
    """The onboarding taste picker: genres and artists to choose from, and the current picks."""

    genres: list[GenreOut]
    artists: list[ArtistOut]
    genre_ids: list[int]
    artist_ids: list[int]
