"""All tables. Importing this package registers every table on ``SQLModel.metadata``."""

from spoticlone.models.activity import PlayEvent, Recommendation
from spoticlone.models.analytics import ArtistListenerDaily, TrackPlaysDaily
from spoticlone.models.audio import TrackLoudness
from spoticlone.models.auth import (
    AuthSession,
    AuthTicket,
    CodePurpose,
    EmailCode,
    ExternalIdentity,
    RateLimitCounter,
    RecoveryCode,
    RetiredRefreshToken,
    TicketKind,
)
from spoticlone.models.catalog import Album, Genre, Track, TrackFeaturedArtist
from spoticlone.models.charts import ChartDaily
from spoticlone.models.common import (
    AlbumKind,
    PlaylistVisibility,
    PlaySource,
    Role,
    TrackStatus,
    utcnow,
)
from spoticlone.models.jobs import JobFailure
from spoticlone.models.library import (
    ArtistFollow,
    Follow,
    Playlist,
    PlaylistCollaborator,
    PlaylistFollow,
    PlaylistTrack,
    Rating,
    SavedAlbum,
    TrackLike,
)
from spoticlone.models.recent_search import RecentSearch
from spoticlone.models.uploads import AudioUpload, UploadStatus
from spoticlone.models.users import ArtistProfile, User

__all__ = [
    "Album",
    "AlbumKind",
    "ArtistFollow",
    "ArtistListenerDaily",
    "ArtistProfile",
    "AudioUpload",
    "AuthSession",
    "AuthTicket",
    "ChartDaily",
    "CodePurpose",
    "EmailCode",
    "ExternalIdentity",
    "Follow",
    "Genre",
    "JobFailure",
    "PlayEvent",
    "PlaySource",
    "Playlist",
    "PlaylistCollaborator",
    "PlaylistFollow",
    "PlaylistTrack",
    "PlaylistVisibility",
    "RateLimitCounter",
    "Rating",
    "RecentSearch",
    "Recommendation",
    "RecoveryCode",
    "RetiredRefreshToken",
    "Role",
    "SavedAlbum",
    "TicketKind",
    "Track",
    "TrackFeaturedArtist",
    "TrackLike",
    "TrackLoudness",
    "TrackPlaysDaily",
    "TrackStatus",
    "UploadStatus",
    "User",
    "utcnow",
]
