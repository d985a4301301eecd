"""All tables. Importing this package registers every table on ``SQLModel.metadata``."""

from spoticlone.models.activity import PlayEvent
from spoticlone.models.analytics import ArtistListener, ArtistListenerDaily, TrackPlaysDaily
from spoticlone.models.app_passwords import AppPassword
from spoticlone.models.archive import ArchiveSwitch
from spoticlone.models.audio import ListenerSettings, TrackLoudness, TrackRendition
from spoticlone.models.audit import AuditEntry
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
from spoticlone.models.bookmarks import Bookmark
from spoticlone.models.bulk_export import BulkExportRun
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
from spoticlone.models.data_exports import DataExport
from spoticlone.models.deletion import AccountDeletion, DeletionStatus
from spoticlone.models.discovery import NotInterested, Recommendation, TastePick
from spoticlone.models.editorial import EditorialFeature
from spoticlone.models.insight import (
    InsightActive,
    InsightActivity,
    InsightCohort,
    InsightDay,
    InsightHour,
    InsightListener,
    InsightPlaylistDay,
    InsightPlaylistMonth,
    InsightSearchMiss,
    InsightTrackDay,
    InsightTrackMonth,
    InsightWatermark,
)
from spoticlone.models.insight_share import InsightShare
from spoticlone.models.jobs import JobFailure
from spoticlone.models.legal import LegalAcceptance, LegalDocument
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
from spoticlone.models.moderation import ModerationHold, ModerationReport
from spoticlone.models.notifications import (
    Notification,
    NotificationDigest,
    NotificationEmail,
    NotificationPreference,
)
from spoticlone.models.play_queues import SavedPlayQueue
from spoticlone.models.plugins import PluginState
from spoticlone.models.radio import RadioStation
from spoticlone.models.recent_search import RecentSearch
from spoticlone.models.smart_playlists import SmartPlaylist
from spoticlone.models.support import (
    CannedAnswer,
    HelpArticle,
    SupportMessage,
    SupportRequest,
    SupportScreenshot,
)
from spoticlone.models.synthetic import SyntheticUser
from spoticlone.models.uploads import AudioUpload, UploadSession, UploadSessionStatus, UploadStatus
from spoticlone.models.users import ArtistLink, ArtistProfile, ArtistSlugAlias, User

__all__ = [
    "AccountDeletion",
    "Album",
    "AlbumKind",
    "AppPassword",
    "ArchiveSwitch",
    "ArtistFollow",
    "ArtistLink",
    "ArtistListener",
    "ArtistListenerDaily",
    "ArtistProfile",
    "ArtistSlugAlias",
    "AudioUpload",
    "AuditEntry",
    "AuthSession",
    "AuthTicket",
    "BackupRun",
    "Bookmark",
    "BulkExportRun",
    "CannedAnswer",
    "ChartDaily",
    "CodePurpose",
    "DataExport",
    "DeletionStatus",
    "EditorialFeature",
    "EmailCode",
    "ExternalIdentity",
    "Follow",
    "Genre",
    "HelpArticle",
    "InsightActive",
    "InsightActivity",
    "InsightCohort",
    "InsightDay",
    "InsightHour",
    "InsightListener",
    "InsightPlaylistDay",
    "InsightPlaylistMonth",
    "InsightSearchMiss",
    "InsightShare",
    "InsightTrackDay",
    "InsightTrackMonth",
    "InsightWatermark",
    "JobFailure",
    "LegalAcceptance",
    "LegalDocument",
    "ListenerSettings",
    "ModerationHold",
    "ModerationReport",
    "NotInterested",
    "Notification",
    "NotificationDigest",
    "NotificationEmail",
    "NotificationPreference",
    "PlayEvent",
    "PlaySource",
    "Playlist",
    "PlaylistCollaborator",
    "PlaylistFollow",
    "PlaylistTrack",
    "PlaylistVisibility",
    "PluginState",
    "RadioStation",
    "RateLimitCounter",
    "Rating",
    "RecentSearch",
    "Recommendation",
    "RecoveryCode",
    "RetiredRefreshToken",
    "Role",
    "SavedAlbum",
    "SavedPlayQueue",
    "SmartPlaylist",
    "SupportMessage",
    "SupportRequest",
    "SupportScreenshot",
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
