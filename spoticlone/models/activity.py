"""Listening activity and what we derive from it."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from spoticlone.models.common import PlaySource, utcnow


class PlayEvent(SQLModel, table=True):
    """One listen: by a user or, before sign-in, by an anonymous session id."""

    __table_args__ = (
        Index("ix_playevent_user_started", "user_id", "started_at"),
        Index("ix_playevent_session_started", "anonymous_session", "started_at"),
        Index("ix_playevent_track_started", "track_id", "started_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=True),
    )
    anonymous_session: str | None = Field(default=None, max_length=64)
    track_id: int = Field(
        sa_column=Column(Integer, ForeignKey("track.id", ondelete="CASCADE"), nullable=False)
    )
    started_at: datetime = Field(default_factory=utcnow)
    ms_played: int = 0
    source: PlaySource = Field(default=PlaySource.OTHER)
    source_id: str | None = Field(default=None, max_length=64)
    completed: bool = False
    skipped: bool = False
    counted: bool = Field(default=False, description="Counted towards the track's play count")
