"""Helpers shared by the table modules."""

from datetime import datetime, timezone
from enum import Enum


def utcnow() -> datetime:
    """Timezone-aware 'now' (naive datetimes are a classic source of off-by-hours bugs)."""
    return datetime.now(timezone.utc)


class Role(str, Enum):
    LISTENER = "listener"
    ARTIST = "artist"
    ADMIN = "admin"


class AlbumKind(str, Enum):
    ALBUM = "album"
    SINGLE = "single"
    EP = "ep"


class TrackStatus(str, Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


class PlaylistVisibility(str, Enum):
    PRIVATE = "private"
    PUBLIC = "public"


class PlaySource(str, Enum):
    ALBUM = "album"
    ARTIST = "artist"
    PLAYLIST = "playlist"
    SEARCH = "search"
    RADIO = "radio"
    GENRE = "genre"
    TRACK = "track"
    LIBRARY = "library"
    OTHER = "other"
