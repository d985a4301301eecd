"""The archive (end-of-life) switch: one row, read on every write, set by an operator."""

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class ArchiveSwitch(SQLModel, table=True):
    """Whether the service is read-only, and what listeners are told (``id`` is always 1)."""

    id: int | None = Field(default=None, primary_key=True)
    enabled: bool = False
    message: str = Field(default="", max_length=2000)
    contact: str = Field(default="", max_length=320)
    #: The day the service closes for good (shown in the banner), if decided.
    closes_on: date | None = None
    changed_at: datetime = Field(default_factory=utcnow)
    changed_by_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    )
