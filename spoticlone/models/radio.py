"""Radio stations: one listener's endless queue grown from a seed (a track, album, artist,
genre, playlist or their own taste).

A station remembers what it has already played (so it never repeats a track) and what the
listener skipped and liked during the session (so the next batch leans away or towards
them). Lists are comma-separated ids, bounded by ``services.discovery.radio``. A station
belongs to one listener and goes with their account; its id appears in API URLs, so it is
never reused.
"""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

from spoticlone.models.common import IDS_NEVER_REUSED, utcnow


def _ids_column() -> Column:
    return Column(Text, nullable=False, default="")


class RadioStation(SQLModel, table=True):
    """A station: its seed, its seed row for the engine, and the session so far."""

    __table_args__ = IDS_NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    #: A name in ``RADIO_STRATEGIES`` and the seed's reference as the share URL names it.
    seed_kind: str = Field(max_length=20)
    seed_ref: str = Field(max_length=120)
    title: str = Field(max_length=200)
    #: ``track_id:weight`` pairs: the listener row the engine is asked about.
    seed_tracks: str = Field(default="", sa_column=_ids_column())
    #: Tracks this station has handed out, in order (never handed out again).
    served: str = Field(default="", sa_column=_ids_column())
    liked: str = Field(default="", sa_column=_ids_column())
    skipped: str = Field(default="", sa_column=_ids_column())
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
