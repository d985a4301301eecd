"""Helpers shared by the table modules."""

from datetime import UTC, datetime
from enum import Enum

#: Table option for entities whose id appears in a URL (pages, share links, the API).
#: SQLite's default rowid picks ``max(id) + 1``, so deleting the newest playlist would
#: hand its number to the next one and an old shared link would open someone else's
#: playlist. ``AUTOINCREMENT`` never reuses an id; PostgreSQL sequences never do anyway.
IDS_NEVER_REUSED = {"sqlite_autoincrement": True}


def utcnow() -> datetime:
    """Timezone-aware 'now' (naive datetimes are a classic source of off-by-hours bugs)."""
    return datetime.now(UTC)


class Unsaved(RuntimeError):
    """A row's id was asked for before the row was flushed: a bug in the caller, not user input."""


def saved_id(row: object) -> int:
    """The primary key of a row that is in the database.

    Table ids are declared ``int | None`` because a new row has none until it is flushed; a row
    loaded from the database or already committed always has one. This states that at the call
    site, for readers and for the type checker, and fails loudly instead of writing NULL.
    """
    row_id = getattr(row, "id", None)
    if not isinstance(row_id, int):
        raise Unsaved(f"{type(row).__name__} has no id yet: flush it before using its id")
    return row_id


class Role(str, Enum):
    LISTENER = "listener"
    ARTIST = "artist"
    ADMIN = "admin"


class AlbumKind(str, Enum):
    ALBUM = "album"
    SINGLE = "single"
    EP = "ep"


class TrackStatus(str, Enum):
    """Where a track is in its life: only ``PUBLISHED`` is ever shown to listeners."""

    DRAFT = "draft"
    PUBLISHED = "published"
    #: Part of a release waiting for its ``Album.release_at``; the jobs publish it then.
    SCHEDULED = "scheduled"
    #: Was published, then taken down ("unpublished") by its artist or an administrator.
    #: Stored by name: nine letters, like SCHEDULED, fit the VARCHAR(9) that SQLite databases
    #: created before these states declare, so no table has to be rebuilt.
    WITHDRAWN = "unpublished"
    #: Hidden by an administrator after a report (``services/moderation``): unavailable
    #: everywhere, its artist cannot republish it; the hold row keeps the state to restore.
    HIDDEN = "hidden"


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
    #: Started on a page the listener opened from a share link (``?ref=share``).
    SHARE = "share"
    OTHER = "other"
