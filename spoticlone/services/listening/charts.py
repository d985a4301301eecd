"""Charts: top tracks, albums and artists, overall or per genre, this week or all time.

The score of a track over a period is

    score = completed_plays + 3 × likes + 2 × Σ (stars − 3)

- ``completed_plays``: plays that counted (``services.listening.plays``: heard min(30 s, half)),
  by the UTC day the play started;
- ``likes``: likes given in the period;
- ratings: each rating given or changed in the period adds ``2 × (stars − 3)``:
  5★ +4, 4★ +2, 3★ 0, 2★ −2, 1★ −4, so a poorly rated song sinks.

An album scores the sum of its published tracks plus the rating points of the album
itself; an artist the sum of their published tracks plus the rating points of their
albums. Per genre: tracks of the genre; albums of the genre; for artists, only their
tracks (and albums) of the genre. "This week" is the last 7 UTC days, today included.
Only positive scores are ranked; ties go to more plays, then the lower id.

Plays are never counted from ``PlayEvent`` on a request: ``record_play`` adds one to
``ChartDaily(day, track)`` in the transaction that counts a play, and
``rebuild_daily`` recomputes that table (and playlist play counts) from the events for
a backfill. Likes and ratings are one row per listener per item, so they are
aggregated directly; their size grows with people, not with listening time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    cast,
    delete,
    func,
    label,
    literal,
    select as sa_select,
    union_all,
    update,
)
from sqlmodel import Session, col, select

from spoticlone.models import (
    Album,
    ArtistProfile,
    ChartDaily,
    Genre,
    PlayEvent,
    Playlist,
    PlaySource,
    Rating,
    Track,
    TrackLike,
)
from spoticlone.models.common import saved_id
from spoticlone.services.catalog.views import album_dtos, artist_dtos, published, track_dtos
from spoticlone.services.core import events
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.library.dto import ArtistRank, Chart, ChartEntry

log = logging.getLogger(__name__)

KINDS = ("tracks", "albums", "artists")
PERIODS = ("week", "all")
LIKE_WEIGHT = 3
RATING_WEIGHT = 2
RATING_MIDPOINT = 3
WEEK_DAYS = 7
MAX_LIMIT = 100

#: ``track_dtos``, ``album_dtos`` or ``artist_dtos``: rows of one table to their DTOs.
_DtoBuilder = Callable[[Session, Sequence[Any]], list[Any]]


def _utc_date(moment: datetime) -> date:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.date()


def _insert(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert
        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert
    return sqlite_insert


@events.subscriber(events.PLAY_RECORDED, "charts")
def record_play(session: Session, *, event: PlayEvent) -> None:
    """Count one play of ``event`` in the aggregates (once, when the play counts).

    Subscribed to ``play_recorded``. Does not commit: it belongs to the transaction that
    flips ``counted``.
    """
    insert = _insert(session)
    statement = insert(ChartDaily).values(day=_utc_date(event.started_at), track_id=event.track_id, plays=1)
    session.execute(statement.on_conflict_do_update(
        index_elements=["day", "track_id"], set_={"plays": ChartDaily.plays + 1}
    ))
    playlist_id = _playlist_id(event)
    if playlist_id is not None:
        session.execute(
            update(Playlist).where(col(Playlist.id) == playlist_id)
            .values(play_count=col(Playlist.play_count) + 1).execution_options(synchronize_session=False)
        )


def _playlist_id(event: PlayEvent) -> int | None:
    source = event.source.value if isinstance(event.source, PlaySource) else event.source
    source_id = event.source_id
    if source != PlaySource.PLAYLIST.value or source_id is None or not source_id.isdigit():
        return None
    return int(source_id)


def rebuild_daily(session: Session) -> int:
    """Recompute ``ChartDaily`` and ``Playlist.play_count`` from counted play events.

    For a backfill or a repair; one pass over the events. Returns the rows written. Commits.
    """
    day: ColumnElement[Any]
    if session.get_bind().dialect.name == "sqlite":
        day = func.date(PlayEvent.started_at)
    else:
        day = cast(PlayEvent.started_at, Date)
    rows = session.exec(
        select(day, col(PlayEvent.track_id), func.count()).where(col(PlayEvent.counted).is_(True))
        .group_by(day, col(PlayEvent.track_id))
    ).all()
    session.execute(delete(ChartDaily))
    if rows:
        # SQLModel sets ``__table__`` on every table class but does not declare it.
        session.execute(ChartDaily.__table__.insert(), [  # type: ignore[attr-defined]
            {"day": d if isinstance(d, date) else date.fromisoformat(d), "track_id": t, "plays": n}
            for d, t, n in rows
        ])
    session.execute(update(Playlist).values(play_count=0))
    per_playlist = session.exec(
        select(PlayEvent.source_id, func.count())
        .where(col(PlayEvent.counted).is_(True), PlayEvent.source == PlaySource.PLAYLIST)
        .group_by(PlayEvent.source_id)
    ).all()
    for source_id, n in per_playlist:
        if source_id is not None and source_id.isdigit():
            session.execute(update(Playlist).where(col(Playlist.id) == int(source_id)).values(play_count=n))
    session.commit()
    log.info("chart aggregate rebuilt: %d day rows", len(rows))
    return len(rows)


def _since(period: str, today: date | None) -> tuple[date | None, datetime | None]:
    if period not in PERIODS:
        raise Invalid(f"Unknown period {period!r}; use one of {', '.join(PERIODS)}.")
    if period == "all":
        return None, None
    first = (today or datetime.now(UTC).date()) - timedelta(days=WEEK_DAYS - 1)
    return first, datetime.combine(first, time(), UTC)


def track_scores(session: Session, period: str, today: date | None = None):
    """Subquery ``(track_id, plays, likes, points)`` over the period (see the module docstring)."""
    first_day, first_moment = _since(period, today)
    plays = select(label("track_id", col(ChartDaily.track_id)), func.sum(ChartDaily.plays).label("plays"),
                   literal(0).label("likes"), literal(0).label("points")).group_by(col(ChartDaily.track_id))
    likes = select(TrackLike.track_id, literal(0), func.count(), literal(0)).group_by(col(TrackLike.track_id))
    points = select(Rating.track_id, literal(0), literal(0),
                    func.sum(RATING_WEIGHT * (Rating.stars - RATING_MIDPOINT))
                    ).where(col(Rating.track_id).is_not(None)).group_by(col(Rating.track_id))
    if first_day is not None:
        plays = plays.where(col(ChartDaily.day) >= first_day)
        likes = likes.where(col(TrackLike.created_at) >= first_moment)
        points = points.where(col(Rating.updated_at) >= first_moment)
    parts = union_all(plays, likes, points).subquery()
    return (
        select(parts.c.track_id, func.sum(parts.c.plays).label("plays"), func.sum(parts.c.likes).label("likes"),
               func.sum(parts.c.points).label("points"))
        .group_by(parts.c.track_id).subquery()
    )


def _album_points(period: str, today: date | None):
    _, first_moment = _since(period, today)
    query = select(label("album_id", col(Rating.album_id)),
                   func.sum(RATING_WEIGHT * (Rating.stars - RATING_MIDPOINT)).label("points")
                   ).where(col(Rating.album_id).is_not(None)).group_by(col(Rating.album_id))
    if first_moment is not None:
        query = query.where(Rating.updated_at >= first_moment)
    return query.subquery()


def _genre_id(session: Session, genre: str | None) -> int | None:
    if genre is None:
        return None
    row = session.exec(select(Genre.id).where(Genre.slug == genre)).first()
    if row is None:
        raise NotFound("That genre does not exist.")
    return row


def _ranked(session: Session, kind: str, period: str, genre_id: int | None, today: date | None, limit: int | None):
    """``[(entity_id, plays, likes, points)]`` best first."""
    ts = track_scores(session, period, today)
    track_part = (
        # sqlalchemy's select: sqlmodel's is typed for at most four columns.
        sa_select(label("tid", col(Track.id)), col(Track.album_id), col(Track.artist_id),
                  ts.c.plays, ts.c.likes, ts.c.points)
        .join(ts, ts.c.track_id == Track.id).where(published())
    )
    if genre_id is not None:
        track_part = track_part.where(col(Track.genre_id) == genre_id)
    tp = track_part.subquery()
    if kind == "tracks":
        parts = select(tp.c.tid.label("k"), tp.c.plays, tp.c.likes, tp.c.points)
    else:
        ap = _album_points(period, today)
        album_part = select(Album.id, Album.artist_id, ap.c.points).join(ap, ap.c.album_id == Album.id)
        if genre_id is not None:
            album_part = album_part.where(Album.genre_id == genre_id)
        album_sub = album_part.subquery()
        if kind == "albums":
            from_tracks = select(tp.c.album_id.label("k"), tp.c.plays, tp.c.likes, tp.c.points).where(
                tp.c.album_id.is_not(None))
            from_albums = select(album_sub.c.id, literal(0), literal(0), album_sub.c.points)
        else:
            from_tracks = select(tp.c.artist_id.label("k"), tp.c.plays, tp.c.likes, tp.c.points)
            from_albums = select(album_sub.c.artist_id, literal(0), literal(0), album_sub.c.points)
        u = union_all(from_tracks, from_albums).subquery()
        parts = select(u.c.k, u.c.plays, u.c.likes, u.c.points)
    p = parts.subquery()
    plays, likes, points = func.sum(p.c.plays), func.sum(p.c.likes), func.sum(p.c.points)
    score = plays + LIKE_WEIGHT * likes + points
    query = (
        select(p.c.k, plays, likes, points).group_by(p.c.k).having(score > 0)
        .order_by(score.desc(), plays.desc(), p.c.k)
    )
    if limit is not None:
        query = query.limit(limit)
    return [(k, int(pl or 0), int(li or 0), float(po or 0)) for k, pl, li, po in session.exec(query).all()]


def chart(
    session: Session, *, kind: str = "tracks", period: str = "week", genre: str | None = None,
    limit: int = 50, today: date | None = None,
) -> Chart:
    """One chart (see the module docstring for the formula)."""
    if kind not in KINDS:
        raise Invalid(f"Unknown chart {kind!r}; use one of {', '.join(KINDS)}.")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise Invalid(f"A chart has 1 to {MAX_LIMIT} entries.")
    rows = _ranked(session, kind, period, _genre_id(session, genre), today, limit)
    ids = [r[0] for r in rows]
    kinds: dict[str, tuple[type[Track | Album | ArtistProfile], _DtoBuilder, str]] = {
        "tracks": (Track, track_dtos, "track"), "albums": (Album, album_dtos, "album"),
        "artists": (ArtistProfile, artist_dtos, "artist"),
    }
    model, builder, field = kinds[kind]
    by_id = {saved_id(row): row for row in session.exec(select(model).where(col(model.id).in_(ids)))}
    dtos = dict(zip(ids, builder(session, [by_id[i] for i in ids]), strict=True))
    entries = [
        ChartEntry(rank=n, score=plays + LIKE_WEIGHT * likes + points, plays=plays, likes=likes,
                   rating_points=points, **{field: dtos[k]})
        for n, (k, plays, likes, points) in enumerate(rows, start=1)
    ]
    return Chart(kind=kind, period=period, genre=genre, entries=entries)


def artist_rank(session: Session, *, artist_id: int, period: str = "week", today: date | None = None) -> ArtistRank:
    """The artist's current place in the overall artist chart (``rank`` None if unranked)."""
    if not isinstance(artist_id, int) or session.get(ArtistProfile, artist_id) is None:
        raise NotFound("That artist does not exist.")
    rows = _ranked(session, "artists", period, None, today, None)
    for n, (k, plays, likes, points) in enumerate(rows, start=1):
        if k == artist_id:
            return ArtistRank(rank=n, score=plays + LIKE_WEIGHT * likes + points, period=period, total_ranked=len(rows))
    return ArtistRank(rank=None, score=0, period=period, total_ranked=len(rows))
