"""A checked rule set (``smart_rules.Criteria``) compiled into one parameterised query.

Every value reaches SQL as a bound parameter and every column comes from the fixed table
below, so nothing a listener types becomes SQL text. Only published tracks ever match
(drafts, scheduled and withdrawn tracks never appear). The personal fields (play count,
last played, liked, rating) read the *owner's* rows, whoever is looking at the playlist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, not_, or_, true
from sqlmodel import col, select

from spoticlone.models import (
    Album,
    ArtistProfile,
    Genre,
    PlayEvent,
    Rating,
    Track,
    TrackLike,
    TrackLoudness,
)
from spoticlone.services.catalog.views import published
from spoticlone.services.library.smart_rules import FIELDS, Criteria, Group, Rule

#: How close a loudness must be to count as "is" (values are measured to a tenth of a LU).
LOUDNESS_TOLERANCE = 0.05


@dataclass(frozen=True)
class _Columns:
    """The SQL expression behind each field, for one owner."""

    plays: Any
    last_played: Any
    loved: Any
    rating: Any
    year_date: Any

    def of(self, field: str) -> Any:
        return {
            "title": col(Track.title), "genre": col(Genre.name), "artist": col(ArtistProfile.stage_name),
            "album": col(Album.title), "dateAdded": col(Track.created_at), "playCount": self.plays,
            "lastPlayed": self.last_played, "rating": self.rating, "duration": col(Track.duration_ms),
            "loudness": col(TrackLoudness.integrated_lufs),
        }[field]


def _owner_columns(owner_id: int) -> _Columns:
    mine = and_(col(PlayEvent.track_id) == Track.id, col(PlayEvent.user_id) == owner_id, col(PlayEvent.counted))
    return _Columns(
        plays=select(func.count()).where(mine).correlate(Track).scalar_subquery(),
        last_played=select(func.max(PlayEvent.started_at)).where(mine).correlate(Track).scalar_subquery(),
        loved=exists().where(col(TrackLike.user_id) == owner_id, col(TrackLike.track_id) == Track.id),
        rating=func.coalesce(
            select(Rating.stars).where(col(Rating.user_id) == owner_id, col(Rating.track_id) == Track.id)
            .correlate(Track).scalar_subquery(), 0),
        year_date=func.coalesce(col(Track.release_date), col(Album.release_date)),
    )


def _like(text: str) -> str:
    """``text`` lower-cased with LIKE's wildcards escaped (the escape character is a backslash)."""
    return text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _text(column: Any, operator: str, value: str) -> ColumnElement[bool]:
    lowered = func.lower(column)
    needle = _like(value)
    positive = {
        "is": lowered == value.lower(), "isNot": lowered == value.lower(),
        "contains": lowered.like(f"%{needle}%", escape="\\"),
        "notContains": lowered.like(f"%{needle}%", escape="\\"),
        "startsWith": lowered.like(f"{needle}%", escape="\\"),
        "endsWith": lowered.like(f"%{needle}", escape="\\"),
    }[operator]
    if operator in ("isNot", "notContains"):
        return or_(column.is_(None), not_(positive))
    return positive


def _year(column: Any, operator: str, value: Any) -> ColumnElement[bool]:
    def first(year: int) -> date:
        return date(year, 1, 1)

    if operator == "inTheRange":
        return and_(column >= first(value[0]), column < first(value[1] + 1))
    if operator == "gt":
        return column >= first(value + 1)
    if operator == "lt":
        return column < first(value)
    inside = and_(column >= first(value), column < first(value + 1))
    return inside if operator == "is" else or_(column.is_(None), not_(inside))


def _number(field: str, column: Any, operator: str, value: Any) -> ColumnElement[bool]:
    scale = 1000 if field == "duration" else 1
    width = {"duration": 1000, "loudness": 2 * LOUDNESS_TOLERANCE}.get(field, 0)

    def low(v: float) -> float:
        return v * scale - (LOUDNESS_TOLERANCE if field == "loudness" else 0)

    def within(a: float, b: float) -> ColumnElement[bool]:
        if width == 0:
            return and_(column >= a * scale, column <= b * scale)
        return and_(column >= low(a), column < low(b) + width)

    if operator == "inTheRange":
        return within(value[0], value[1])
    if operator == "gt":
        return column > value * scale
    if operator == "lt":
        return column < value * scale
    inside = within(value, value)
    return inside if operator == "is" else or_(column.is_(None), not_(inside))


def _midnight(iso: str) -> datetime:
    return datetime.combine(date.fromisoformat(iso), datetime.min.time(), tzinfo=UTC)


def _date(column: Any, operator: str, value: Any, now: datetime) -> ColumnElement[bool]:
    day = timedelta(days=1)
    if operator in ("inTheLast", "notInTheLast"):
        since = now - timedelta(days=value)
        return column >= since if operator == "inTheLast" else or_(column.is_(None), column < since)
    if operator == "inTheRange":
        return and_(column >= _midnight(value[0]), column < _midnight(value[1]) + day)
    if operator == "before":
        return column < _midnight(value)
    if operator == "after":
        return column >= _midnight(value) + day
    return and_(column >= _midnight(value), column < _midnight(value) + day)


def _condition(rule: Rule, columns: _Columns, now: datetime) -> ColumnElement[bool]:
    kind = FIELDS[rule.field][0]
    if rule.field == "loved":
        wanted = rule.value if rule.operator == "is" else not rule.value
        return columns.loved if wanted else not_(columns.loved)
    if rule.field == "year":
        return _year(columns.year_date, rule.operator, rule.value)
    column = columns.of(rule.field)
    if kind == "text":
        return _text(column, rule.operator, rule.value)
    if kind == "number":
        return _number(rule.field, column, rule.operator, rule.value)
    return _date(column, rule.operator, rule.value, now)


def _where(group: Group, columns: _Columns, now: datetime) -> ColumnElement[bool]:
    parts = [_where(item, columns, now) if isinstance(item, Group) else _condition(item, columns, now)
             for item in group.rules]
    if not parts:
        return true() if group.match == "all" else false()
    return and_(*parts) if group.match == "all" else or_(*parts)


def _matching(criteria: Criteria, *, owner_id: int, now: datetime, columns: _Columns):
    return (
        select(Track.id)
        .join(ArtistProfile, col(ArtistProfile.id) == Track.artist_id)
        .outerjoin(Album, col(Album.id) == Track.album_id)
        .outerjoin(Genre, col(Genre.id) == Track.genre_id)
        .outerjoin(TrackLoudness, col(TrackLoudness.track_id) == Track.id)
        .where(published(), _where(criteria.root, columns, now))
    )


def _sort_key(sort: str, columns: _Columns) -> Any:
    if sort == "random":
        return func.random()
    if sort == "year":
        return columns.year_date
    if sort in ("title", "artist", "album"):
        return func.lower(columns.of(sort))
    return columns.of(sort)


def track_ids_query(criteria: Criteria, *, owner_id: int, now: datetime):
    """``SELECT track.id`` of the matching tracks, in the playlist's order, at most ``limit``."""
    columns = _owner_columns(owner_id)
    key = _sort_key(criteria.sort, columns)
    ordered = key.desc() if criteria.order == "desc" else key.asc()
    return (_matching(criteria, owner_id=owner_id, now=now, columns=columns)
            .order_by(ordered.nulls_last(), col(Track.id)).limit(criteria.limit))


def count_query(criteria: Criteria, *, owner_id: int, now: datetime):
    """How many tracks match, ignoring the limit (the builder shows both numbers)."""
    matching = _matching(criteria, owner_id=owner_id, now=now, columns=_owner_columns(owner_id)).subquery()
    return select(func.count()).select_from(matching)
