"""Rollup figures over any period, from whole months and a few days: per track and per playlist.

Summing a daily rollup (``InsightTrackDay``, ``InsightPlaylistDay``) over a period reads days ×
keys rows: about a million for a year at ten million plays, most of a 365-day dashboard's time.
Each has a monthly twin (``InsightTrackMonth``, ``InsightPlaylistMonth``) holding the same
figures per month, so a period is cut into calendar months (``spans``): a month the period
covers is read from the monthly table; a month it only partly covers is read either as its days
inside the period, or as the whole month minus its days outside the period, whichever reads
fewer daily rows. A year then costs about a dozen monthly rows per key and at most half a
month of daily rows at each end, whatever the history's length.

A month row and its days are written by the same statements (``services.insight.rollups``),
so a month always equals the sum of its days and the subtraction is exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, literal, or_, select as sa_select, union_all
from sqlmodel import Session, col

from spoticlone.models import InsightPlaylistDay, InsightPlaylistMonth, InsightTrackDay, InsightTrackMonth
from spoticlone.models.common import utcnow
from spoticlone.services.insight.rollups import month_of

DayRange = tuple[date, date]


@dataclass(slots=True)
class Spans:
    """What to add and subtract: whole months, day ranges to add, day ranges to take away."""

    months: list[date] = field(default_factory=list)
    add: list[DayRange] = field(default_factory=list)
    subtract: list[DayRange] = field(default_factory=list)


def _month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _cost(ranges: list[DayRange], today: date) -> int:
    """Days in ``ranges`` that can hold rows: a day after ``today`` has had no plays yet."""
    return sum(max(0, (min(last, today) - first).days + 1) for first, last in ranges)


def spans(first: date, last: date, *, today: date | None = None) -> Spans:
    """The days ``first``..``last`` as whole months plus or minus day ranges (``today`` only weighs the choice)."""
    today = today or utcnow().date()
    out = Spans()
    month = month_of(first)
    while month <= last:
        end = _month_end(month)
        inside = (max(first, month), min(last, end))
        outside = [r for r in ((month, first - timedelta(days=1)), (last + timedelta(days=1), end)) if r[0] <= r[1]]
        if not outside:
            out.months.append(month)
        elif _cost(outside, today) < _cost([inside], today):
            out.months.append(month)
            out.subtract += outside
        else:
            out.add.append(inside)
        month = end + timedelta(days=1)
    return out


@dataclass(frozen=True, slots=True)
class Rollup:
    """A daily rollup and its monthly twin: the key column and the figures summed."""

    daily: Any
    monthly: Any
    key: str
    figures: tuple[str, ...]


TRACKS = Rollup(InsightTrackDay, InsightTrackMonth, "track_id", ("starts", "plays", "ms_played"))
PLAYLISTS = Rollup(InsightPlaylistDay, InsightPlaylistMonth, "playlist_id", ("plays",))


def _rows(rollup: Rollup, model: Any, sign: int) -> Any:
    """The key and the figures of ``model``'s rows, negated when ``sign`` is -1."""
    def signed(name: str) -> Any:
        column = getattr(model, name)
        return (column if sign == 1 else literal(sign) * column).label(name)

    return sa_select(getattr(model, rollup.key).label(rollup.key), *(signed(name) for name in rollup.figures))


def totals(session: Session, rollup: Rollup, first: date, last: date, *, today: date | None = None) -> Any:
    """A query of ``(key, *figures)`` summed over ``first``..``last``, one row per key with any figure.

    A query, not rows: the caller may order and limit it (``.order_by``, ``.limit``); the sums
    are its columns after the key, in ``rollup.figures`` order.
    """
    cut = spans(first, last, today=today)
    daily, monthly = rollup.daily, rollup.monthly
    parts: list[Any] = [_rows(rollup, monthly, 1).where(col(monthly.month).in_(cut.months))]
    for ranges, sign in ((cut.add, 1), (cut.subtract, -1)):
        if ranges:
            parts.append(_rows(rollup, daily, sign).where(
                or_(*(col(daily.day).between(a, b) for a, b in ranges))))
    rows = union_all(*parts).subquery()
    sums = [func.sum(rows.c[name]) for name in rollup.figures]
    return (sa_select(rows.c[rollup.key], *sums).group_by(rows.c[rollup.key])
            .having(or_(*(total != 0 for total in sums))))
