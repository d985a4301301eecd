"""Artist analytics: what the artist's own catalog did over 7 days, 28 days, a year or all time.

Read for the artist who owns the catalog (``ownership.own_artist``); an administrator may
name any artist. Every figure is computed from stored rows, never estimated:

- plays, listening time, plays by source and top tracks: sums over ``TrackPlaysDaily``;
- unique listeners: counted over ``ArtistListenerDaily``, per day and over the whole range
  (a listener heard on three days counts once for the range; for a range ending today, from
  each listener's last day in ``ArtistListener``);
  both rollups are kept by ``services.studio.rollups`` as plays count;
- followers over time: the artist's current followers by the day they followed (an
  unfollow removes the row, so the curve shows who still follows);
- likes of their songs, saves of their releases, adds of their songs to playlists (songs
  still in the playlist), each by the day it happened;
- average rating: stars of ratings of their songs and releases given or changed in range.

Days are UTC days, today included; the daily series has one entry per day, zero-filled,
so a chart needs no gaps handled. "All time" starts on the first day anything happened.
An artist with no music gets the same shape, full of zeros.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from spoticlone.models import (
    Album,
    ArtistFollow,
    ArtistListener,
    ArtistListenerDaily,
    ArtistProfile,
    PlaylistTrack,
    PlaySource,
    Rating,
    SavedAlbum,
    Track,
    TrackLike,
    TrackPlaysDaily,
    User,
)
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import is_admin
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.studio import ownership
from spoticlone.services.studio.rollups import as_date, day_of

TOP_TRACKS = 10
ARTIST_NOT_FOUND = "That artist does not exist."
#: What a listener sees for each play source (a source unknown here shows its own name).
SOURCE_LABELS = {
    PlaySource.ALBUM.value: "Album", PlaySource.ARTIST.value: "Artist page", PlaySource.PLAYLIST.value: "Playlist",
    PlaySource.SEARCH.value: "Search", PlaySource.RADIO.value: "Radio", PlaySource.GENRE.value: "Genre",
    PlaySource.TRACK.value: "Song page", PlaySource.LIBRARY.value: "Library", PlaySource.SHARE.value: "Share link",
    PlaySource.OTHER.value: "Other",
}


class AnalyticsRange(str, Enum):
    """The ranges the studio offers: the last 7, 28 or 365 UTC days (today included), or all time."""

    WEEK = "7d"
    MONTH = "28d"
    YEAR = "365d"
    ALL = "all"


_DAYS = {AnalyticsRange.WEEK: 7, AnalyticsRange.MONTH: 28, AnalyticsRange.YEAR: 365}


class AnalyticsDay(DTO):
    """One UTC day of the series (a row of the CSV, a point of each chart)."""

    day: date
    plays: int
    listeners: int
    listening_ms: int
    followers: int  # total at the end of the day
    new_followers: int
    likes: int
    saves: int
    playlist_adds: int


class SourceSeries(DTO):
    """Plays from one source: the range total and one figure per day, aligned with ``days``."""

    source: str
    label: str
    plays: int
    daily: list[int]


class TopTrack(DTO):
    """One of the artist's most played songs over the range."""

    track_id: int
    title: str
    plays: int
    listening_ms: int


class AnalyticsTotals(DTO):
    """The range as single figures (headline cards)."""

    plays: int
    listeners: int
    listening_ms: int
    followers: int  # now
    new_followers: int
    likes: int
    saves: int
    playlist_adds: int
    ratings: int
    average_rating: float | None  # None when nobody rated in the range


class ArtistAnalytics(DTO):
    """Everything the analytics page shows, for one artist and one range."""

    artist_id: int
    artist_name: str
    range: AnalyticsRange
    first_day: date
    last_day: date
    totals: AnalyticsTotals
    days: list[AnalyticsDay]
    sources: list[SourceSeries]  # most plays first, then in the order of ``PlaySource``
    top_tracks: list[TopTrack]


class AnalyticsCsv(DTO):
    """The daily series as a CSV file."""

    filename: str
    content: str


def parse_range(value: AnalyticsRange | str) -> AnalyticsRange:
    """The range named by ``value`` (``7d``, ``28d``, ``365d`` or ``all``); ``Invalid`` otherwise."""
    try:
        return AnalyticsRange(value)
    except ValueError:
        choices = ", ".join(r.value for r in AnalyticsRange)
        raise Invalid(f"Unknown range {value!r}; use one of {choices}.") from None


def _artist(session: Session, actor: User | None, artist_id: int | None) -> ArtistProfile:
    if artist_id is None:
        return ownership.own_artist(session, actor=actor)
    if not is_admin(actor):
        ownership.own_artist(session, actor=actor)  # anonymous and listeners get its refusal
    if isinstance(artist_id, bool) or not isinstance(artist_id, int):
        raise NotFound(ARTIST_NOT_FOUND)
    artist = session.get(ArtistProfile, artist_id)
    if artist is None or not ownership.may_manage(session, actor=actor, artist_id=artist_id):
        raise NotFound(ARTIST_NOT_FOUND)
    return artist


def _start(moment: date) -> datetime:
    return datetime.combine(moment, time(), UTC)


class _Catalog:
    """The queries of one artist's catalog between two UTC days (both included)."""

    def __init__(self, session: Session, artist_id: int) -> None:
        self.session = session
        self.artist_id = artist_id
        self.tracks = select(Track.id).where(col(Track.artist_id) == artist_id)
        self.albums = select(Album.id).where(col(Album.artist_id) == artist_id)

    def dated(self) -> list[tuple[Any, Any]]:
        """(timestamp column, filter) of every dated activity, for the per-day counts."""
        return [
            (ArtistFollow.created_at, col(ArtistFollow.artist_id) == self.artist_id),
            (TrackLike.created_at, col(TrackLike.track_id).in_(self.tracks)),
            (SavedAlbum.created_at, col(SavedAlbum.album_id).in_(self.albums)),
            (PlaylistTrack.added_at, col(PlaylistTrack.track_id).in_(self.tracks)),
        ]

    def first_day(self) -> date | None:
        """The first day anything happened to the catalog (for "all time")."""
        firsts = [self.session.exec(select(func.min(TrackPlaysDaily.day)).where(
            col(TrackPlaysDaily.track_id).in_(self.tracks))).one()]
        firsts += [self.session.exec(select(func.min(day_of(self.session, column))).where(where)).one()
                   for column, where in self.dated()]
        days = [as_date(d) for d in firsts if d is not None]
        return min(days) if days else None

    def per_day(self, column: Any, where: ColumnElement[bool], first: date, last: date) -> dict[date, int]:
        day = day_of(self.session, column)
        rows = self.session.exec(
            select(day, func.count()).where(where, column >= _start(first), column < _start(last + timedelta(days=1)))
            .group_by(day)
        ).all()
        return {as_date(d): n for d, n in rows}

    def count_before(self, column: Any, where: ColumnElement[bool], first: date) -> int:
        return self.session.exec(select(func.count()).where(where, column < _start(first))).one()

    def plays(self, first: date, last: date) -> list[tuple[date, str, int, int]]:
        rows = self.session.exec(
            select(col(TrackPlaysDaily.day), col(TrackPlaysDaily.source), func.sum(TrackPlaysDaily.plays),
                   func.sum(TrackPlaysDaily.ms_played))
            .where(col(TrackPlaysDaily.track_id).in_(self.tracks), col(TrackPlaysDaily.day) >= first,
                   col(TrackPlaysDaily.day) <= last)
            .group_by(col(TrackPlaysDaily.day), col(TrackPlaysDaily.source))
        ).all()
        return [(as_date(d), s, int(p or 0), int(ms or 0)) for d, s, p, ms in rows]

    def listeners(self, first: date, last: date) -> tuple[dict[date, int], int]:
        mine = (col(ArtistListenerDaily.artist_id) == self.artist_id, col(ArtistListenerDaily.day) >= first,
                col(ArtistListenerDaily.day) <= last)
        daily = self.session.exec(
            select(col(ArtistListenerDaily.day), func.count()).where(*mine).group_by(col(ArtistListenerDaily.day))
        ).all()
        return {as_date(d): n for d, n in daily}, self.distinct_listeners(first, last)

    def distinct_listeners(self, first: date, last: date) -> int:
        """Listeners heard on at least one day from ``first`` to ``last``, exactly.

        When nobody was heard after ``last`` (a range ending today), a listener was heard in
        the range exactly when their last day is in it: an indexed count of ``ArtistListener``
        rows. Otherwise (a range in the past) the daily rows of the range are counted.
        """
        summary = col(ArtistListener.artist_id) == self.artist_id
        latest = self.session.exec(select(func.max(ArtistListener.last_day)).where(summary)).one()
        if latest is None or as_date(latest) <= last:
            return self.session.exec(
                select(func.count()).where(summary, col(ArtistListener.last_day) >= first)
            ).one()
        return self.session.exec(
            select(func.count(func.distinct(ArtistListenerDaily.listener))).where(
                col(ArtistListenerDaily.artist_id) == self.artist_id, col(ArtistListenerDaily.day) >= first,
                col(ArtistListenerDaily.day) <= last)
        ).one()

    def top_tracks(self, first: date, last: date) -> list[TopTrack]:
        plays, ms = func.sum(TrackPlaysDaily.plays), func.sum(TrackPlaysDaily.ms_played)
        rows = self.session.exec(
            select(Track.id, Track.title, plays, ms)
            .join(TrackPlaysDaily, col(TrackPlaysDaily.track_id) == col(Track.id))
            .where(col(Track.artist_id) == self.artist_id, col(TrackPlaysDaily.day) >= first,
                   col(TrackPlaysDaily.day) <= last)
            .group_by(col(Track.id), col(Track.title))
            .order_by(plays.desc(), ms.desc(), col(Track.id))
            .limit(TOP_TRACKS)
        ).all()
        return [TopTrack(track_id=t, title=title, plays=int(p or 0), listening_ms=int(m or 0))
                for t, title, p, m in rows]

    def ratings(self, first: date, last: date) -> tuple[int, float | None]:
        mine = col(Rating.track_id).in_(self.tracks) | col(Rating.album_id).in_(self.albums)
        changed = col(Rating.updated_at)
        count, total = self.session.exec(
            select(func.count(), func.sum(Rating.stars))
            .where(mine, changed >= _start(first), changed < _start(last + timedelta(days=1)))
        ).one()
        return count, (round(int(total) / count, 2) if count else None)


def _sources(plays: list[tuple[date, str, int, int]], days: list[date]) -> list[SourceSeries]:
    index = {d: i for i, d in enumerate(days)}
    order = [s.value for s in PlaySource]
    daily: dict[str, list[int]] = {s: [0] * len(days) for s in order}
    for d, source, n, _ms in plays:
        daily.setdefault(source, [0] * len(days))[index[d]] += n
    ranked = sorted(daily, key=lambda s: (-sum(daily[s]), order.index(s) if s in order else len(order), s))
    return [SourceSeries(source=s, label=SOURCE_LABELS.get(s, s.replace("_", " ").capitalize()),
                         plays=sum(daily[s]), daily=daily[s]) for s in ranked]


def artist_analytics(
    session: Session, *, actor: User | None, period: AnalyticsRange | str = AnalyticsRange.MONTH,
    artist_id: int | None = None, today: date | None = None,
) -> ArtistAnalytics:
    """The analytics of the actor's own catalog (or, for an administrator, of ``artist_id``).

    Args:
        session: Database session.
        actor: The signed-in artist (or an administrator).
        period: ``7d``, ``28d``, ``365d`` or ``all``.
        artist_id: Another artist's id; only an administrator (or that artist) may name one.
        today: The last day of the range (tests); defaults to today in UTC.

    Returns:
        Totals, a zero-filled daily series, plays by source and the top songs.

    Raises:
        PermissionDenied: anonymous, or a listener without an artist profile.
        NotFound: ``artist_id`` names no artist the actor may see.
        Invalid: an unknown range.
    """
    chosen = parse_range(period)
    artist = _artist(session, actor, artist_id)
    catalog = _Catalog(session, saved_id(artist))
    last = today or datetime.now(UTC).date()
    if chosen is AnalyticsRange.ALL:
        first = min(catalog.first_day() or last, last)
    else:
        first = last - timedelta(days=_DAYS[chosen] - 1)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]

    plays = catalog.plays(first, last)
    per_day_plays: dict[date, int] = defaultdict(int)
    per_day_ms: dict[date, int] = defaultdict(int)
    for d, _source, n, ms in plays:
        per_day_plays[d] += n
        per_day_ms[d] += ms
    listeners, distinct_listeners = catalog.listeners(first, last)
    (follow_col, follow_where), *others = catalog.dated()
    follows = catalog.per_day(follow_col, follow_where, first, last)
    likes, saves, adds = (catalog.per_day(c, w, first, last) for c, w in others)

    followers = catalog.count_before(follow_col, follow_where, first)
    series = []
    for d in days:
        followers += follows.get(d, 0)
        series.append(AnalyticsDay(
            day=d, plays=per_day_plays[d], listeners=listeners.get(d, 0), listening_ms=per_day_ms[d],
            followers=followers, new_followers=follows.get(d, 0), likes=likes.get(d, 0), saves=saves.get(d, 0),
            playlist_adds=adds.get(d, 0),
        ))
    rating_count, average = catalog.ratings(first, last)
    totals = AnalyticsTotals(
        plays=sum(per_day_plays.values()), listeners=distinct_listeners, listening_ms=sum(per_day_ms.values()),
        followers=session.exec(select(func.count()).where(follow_where)).one(),
        new_followers=sum(follows.values()), likes=sum(likes.values()), saves=sum(saves.values()),
        playlist_adds=sum(adds.values()), ratings=rating_count, average_rating=average,
    )
    return ArtistAnalytics(
        artist_id=saved_id(artist), artist_name=artist.stage_name, range=chosen, first_day=first, last_day=last,
        totals=totals, days=series, sources=_sources(plays, days), top_tracks=catalog.top_tracks(first, last),
    )


#: The CSV's fixed columns, then one ``plays_from_<source>`` column per play source.
CSV_COLUMNS = ("date", "plays", "unique_listeners", "listening_ms", "followers", "new_followers", "likes",
               "saves", "playlist_adds")


def analytics_csv(
    session: Session, *, actor: User | None, period: AnalyticsRange | str = AnalyticsRange.MONTH,
    artist_id: int | None = None, today: date | None = None,
) -> AnalyticsCsv:
    """The daily series of :func:`artist_analytics` as CSV: one row per day, a column per metric.

    Args:
        session: Database session.
        actor: The signed-in artist (or an administrator).
        period: ``7d``, ``28d``, ``365d`` or ``all``.
        artist_id: Another artist's id (administrators).
        today: The last day of the range (tests); defaults to today in UTC.

    Returns:
        The file name and the text (CRLF line ends, as spreadsheets expect).

    Raises:
        PermissionDenied: anonymous, or a listener without an artist profile.
        NotFound: ``artist_id`` names no artist the actor may see.
        Invalid: an unknown range.
    """
    report = artist_analytics(session, actor=actor, period=period, artist_id=artist_id, today=today)
    sources = sorted(report.sources, key=lambda s: s.source)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*CSV_COLUMNS, *(f"plays_from_{s.source}" for s in sources)])
    for n, day in enumerate(report.days):
        writer.writerow([
            day.day.isoformat(), day.plays, day.listeners, day.listening_ms, day.followers, day.new_followers,
            day.likes, day.saves, day.playlist_adds, *(s.daily[n] for s in sources),
        ])
    artist = session.get(ArtistProfile, report.artist_id)
    slug = re.sub(r"[^a-z0-9-]+", "-", (artist.slug if artist else "").lower()).strip("-") or "artist"
    return AnalyticsCsv(filename=f"analytics-{slug}-{report.range.value}-{report.last_day.isoformat()}.csv",
                        content=out.getvalue())
