"""A listener's own listening, told back to them: minutes, favourites, when they listen, who is new.

Only the actor's own ``PlayEvent`` rows are read (indexed by ``user_id``): a listener's whole
history is small enough to load once and count in Python, which keeps every figure exact and
lets the month, hour and day boundaries follow the listener's time zone. The app stores no
time zone, so the browser may pass its own (an IANA name such as ``Europe/Paris``); without
one, days and hours are UTC, and the DTO says which was used.

What counts:

- minutes: every millisecond heard, counted play or not (a skipped song was still heard);
- plays, top artists, songs and genres, the listening clock: counted plays only (the same
  30-second rule as charts and artist analytics), ties broken by time heard, then name;
- discoveries: an artist whose first counted play by this listener, ever, falls in the window;
- only songs that are published now: a song since taken down leaves the figures, so nothing
  unreleased is ever named (the year-in-review card is public once shared).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from spoticlone import routes
from spoticlone.models import ArtistProfile, Genre, PlayEvent, Track, TrackStatus, User
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid

TOP_N = 10
UTC_NAME = "UTC"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_TZ_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){0,2}$")


class StatsPeriod(str, Enum):
    """The windows the stats page offers (a picked month overrides them)."""

    MONTH = "month"  # this calendar month so far
    YEAR = "12m"  # this month and the 11 before it
    ALL = "all"


class RankedItem(DTO):
    """An artist, song or genre with how much the listener played it in the window."""

    id: int
    name: str
    url: str
    #: For a song, its artist; empty for artists and genres.
    detail: str = ""
    plays: int
    minutes: int


class MonthSummary(DTO):
    """One calendar month of the window (zero-filled, oldest first)."""

    month: str  # YYYY-MM
    label: str  # "November 2026"
    minutes: int
    plays: int
    top_artist: str | None
    top_track: str | None
    top_genre: str | None
    new_artists: int


class Discovery(DTO):
    """An artist the listener heard for the first time, and with which song."""

    artist_id: int
    name: str
    url: str
    first_played: date
    track_title: str


class DiscoveryMonth(DTO):
    """The artists first heard in one month."""

    month: str
    label: str
    artists: list[Discovery]


class ListenerStats(DTO):
    """Everything ``/me/stats`` shows for one window."""

    period: StatsPeriod
    month: str | None  # the picked month, when one was picked
    label: str  # "December 2026", "The last 12 months", "All time"
    first_day: date | None  # None: all time with no plays at all
    last_day: date
    time_zone: str
    time_zone_known: bool  # False: UTC because nobody told us better
    minutes: int
    ms_played: int
    plays: int
    top_artists: list[RankedItem]
    top_tracks: list[RankedItem]
    top_genres: list[RankedItem]
    clock: list[int]  # counted plays by local hour, 0..23
    months: list[MonthSummary]
    discoveries: list[DiscoveryMonth]  # newest month first
    new_artists: int
    months_with_plays: list[str]  # for the month picker, newest first
    years_with_plays: list[int]  # for the year-in-review links, newest first
    empty: bool


@dataclass(frozen=True)
class Play:
    """One play of a published song, its moment in the listener's time zone."""

    at: datetime
    ms: int
    counted: bool
    track_id: int
    track_title: str
    track_slug: str
    artist_id: int
    artist_name: str
    artist_slug: str
    genre_id: int | None
    genre_name: str | None
    genre_slug: str | None

    @property
    def month(self) -> str:
        """``YYYY-MM`` of the play, local."""
        return f"{self.at.year:04d}-{self.at.month:02d}"


def time_zone(name: str | None) -> tuple[tzinfo, str, bool]:
    """``(zone, name, known)`` for an IANA name from the browser; UTC (not known) for none.

    Raises:
        Invalid: a name that is not a time zone.
    """
    text = (name or "").strip()
    if not text:
        return UTC, UTC_NAME, False
    if len(text) > 64 or not _TZ_NAME.match(text):
        raise Invalid("That time zone is not one we know; use a name like Europe/Paris.")
    try:
        return ZoneInfo(text), text, True
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid("That time zone is not one we know; use a name like Europe/Paris.") from None


def month_label(month: str) -> str:
    """``November 2026`` for ``2026-11``."""
    year, number = int(month[:4]), int(month[5:])
    return f"{date(year, number, 1):%B} {year}"


def parse_month(value: str) -> tuple[int, int]:
    """``(year, month)`` from ``YYYY-MM``.

    Raises:
        Invalid: anything else, or a month outside 2000-01 .. 9999-12.
    """
    match = _MONTH.match((value or "").strip())
    if not match or not 2000 <= int(match.group(1)) or not 1 <= int(match.group(2)) <= 12:
        raise Invalid("Pick a month as YYYY-MM, for example 2026-11.")
    return int(match.group(1)), int(match.group(2))


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _months_between(first: tuple[int, int], last: tuple[int, int]) -> list[str]:
    months, cursor = [], first
    while cursor <= last:
        months.append(f"{cursor[0]:04d}-{cursor[1]:02d}")
        cursor = _next_month(*cursor)
    return months


def plays_of(session: Session, *, owner: User, zone: tzinfo) -> list[Play]:
    """Every play by ``owner`` of a song published now, oldest first, in ``zone`` (callers decide who may see)."""
    columns: list[Any] = [PlayEvent.started_at, PlayEvent.ms_played, PlayEvent.counted, Track.id, Track.title,
                          Track.slug, ArtistProfile.id, ArtistProfile.stage_name, ArtistProfile.slug, Genre.id,
                          Genre.name, Genre.slug]
    rows = session.execute(
        sa_select(*columns)
        .join(Track, col(Track.id) == col(PlayEvent.track_id))
        .join(ArtistProfile, col(ArtistProfile.id) == col(Track.artist_id))
        .outerjoin(Genre, col(Genre.id) == col(Track.genre_id))
        .where(col(PlayEvent.user_id) == owner.id, col(Track.status) == TrackStatus.PUBLISHED)
        .order_by(col(PlayEvent.started_at), col(PlayEvent.id))
    ).all()
    plays = []
    for at, ms, counted, *rest in rows:
        moment = at if at.tzinfo else at.replace(tzinfo=UTC)
        plays.append(Play(moment.astimezone(zone), max(0, int(ms or 0)), bool(counted), *rest))
    return plays


def first_plays(plays: Iterable[Play]) -> dict[int, Play]:
    """Each artist's first counted play (``plays`` oldest first)."""
    firsts: dict[int, Play] = {}
    for play in plays:
        if play.counted and play.artist_id not in firsts:
            firsts[play.artist_id] = play
    return firsts


def _rank(plays: list[Play], key: Callable[[Play], int | None], item: Callable[[Play], RankedItem],
          limit: int) -> list[RankedItem]:
    counts: Counter[int] = Counter()
    heard: Counter[int] = Counter()
    sample: dict[int, Play] = {}
    for play in plays:
        ident = key(play)
        if ident is None or not play.counted:
            continue
        counts[ident] += 1
        heard[ident] += play.ms
        sample.setdefault(ident, play)
    order = sorted(counts, key=lambda i: (-counts[i], -heard[i], item(sample[i]).name.casefold(), i))
    return [item(sample[i]).model_copy(update={"plays": counts[i], "minutes": heard[i] // 60_000})
            for i in order[:limit]]


def _artist(play: Play) -> RankedItem:
    return RankedItem(id=play.artist_id, name=play.artist_name, url=routes.artist_url(play.artist_slug),
                      plays=0, minutes=0)


def _track(play: Play) -> RankedItem:
    return RankedItem(id=play.track_id, name=play.track_title, url=routes.track_url(play.track_id, play.track_slug),
                      detail=play.artist_name, plays=0, minutes=0)


def _genre(play: Play) -> RankedItem:
    return RankedItem(id=play.genre_id or 0, name=play.genre_name or "", url=routes.genre_url(play.genre_slug or ""),
                      plays=0, minutes=0)


def top_artists(plays: list[Play], limit: int = TOP_N) -> list[RankedItem]:
    """Artists by counted plays, then time heard, then name."""
    return _rank(plays, lambda p: p.artist_id, _artist, limit)


def top_tracks(plays: list[Play], limit: int = TOP_N) -> list[RankedItem]:
    """Songs by counted plays, then time heard, then title."""
    return _rank(plays, lambda p: p.track_id, _track, limit)


def top_genres(plays: list[Play], limit: int = TOP_N) -> list[RankedItem]:
    """Genres by counted plays (songs without a genre are left out)."""
    return _rank(plays, lambda p: p.genre_id, _genre, limit)


def _first_name(items: list[RankedItem]) -> str | None:
    return items[0].name if items else None


def _window(period: StatsPeriod, month: str | None, today: date,
            plays: list[Play]) -> tuple[tuple[int, int] | None, tuple[int, int], str]:
    """(first month or None for "no plays at all", last month, label)."""
    this_month = (today.year, today.month)
    if month is not None:
        picked = parse_month(month)
        return picked, picked, month_label(f"{picked[0]:04d}-{picked[1]:02d}")
    if period is StatsPeriod.MONTH:
        return this_month, this_month, month_label(f"{today.year:04d}-{today.month:02d}")
    if period is StatsPeriod.YEAR:
        first_year, first_month = today.year, today.month - 11
        if first_month < 1:
            first_year, first_month = first_year - 1, first_month + 12
        return (first_year, first_month), this_month, "The last 12 months"
    first = (plays[0].at.year, plays[0].at.month) if plays else None
    return (min(first, this_month) if first else None), this_month, "All time"


def parse_period(value: StatsPeriod | str) -> StatsPeriod:
    """The period named by ``value``; ``Invalid`` for any other word."""
    try:
        return StatsPeriod(value)
    except ValueError:
        raise Invalid("Pick this month (month), the last 12 months (12m) or all time (all).") from None


def own_stats(
    session: Session, *, actor: User | None, period: StatsPeriod | str = StatsPeriod.MONTH,
    month: str | None = None, tz: str | None = None, now: datetime | None = None,
) -> ListenerStats:
    """The actor's own listening over a window, in their time zone when the browser told us.

    Args:
        session: Database session.
        actor: The signed-in listener; only their own plays are read.
        period: ``month`` (this month so far), ``12m`` (this month and the 11 before) or ``all``.
        month: A month as ``YYYY-MM``; overrides ``period``.
        tz: An IANA time zone name (the browser's); UTC when missing.
        now: The current moment (tests); defaults to now.

    Returns:
        Minutes, plays, top artists, songs and genres, the clock, a zero-filled month series,
        discoveries by month, and the months and years that have plays (for pickers).

    Raises:
        PermissionDenied: anonymous.
        Invalid: an unknown period, a malformed month or an unknown time zone.
    """
    user = require_user(actor)
    chosen = parse_period(period)
    zone, zone_name, known = time_zone(tz)
    today = (now or datetime.now(UTC)).astimezone(zone).date()
    everything = plays_of(session, owner=user, zone=zone)
    first_month, last_month, label = _window(chosen, month, today, everything)
    months = _months_between(first_month, last_month) if first_month else []
    in_window = set(months)
    plays = [p for p in everything if p.month in in_window]
    firsts = {a: p for a, p in first_plays(everything).items() if p.month in in_window}

    by_month: dict[str, list[Play]] = defaultdict(list)
    for play in plays:
        by_month[play.month].append(play)
    new_by_month: dict[str, list[Play]] = defaultdict(list)
    for play in firsts.values():
        new_by_month[play.month].append(play)
    summaries = []
    for m in months:
        these = by_month.get(m, [])
        summaries.append(MonthSummary(
            month=m, label=month_label(m), minutes=sum(p.ms for p in these) // 60_000,
            plays=sum(p.counted for p in these), top_artist=_first_name(top_artists(these, 1)),
            top_track=_first_name(top_tracks(these, 1)), top_genre=_first_name(top_genres(these, 1)),
            new_artists=len(new_by_month.get(m, [])),
        ))
    discoveries = [
        DiscoveryMonth(month=m, label=month_label(m), artists=[
            Discovery(artist_id=p.artist_id, name=p.artist_name, url=routes.artist_url(p.artist_slug),
                      first_played=p.at.date(), track_title=p.track_title)
            for p in new_by_month[m]
        ])
        for m in sorted(new_by_month, reverse=True)
    ]
    clock = [0] * 24
    for play in plays:
        clock[play.at.hour] += play.counted
    ms = sum(p.ms for p in plays)
    all_months = sorted({p.month for p in everything}, reverse=True)
    return ListenerStats(
        period=chosen, month=months[0] if month is not None else None, label=label,
        first_day=date(first_month[0], first_month[1], 1) if first_month else None,
        last_day=min(today, _last_day(last_month)),
        time_zone=zone_name, time_zone_known=known, minutes=ms // 60_000, ms_played=ms,
        plays=sum(p.counted for p in plays), top_artists=top_artists(plays), top_tracks=top_tracks(plays),
        top_genres=top_genres(plays), clock=clock, months=summaries, discoveries=discoveries,
        new_artists=len(firsts), months_with_plays=all_months,
        years_with_plays=sorted({int(m[:4]) for m in all_months}, reverse=True),
        empty=not plays,
    )


def _last_day(month: tuple[int, int]) -> date:
    year, number = _next_month(*month)
    return date.fromordinal(date(year, number, 1).toordinal() - 1)
