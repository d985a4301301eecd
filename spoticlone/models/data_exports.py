"""A listener's request for a copy of their data (GDPR articles 15 and 20), and its zip.

The zip is written by a background job into ``<data_dir>/exports/`` under ``file_name``;
``progress`` (0-100) and ``stage`` are what the settings page shows while it runs. The
download link carries a random token of which only the SHA-256 is kept here, so a leaked
database or backup cannot be used to fetch anyone's export. A file lives until it is
downloaded once or ``expires_at`` passes (the sweep then deletes it); the row stays as the
record of the request, which is also what the once-a-day limit counts.
"""

from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from spoticlone.models.common import IDS_NEVER_REUSED, utcnow


class DataExport(SQLModel, table=True):
    """One export of one account: queued, running, ready, downloaded, expired or failed."""

    __table_args__ = (
        Index("ix_dataexport_user_requested", "user_id", "requested_at"),
        Index("ix_dataexport_status_expires", "status", "expires_at"),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    # Deleting an account deletes its exports (the sweep removes any file left behind).
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    )
    status: str = Field(default="queued", max_length=20)
    progress: int = Field(default=0, description="Percent done, 0-100")
    stage: str = Field(default="", max_length=100, description="What the job is writing now")
    file_name: str | None = Field(default=None, max_length=100,
                                  description="The zip in <data_dir>/exports/ while it exists")
    size_bytes: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    token_hash: str | None = Field(default=None, max_length=64, unique=True, index=True)
    error: str = Field(default="", max_length=500)
    requested_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    expires_at: datetime | None = None
    downloaded_at: datetime | None = None
