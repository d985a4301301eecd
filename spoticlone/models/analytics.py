"""Pre-aggregated listening for artist analytics, kept up to date as plays count.

The studio's analytics never scan play events on a request. When a play counts
(``services.studio.analytics.record_play``, a ``play_recorded`` subscriber), it adds to
``TrackPlaysDaily`` (one row per track, UTC day and source) and makes sure the listener has
a row in ``ArtistListenerDaily`` (one per artist, day and listener), so "unique listeners"
over any range is a ``COUNT(DISTINCT listener)`` over those small rows.
``services.studio.analytics.rebuild_rollups`` recomputes both tables from the events.

Both tables are read through covering indexes, so a query over a range touches only the
index entries of that range: ``TrackPlaysDaily``'s (track, day, source, plays, time) index,
and ``ArtistListenerDaily``'s primary key (artist, day, listener).
"""

from datetime import date

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel


class TrackPlaysDaily(SQLModel, table=True):
    """Counted plays and listening time of one track on one UTC day, from one source."""

    #: The analytics read an artist's tracks over a range of days: with every column read in
    #: this index, those reads never visit the table (on a 1M-play catalog the 7-day page went
    #: from reading every day's rows of each track to only the week's).
    __table_args__ = (
        Index("ix_trackplaysdaily_track_day", "track_id", "day", "source", "plays", "ms_played"),
    )

    day: date = Field(primary_key=True)
    track_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("track.id", ondelete="CASCADE"), primary_key=True
        )
    )
    #: The ``PlaySource`` value (stored as text, so a new source needs no migration here).
    source: str = Field(primary_key=True, max_length=16)
    plays: int = Field(default=0, description="Counted plays of the track that day from that source")
    #: Listening time of those plays when they counted, in ms (64-bit: a popular song heard
    #: for 3 minutes 12,000 times a day passes the 32-bit limit).
    ms_played: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))


class ArtistListenerDaily(SQLModel, table=True):
    """One listener heard at least one counted play of the artist on that UTC day.

    ``listener`` is ``u:<user id>`` or ``a:<hash of the anonymous browser token>``: the
    token itself is never copied here.
    """

    artist_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("artistprofile.id", ondelete="CASCADE"), primary_key=True
        )
    )
    day: date = Field(primary_key=True)
    listener: str = Field(primary_key=True, max_length=48)


class ArtistListener(SQLModel, table=True):
    """A listener's first and last day in ``ArtistListenerDaily`` for one artist.

    Derived from those daily rows and written with them (``services.studio.rollups``), so
    that unique listeners over a range ending today is a count of the rows whose last day
    falls in the range: an indexed count instead of a ``COUNT(DISTINCT)`` over every day's
    listeners (16,000 rows instead of 300,000 for a year of a popular artist).
    """

    __table_args__ = (Index("ix_artistlistener_artist_last_day", "artist_id", "last_day"),)

    artist_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("artistprofile.id", ondelete="CASCADE"), primary_key=True
        )
    )
    listener: str = Field(primary_key=True, max_length=48)
    first_day: date
    last_day: date
