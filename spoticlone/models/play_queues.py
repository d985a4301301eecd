"""A listener's saved play queue, so a Subsonic app can resume on another device."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class SavedPlayQueue(SQLModel, table=True):
    """One per listener: the queue's song ids in order, the current one and where in it."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False, unique=True, index=True)
    )
    #: Song ids in queue order, comma-separated (bounded by ``services.subsonic.play_queue``).
    track_ids: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    current_track_id: int | None = None
    position_ms: int = 0
    changed_at: datetime = Field(default_factory=utcnow)
    changed_by: str = Field(default="", max_length=100)
