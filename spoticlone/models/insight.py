"""Rollups behind the admin analytics dashboard (``/admin/analytics``), kept as plays arrive.

A dashboard refresh reads only these tables (and the user, track and session tables, which
grow with people and music, not with listening). They are filled in two ways that add up to
the same figures (``services.insight.rollups``): subscribers of ``play_started`` and
``play_recorded`` add each play as it happens, and the catch-up (``services.insight.catchup``)
rolls older events in batches, remembering in ``InsightWatermark`` how far it got.

Days are UTC days; a week is named by its Monday and a month by its first day.
"""

from datetime import date

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel


class InsightWatermark(SQLModel, table=True):
    """How far the catch-up rolled play events, and where live rolling began (one row, id 1).

    Events with ``id <= rolled_to`` were rolled by the catch-up; events with
    ``id >= live_from`` by the subscribers as they happened. The catch-up works through
    the gap between the two, so no event is counted twice or missed.
    """

    id: int | None = Field(default=None, primary_key=True)
    rolled_to: int = Field(default=0, description="Highest play event id the catch-up has rolled")
    live_from: int | None = Field(default=None, description="First play event id rolled as it happened")


class InsightDay(SQLModel, table=True):
    """Tracks published on one UTC day (counted as they come out)."""

    day: date = Field(primary_key=True)
    publications: int = 0


class InsightTrackDay(SQLModel, table=True):
    """One track on one UTC day: plays started, plays counted and their listening time."""

    day: date = Field(primary_key=True)
    track_id: int = Field(
        sa_column=Column(Integer, ForeignKey("track.id", ondelete="CASCADE"), primary_key=True)
    )
    starts: int = 0
    plays: int = 0
    ms_played: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))


class InsightTrackMonth(SQLModel, table=True):
    """One track in one UTC month (by its first day): the sum of its ``InsightTrackDay`` rows.

    Kept beside the daily rows by the same statements, so a long period reads a dozen monthly
    rows per track instead of hundreds of daily ones (``services.insight.month_sums``).
    """

    month: date = Field(primary_key=True)
    track_id: int = Field(
        sa_column=Column(Integer, ForeignKey("track.id", ondelete="CASCADE"), primary_key=True)
    )
    starts: int = 0
    plays: int = 0
    ms_played: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))


class InsightHour(SQLModel, table=True):
    """Plays started and counted in one UTC hour (0-23) of one day, by the hour the play started.

    The daily series are sums of a day's 24 rows; the listening clock is the same rows by
    weekday and hour.
    """

    day: date = Field(primary_key=True)
    hour: int = Field(primary_key=True)
    starts: int = 0
    plays: int = 0
    ms_played: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))


class InsightPlaylistDay(SQLModel, table=True):
    """Counted plays started from one playlist on one day.

    No foreign key: the id comes from the player's report, and a deleted playlist simply
    drops out of the dashboard (its name is joined when read).
    """

    day: date = Field(primary_key=True)
    playlist_id: int = Field(primary_key=True)
    plays: int = 0


class InsightPlaylistMonth(SQLModel, table=True):
    """Counted plays started from one playlist in one UTC month: the sum of its ``InsightPlaylistDay`` rows."""

    month: date = Field(primary_key=True)
    playlist_id: int = Field(primary_key=True)
    plays: int = 0


class InsightSearchMiss(SQLModel, table=True):
    """A search that found nothing: the folded query text, per day, how often."""

    day: date = Field(primary_key=True)
    term: str = Field(primary_key=True, max_length=100)
    searches: int = 0


class InsightActivity(SQLModel, table=True):
    """A signed-in listener started at least one play in a period.

    ``kind`` is ``d`` (a day), ``w`` (a week, by its Monday) or ``m`` (a month, by its first
    day); ``start`` names the period. Only written when new, so ``InsightActive`` can count.
    """

    kind: str = Field(primary_key=True, max_length=1)
    start: date = Field(primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    )


class InsightActive(SQLModel, table=True):
    """How many listeners were active in a day, week or month (the rows of ``InsightActivity``)."""

    kind: str = Field(primary_key=True, max_length=1)
    start: date = Field(primary_key=True)
    users: int = 0


class InsightCohort(SQLModel, table=True):
    """Listeners who signed up in week ``cohort`` and were active in week ``week``."""

    cohort: date = Field(primary_key=True)
    week: date = Field(primary_key=True)
    users: int = 0


class InsightListener(SQLModel, table=True):
    """A listener's sign-up week, first and last active day, and whether they came back in week 2.

    "Week 2" is days 7 to 13 after the sign-up day, the verification funnel's last step.
    """

    # The funnel counts a period's sign-ups who played and came back from this index alone.
    __table_args__ = (Index("ix_insightlistener_signup_returned", "signup_day", "returned_week2"),)

    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    )
    signup_day: date
    cohort: date
    first_day: date
    last_day: date
    returned_week2: bool = False
