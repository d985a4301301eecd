"""Audio files artists upload through the studio, from the first byte to a draft track.

A row is written once the whole file has arrived and passed the checks made while
receiving (size cap, quota, duplicate); the background job then ingests it and records
how that went. The received file waits in ``<data_dir>/uploads/`` under ``temp_name``
until the job is done with it; the row stays as the artist's upload history.

A file sent in pieces (``UploadSession``, the resumable protocol) has a session row while
it arrives: it records how many bytes are safely on disk, so a client whose connection
dropped asks for that offset and goes on from there. The last piece turns it into an
``AudioUpload`` like any other.
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
    replace_track_id: int | None = Field(
        default=None, sa_column=Column(Integer, nullable=True),
        description="The artist's track whose audio this file replaces (ids are never reused, so no key)",
    )
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class UploadSessionStatus(str, Enum):
    OPEN = "open"  # pieces still arriving
    COMPLETE = "complete"  # every byte arrived; ``upload_id`` is the upload it became
    FAILED = "failed"  # refused when it was completed; ``error`` says why


class UploadSession(SQLModel, table=True):
    """A file being sent in pieces: how much of it has arrived and where it is kept."""

    __table_args__ = (
        Index("ix_uploadsession_artist_status", "artist_id", "status"),
        Index("ix_uploadsession_updated", "updated_at"),
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
    filename: str = Field(max_length=255)
    size: int = Field(sa_column=Column(BigInteger, nullable=False), description="The whole file's bytes, declared")
    received: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0),
                          description="Bytes safely written, in order from the start")
    sha256: str = Field(default="", max_length=64, description="The digest the client announced, if any")
    replace_track_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    temp_name: str = Field(max_length=100, description="Its folder in <data_dir>/uploads/")
    status: UploadSessionStatus = Field(default=UploadSessionStatus.OPEN)
    error: str = Field(default="", max_length=500)
    upload_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("audioupload.id", ondelete="SET NULL"), nullable=True),
    )
    writer: str | None = Field(default=None, max_length=32, description="The request writing a piece now")
    writer_until: datetime | None = Field(default=None, description="When that claim lapses")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
