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
