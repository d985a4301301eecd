"""Where a listener stopped in a song, so a Subsonic app can resume it (``createBookmark``)."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class Bookmark(SQLModel, table=True):
    """One per listener and song: the position in milliseconds and an optional comment."""

    __table_args__ = (UniqueConstraint("user_id", "track_id", name="uq_bookmark_user_track"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False,
                                          index=True))
    track_id: int = Field(sa_column=Column(Integer, ForeignKey("track.id", ondelete="CASCADE"), nullable=False,
                                           index=True))
    position_ms: int = 0
    comment: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    changed_at: datetime = Field(default_factory=utcnow)
