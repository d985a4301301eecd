"""Editorial playlists: public playlists an administrator features on Home and Browse.

A feature puts one playlist on a named shelf ("Featured", "Focus", ...) at a position, with a
short blurb, for a period: it shows from ``starts_at`` until ``ends_at`` (open-ended when
None), both stored in UTC. Deleting the playlist deletes its features; a playlist that goes
private keeps its rows but is no longer shown (``services.discovery.editorial``).
"""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class EditorialFeature(SQLModel, table=True):
    """One playlist featured on one shelf, at a position, for a period."""

    __table_args__ = (
        UniqueConstraint("shelf", "playlist_id", name="uq_editorialfeature_shelf_playlist"),
        Index("ix_editorialfeature_shelf_position", "shelf", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    playlist_id: int = Field(
        sa_column=Column(Integer, ForeignKey("playlist.id", ondelete="CASCADE"), nullable=False, index=True))
    shelf: str = Field(default="Featured", max_length=60)
    #: 0 is first on its shelf; positions on a shelf stay 0..n-1.
    position: int = 0
    blurb: str = Field(default="", max_length=280)
    starts_at: datetime
    ends_at: datetime | None = None
    #: The administrator who added it (kept as history; emptied if the account goes).
    created_by_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
