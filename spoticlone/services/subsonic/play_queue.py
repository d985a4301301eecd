"""Save and restore a listener's play queue (Subsonic ``savePlayQueue``/``getPlayQueue``).

One queue per listener, replaced whole on each save. Only published songs are kept and
shown, so a queue never reveals or plays a song that was withdrawn since it was saved.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from spoticlone.models import SavedPlayQueue, Track, User
from spoticlone.models.common import utcnow
from spoticlone.services.catalog import views
from spoticlone.services.catalog.dto import TrackOut
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid

MAX_TRACKS = 1000
MAX_POSITION_MS = 24 * 3600 * 1000


class PlayQueueOut(DTO):
    """A saved queue as restored: the songs still published, the current one and the position."""

    tracks: list[TrackOut]
    current_track_id: int | None
    position_ms: int
    changed_at: datetime
    changed_by: str


def save_play_queue(session: Session, *, actor: User | None, track_ids: list[int], current_track_id: int | None,
                    position_ms: int = 0, client: str = "") -> None:
    """Replace the actor's saved queue; an empty list clears it."""
    user = require_user(actor)
    if len(track_ids) > MAX_TRACKS:
        raise Invalid(f"A saved queue holds at most {MAX_TRACKS} songs.")
    found = set(session.exec(select(Track.id).where(col(Track.id).in_(track_ids), views.published())).all())
    kept = [i for i in track_ids if i in found]
    current = current_track_id if current_track_id in found else (kept[0] if kept else None)
    row = session.exec(select(SavedPlayQueue).where(SavedPlayQueue.user_id == user.id)).first()
    if not kept:
        if row is not None:
            session.delete(row)
            session.flush()
        return
    row = row or SavedPlayQueue(user_id=user.id or 0)
    row.track_ids = ",".join(str(i) for i in kept)
    row.current_track_id = current
    row.position_ms = max(0, min(int(position_ms), MAX_POSITION_MS))
    row.changed_at = utcnow()
    row.changed_by = (client or "")[:100]
    session.add(row)
    session.flush()


def get_play_queue(session: Session, *, actor: User | None) -> PlayQueueOut | None:
    """The actor's saved queue (published songs only), or None when nothing is saved."""
    user = require_user(actor)
    row = session.exec(select(SavedPlayQueue).where(SavedPlayQueue.user_id == user.id)).first()
    if row is None:
        return None
    ids = [int(part) for part in row.track_ids.split(",") if part.isdigit()]
    dtos = views.published_track_dtos(session, ids)
    tracks = [dtos[i] for i in ids if i in dtos]
    current = row.current_track_id if row.current_track_id in dtos else None
    return PlayQueueOut(tracks=tracks, current_track_id=current, position_ms=row.position_ms,
                        changed_at=row.changed_at, changed_by=row.changed_by)
