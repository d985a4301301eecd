"""What the server did to keep its data safe: one row per backup run."""

from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class BackupRun(SQLModel, table=True):
    """One backup: queued by an admin, started by the schedule or taken on the command line.

    ``status`` moves queued → running → verified or failed. A run is only ``verified`` when
    the finished backup was read back and every file matched its manifest; the admin page
    shows the newest one of those as "the last good backup".
    """

    id: int | None = Field(default=None, primary_key=True)
    trigger: str = Field(max_length=20, description="scheduled, admin or command line")
    status: str = Field(default="queued", max_length=20, index=True)
    requested_by_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    )
    queued_at: datetime = Field(default_factory=utcnow, index=True)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    path: str = Field(default="", max_length=1000)
    size_bytes: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    file_count: int = 0
    verified: bool = False
    error: str = Field(default="", max_length=2000)
