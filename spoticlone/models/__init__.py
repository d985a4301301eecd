"""All tables. Importing this package registers every table on ``SQLModel.metadata``."""

from spoticlone.models.activity import PlayEvent
from spoticlone.models.analytics import ArtistListener, ArtistListenerDaily, TrackPlaysDaily
from spoticlone.models.app_passwords import AppPassword
from spoticlone.models.audio import ListenerSettings, TrackLoudness, TrackRendition
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
from spoticlone.models.discovery import NotInterested, Recommendation, TastePick
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
from spoticlone.models.lifecycle import BackupRun
from spoticlone.models.play_queues import SavedPlayQueue
from spoticlone.models.recent_search import RecentSearch
from spoticlone.models.synthetic import SyntheticUser
from spoticlone.models.uploads import AudioUpload, UploadSession, UploadSessionStatus, UploadStatus
from spoticlone.models.users import ArtistLink, ArtistProfile, ArtistSlugAlias, User

__all__ = [
    "Album",
    "AlbumKind",
    "AppPassword",
    "ArtistFollow",
    "ArtistLink",
    "ArtistListener",
    "ArtistListenerDaily",
    "ArtistProfile",
    "ArtistSlugAlias",
    "AudioUpload",
    "AuthSession",
    "AuthTicket",
    "BackupRun",
    "ChartDaily",
    "CodePurpose",
    "EmailCode",
    "ExternalIdentity",
    "Follow",
    "Genre",
    "JobFailure",
    "ListenerSettings",
    "NotInterested",
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
    "SavedPlayQueue",
    "SyntheticUser",
    "TastePick",
    "TicketKind",
    "Track",
    "TrackFeaturedArtist",
    "TrackLike",
    "TrackLoudness",
    "TrackPlaysDaily",
    "TrackRendition",
    "TrackStatus",
    "UploadSession",
    "UploadSessionStatus",
    "UploadStatus",
    "User",
    "utcnow",
]
