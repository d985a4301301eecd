"""Helpers shared by the table modules."""

from datetime import datetime, timezone
from enum import Enum

#: Table option for entities whose id appears in a URL (pages, share links, the API).
#: SQLite's default rowid picks ``max(id) + 1``, so deleting the newest playlist would
#: hand its number to the next one and an old shared link would open someone else's
#: playlist. ``AUTOINCREMENT`` never reuses an id; PostgreSQL sequences never do anyway.
IDS_NEVER_REUSED = {"sqlite_autoincrement": True}


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
