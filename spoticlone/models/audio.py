"""What the audio of a track measures, kept beside the catalog row rather than in it.

Filled in the background after ingestion (``services.media.loudness``): a track has no row
here until its file has been measured, and keeps none if ffmpeg cannot measure it.
"""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class TrackLoudness(SQLModel, table=True):
    """EBU R128 loudness of one track's original file."""

    track_id: int = Field(
        sa_column=Column(Integer, ForeignKey("track.id", ondelete="CASCADE"), primary_key=True)
    )
    integrated_lufs: float = Field(description="Integrated loudness, LUFS")
    true_peak_dbtp: float | None = Field(default=None, description="True peak, dBTP; None for silence")
    measured_at: datetime = Field(default_factory=utcnow)


class TrackRendition(SQLModel, table=True):
    """A streaming copy of a track's audio at one quality tier (``services.media.renditions``).

    ``source_key`` is the original it was made from: after the artist replaces a track's
    audio, a rendition of the old file no longer matches ``Track.audio_key`` and is not served.
    """

    track_id: int = Field(
        sa_column=Column(Integer, ForeignKey("track.id", ondelete="CASCADE"), primary_key=True)
    )
    tier: str = Field(primary_key=True, max_length=10, description="low, normal or high")
    key: str = Field(max_length=255, description="Media store key of the rendition")
    source_key: str = Field(max_length=255, description="The original's audio_key it was made from")
    mime_type: str = Field(max_length=60)
    bitrate: int = Field(description="Target bits per second")
    file_size: int = 0
    created_at: datetime = Field(default_factory=utcnow)


class ListenerSettings(SQLModel, table=True):
    """How one signed-in listener wants music played; no row means the defaults."""

    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    )
    streaming_quality: str = Field(default="normal", max_length=10,
                                   description="low, normal, high or original")
    normalise_volume: bool = Field(default=True)
    updated_at: datetime = Field(default_factory=utcnow)
