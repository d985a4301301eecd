"""Bookmarks for Subsonic apps: where a listener stopped in a song, to resume it later.

One bookmark per listener and song, replaced on each save. The same rules as the web's
player: only a published song can be bookmarked, a listener sees and deletes only their
own bookmarks, and a song withdrawn since is left out of the list (the row stays, so the
bookmark is back if the song is).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from spoticlone.models import Bookmark, User
from spoticlone.models.common import utcnow
from spoticlone.services.catalog import views
from spoticlone.services.catalog.dto import TrackOut
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.subsonic.catalog import require_published

#: Bookmarks one listener may keep (a list call returns them all).
MAX_BOOKMARKS = 1000
#: A week of audio: far beyond any song, and within a 32-bit column.
MAX_POSITION_MS = 7 * 24 * 3600 * 1000
MAX_COMMENT = 500


class BookmarkOut(DTO):
    """A bookmark as a Subsonic app shows it: the song, where, the comment and when."""

    track: TrackOut
    position_ms: int
    comment: str
    created_at: datetime
    changed_at: datetime


def create_bookmark(session: Session, *, actor: User | None, track_id: int, position_ms: int,
                    comment: str = "") -> None:
    """Save (or move) the actor's bookmark in a published song."""
    user = require_user(actor)
    require_published(session, track_ids=[track_id])
    if not 0 <= position_ms <= MAX_POSITION_MS:
        raise Invalid("A bookmark's position must be between the start of the song and a week into it.")
    row = session.exec(select(Bookmark).where(Bookmark.user_id == user.id, Bookmark.track_id == track_id)).first()
    if row is None:
        count = len(session.exec(select(Bookmark.id).where(Bookmark.user_id == user.id)
                                 .limit(MAX_BOOKMARKS)).all())
        if count >= MAX_BOOKMARKS:
            raise Invalid(f"You can keep at most {MAX_BOOKMARKS} bookmarks; delete one first.")
        row = Bookmark(user_id=user.id or 0, track_id=track_id)
    row.position_ms = int(position_ms)
    row.comment = (comment or "").strip()[:MAX_COMMENT]
    row.changed_at = utcnow()
    session.add(row)
    session.flush()


def list_bookmarks(session: Session, *, actor: User | None) -> list[BookmarkOut]:
    """The actor's bookmarks in songs that are still published, most recently changed first."""
    user = require_user(actor)
    rows = session.exec(select(Bookmark).where(Bookmark.user_id == user.id)
                        .order_by(col(Bookmark.changed_at).desc(), col(Bookmark.id).desc())
                        .limit(MAX_BOOKMARKS)).all()
    songs = views.published_track_dtos(session, [row.track_id for row in rows])
    return [BookmarkOut(track=songs[row.track_id], position_ms=row.position_ms, comment=row.comment,
                        created_at=row.created_at, changed_at=row.changed_at)
            for row in rows if row.track_id in songs]


def delete_bookmark(session: Session, *, actor: User | None, track_id: int) -> None:
    """Delete the actor's own bookmark in a song; ``NotFound`` when they have none there."""
    user = require_user(actor)
    row = session.exec(select(Bookmark).where(Bookmark.user_id == user.id, Bookmark.track_id == track_id)).first()
    if row is None:
        raise NotFound("You have no bookmark in that song.")
    session.delete(row)
    session.flush()
