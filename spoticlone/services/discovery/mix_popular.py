"""The public tracks every listener's mixes are filled with: most played and newest.

A mix rebuild reads the most played tracks of each of its genres and artists and the newest
releases overall; those hold nothing about the listener, so one read serves every listener's
rebuild for a few seconds (``catalog.read_cache``: any catalog write misses at once, a play
count may be up to its ``TTL`` old, as on Home's shelves). A read that leaves out the
listener's own tracks (``exclude``) is theirs alone and never shared.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone.models import Track, TrackStatus
from spoticlone.services.catalog.dto import TrackOut
from spoticlone.services.catalog.read_cache import SharedReads
from spoticlone.services.catalog.views import track_dtos

_POPULAR: SharedReads[list[TrackOut]] = SharedReads(max_entries=1024)
_GENRES: SharedReads[list[int]] = SharedReads(max_entries=64)


def _published():
    return select(Track).where(col(Track.status) == TrackStatus.PUBLISHED)


def _newest():
    return col(Track.release_date).desc().nulls_last(), col(Track.created_at).desc(), col(Track.id)


def popular_fill(session: Session, *, genre_id: int | None = None, artist_id: int | None = None,
                 exclude: Iterable[int] = (), limit: int) -> list[TrackOut]:
    """The most played published tracks, of a genre or an artist if given, without ``exclude``."""
    skip = list(exclude)
    if skip:
        return _popular_rows(session, genre_id, artist_id, skip, limit)
    return list(_POPULAR.get(session, ("popular", genre_id, artist_id, limit),
                             lambda: _popular_rows(session, genre_id, artist_id, [], limit)))


def _popular_rows(session: Session, genre_id: int | None, artist_id: int | None, skip: list[int],
                  limit: int) -> list[TrackOut]:
    query = _published()
    if genre_id is not None:
        query = query.where(col(Track.genre_id) == genre_id)
    if artist_id is not None:
        query = query.where(col(Track.artist_id) == artist_id)
    if skip:
        query = query.where(col(Track.id).not_in(skip))
    rows = session.exec(query.order_by(col(Track.play_count).desc(), col(Track.id)).limit(limit)).all()
    return track_dtos(session, rows)


def most_played_genres(session: Session, *, limit: int) -> list[int]:
    """Ids of the genres with the most plays of published tracks, most played first."""
    def load() -> list[int]:
        rows = session.exec(
            select(Track.genre_id).where(col(Track.status) == TrackStatus.PUBLISHED, col(Track.genre_id).is_not(None))
            .group_by(col(Track.genre_id)).order_by(func.sum(Track.play_count).desc(), col(Track.genre_id))
            .limit(limit)).all()
        return [g for g in rows if g is not None]

    return list(_GENRES.get(session, ("genres", limit), load))


def newest_releases(session: Session, *, artist_ids: list[int] | None = None, limit: int) -> list[TrackOut]:
    """The newest published tracks, of ``artist_ids`` if given (that read is not shared)."""
    if artist_ids is not None:
        rows = session.exec(_published().where(col(Track.artist_id).in_(artist_ids)).order_by(*_newest())
                            .limit(limit)).all()
        return track_dtos(session, rows)
    return list(_POPULAR.get(session, ("newest", limit), lambda: track_dtos(
        session, session.exec(_published().order_by(*_newest()).limit(limit)).all())))
