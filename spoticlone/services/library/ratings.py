"""Star ratings (1-5) on tracks and albums, their averages, and an artist's aggregate.

One rating per listener per track or album: rating again replaces it (upsert).
An artist's rating is the mean of every rating on their work: all ratings of their
published tracks and of their albums together, each rating counting once, so an
artist with one much-rated album is not dragged down by an unrated single.
"""

from __future__ import annotations

from sqlalchemy import Select, bindparam, case, delete as sa_delete, func, or_, select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from spoticlone.models import Album, ArtistProfile, Rating, Track, TrackStatus, User, utcnow
from spoticlone.models.common import saved_id
from spoticlone.services.catalog import browse
from spoticlone.services.catalog.views import published
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.core.quick_reads import quick_read
from spoticlone.services.library.dto import RatingSummary

TARGETS = ("track", "album")


def _target(session: Session, target: str, target_id: int):
    """``(column, id)`` for a visible track or album; ``NotFound`` otherwise."""
    if target not in TARGETS:
        raise Invalid("You can rate songs and albums.")
    valid_id = isinstance(target_id, int) and not isinstance(target_id, bool)
    if target == "track":
        row = session.get(Track, target_id) if valid_id else None
        if row is None or row.status != TrackStatus.PUBLISHED:
            raise NotFound("That song does not exist.")
        return col(Rating.track_id), row.id
    if not valid_id:
        raise NotFound("That album does not exist.")
    # The album page's own read, shared between listeners (``read_cache``): an album is
    # visible while it has a published track, which is the rule for rating it too.
    return col(Rating.album_id), browse.get_album(session, album_id=target_id).album.id


def _summary_read(column) -> Select:
    """Average, count and the asker's own stars of one track's or album's ratings, in one read:
    the asker's stars are the one row of theirs (unique); a visitor's ``:user_id`` is NULL,
    which matches no row.
    """
    own = func.max(case((col(Rating.user_id) == bindparam("user_id"), Rating.stars)))
    return sa_select(func.avg(Rating.stars), func.count(), own).where(column == bindparam("target_id"))


#: Every album page open asks for one (a hot read, docs/architecture.md).
_SUMMARY_READS = {"track": _summary_read(col(Rating.track_id)), "album": _summary_read(col(Rating.album_id))}


@quick_read
def rating_summary(session: Session, *, actor: User | None, target: str, target_id: int) -> RatingSummary:
    """Average, count and (for a signed-in actor) their own stars."""
    _column, rid = _target(session, target, target_id)
    avg, count, mine = session.connection().execute(
        _SUMMARY_READS[target], {"target_id": rid, "user_id": actor.id if actor is not None else None}).one()
    return RatingSummary(average=round(float(avg), 2) if count else None, count=count, mine=mine)


def rate(session: Session, *, actor: User | None, target: str, target_id: int, stars: int) -> RatingSummary:
    """Give 1-5 stars (replacing the actor's earlier rating of the same thing)."""
    user = require_user(actor)
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise Invalid("A rating is 1 to 5 stars.")
    column, rid = _target(session, target, target_id)
    for _ in range(2):  # a concurrent first rating may win the insert; then update it
        row = session.exec(select(Rating).where(column == rid, Rating.user_id == user.id)).first()
        if row is None:
            row = Rating(user_id=saved_id(user), stars=stars, **{f"{target}_id": rid})
        row.stars, row.updated_at = stars, utcnow()
        session.add(row)
        try:
            session.commit()
            break
        except IntegrityError:
            session.rollback()
    return rating_summary(session, actor=user, target=target, target_id=rid)


def remove_rating(session: Session, *, actor: User | None, target: str, target_id: int) -> RatingSummary:
    """Withdraw the actor's rating (idempotent)."""
    user = require_user(actor)
    column, rid = _target(session, target, target_id)
    session.exec(sa_delete(Rating).where(column == rid, col(Rating.user_id) == user.id))
    session.commit()
    return rating_summary(session, actor=user, target=target, target_id=rid)


def artist_rating(session: Session, *, artist_id: int) -> RatingSummary:
    """Mean of all ratings on the artist's published tracks and their albums."""
    artist = session.get(ArtistProfile, artist_id) if isinstance(artist_id, int) else None
    if artist is None:
        raise NotFound("That artist does not exist.")
    tracks = select(Track.id).where(Track.artist_id == artist.id, published())
    albums = select(Album.id).where(Album.artist_id == artist.id)
    avg, count = session.exec(
        select(func.avg(Rating.stars), func.count())
        .where(or_(col(Rating.track_id).in_(tracks), col(Rating.album_id).in_(albums)))
    ).one()
    return RatingSummary(average=round(float(avg), 2) if count else None, count=count)
