"""Audio files artists upload through the studio, from the first byte to a draft track.

A row is written once the whole file has arrived and passed the checks made while
receiving (size cap, quota, duplicate); the background job then ingests it and records
how that went. The received file waits in ``<data_dir>/uploads/`` under ``temp_name``
until the job is done with it; the row stays as the artist's upload history.
"""

from datetime import datetime
from enum import Enum

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from spoticlone.models.common import IDS_NEVER_REUSED, utcnow


class UploadStatus(str, Enum):
    RECEIVED = "received"  # stored, waiting for the ingestion job
    PROCESSING = "processing"  # the job is reading it
    READY = "ready"  # a draft track exists (``track_id``)
    FAILED = "failed"  # refused; ``error`` says why


class AudioUpload(SQLModel, table=True):
    """One uploaded audio file and what became of it."""

    __table_args__ = (
        Index("ix_audioupload_artist_sha256", "artist_id", "sha256"),
        Index("ix_audioupload_artist_created", "artist_id", "created_at"),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    artist_id: int = Field(
        sa_column=Column(Integer, ForeignKey("artistprofile.id", ondelete="CASCADE"), nullable=False)
    )
    user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    filename: str = Field(max_length=255, description="The name the file had on the artist's device")
    size: int = Field(sa_column=Column(BigInteger, nullable=False), description="Bytes received")
    sha256: str = Field(max_length=64, description="Hex digest of the content, to spot the same file twice")
    status: UploadStatus = Field(default=UploadStatus.RECEIVED)
    error: str = Field(default="", max_length=500, description="Why it was refused, for the artist")
    track_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("track.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    temp_name: str | None = Field(
        default=None, max_length=100, description="The received file in <data_dir>/uploads/ until ingested"
    )
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
