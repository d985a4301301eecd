"""Pre-aggregated listening for charts: one row per track per day with counted plays.

Charts must not scan every play event on each request; a play adds one to its
day's row in the same transaction that counts it (``services.listening.plays``), and
``services.listening.charts.rebuild_daily`` recomputes the table from the events for a backfill.
"""

from datetime import date

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel


class ChartDaily(SQLModel, table=True):
    day: date = Field(primary_key=True)
    track_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("track.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )
    plays: int = Field(default=0, description="Counted plays of the track on that UTC day")
