"""The operator's export of every account's data (archive mode's last step before closing)."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class BulkExportRun(SQLModel, table=True):
    """One "export everyone's data" job: where it writes, and how far it got.

    Progress is written after every account, so the admin page can show it from any
    worker and a run that died can be resumed (finished zips are kept and skipped).
    """

    id: int | None = Field(default=None, primary_key=True)
    requested_by_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    )
    #: queued, running, done or failed.
    status: str = Field(default="queued", max_length=16)
    folder: str = Field(default="", max_length=500)
    total: int = 0
    done: int = 0
    failed: int = 0
    error: str = Field(default="", max_length=500)
    requested_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    finished_at: datetime | None = None
