"""A listener's explicit signals: "not interested" in a track or artist, and onboarding taste picks.

"Not interested" hides a track, or every track of an artist, from all recommendations at once:
the listener's stored recommendations for it are deleted in the same transaction and the
engine never ranks it again. Taste picks (a few genres and artists after sign-up) give a new
listener's row something to start from (``signals.WEIGHTS``). Only the listener acts on their
own rows; ids that are not in the catalog are refused with the field that is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from spoticlone.models import (
    ArtistProfile,
    Genre,
    NotInterested,
    Recommendation,
    TastePick,
    Track,
    TrackStatus,
)
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import Actor, require_user
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.discovery.dto import Preferences, TasteChoices

#: The most genres, and separately artists, one listener may pick.
MAX_PICKS = 20


def _one_target(track_id: int | None, artist_id: int | None) -> None:
    if (track_id is None) == (artist_id is None):
        raise Invalid("Name exactly one track or one artist.")


def mark_not_interested(session: Session, *, actor: Actor, track_id: int | None = None,
                        artist_id: int | None = None) -> Preferences:
    """Hide a published track or an artist from this listener's recommendations (idempotent)."""
    user_id = saved_id(require_user(actor))
    _one_target(track_id, artist_id)
    if track_id is not None:
        track = session.get(Track, track_id)
        if track is None or track.status != TrackStatus.PUBLISHED:
            raise NotFound("That track does not exist.")
        taken = select(NotInterested).where(NotInterested.user_id == user_id, NotInterested.track_id == track_id)
        doomed = select(col(Recommendation.id)).where(col(Recommendation.track_id) == track_id)
    else:
        if session.get(ArtistProfile, artist_id) is None:
            raise NotFound("That artist does not exist.")
        taken = select(NotInterested).where(NotInterested.user_id == user_id, NotInterested.artist_id == artist_id)
        doomed = (select(col(Recommendation.id)).join(Track, col(Track.id) == col(Recommendation.track_id))
                  .where(col(Track.artist_id) == artist_id))
    if session.exec(taken).first() is None:
        session.add(NotInterested(user_id=user_id, track_id=track_id, artist_id=artist_id))
    session.execute(delete(Recommendation).where(col(Recommendation.user_id) == user_id,
                                                 col(Recommendation.id).in_(doomed)))
    session.commit()
    return my_preferences(session, actor=actor)


def undo_not_interested(session: Session, *, actor: Actor, track_id: int | None = None,
                        artist_id: int | None = None) -> Preferences:
    """Let a hidden track or artist be recommended again (nothing happens if it was not hidden)."""
    user_id = saved_id(require_user(actor))
    _one_target(track_id, artist_id)
    target = (col(NotInterested.track_id) == track_id) if track_id is not None else (
        col(NotInterested.artist_id) == artist_id)
    session.execute(delete(NotInterested).where(col(NotInterested.user_id) == user_id, target))
    session.commit()
    return my_preferences(session, actor=actor)


def set_taste_picks(session: Session, *, actor: Actor, genre_ids: Sequence[int] = (),
                    artist_ids: Sequence[int] = ()) -> Preferences:
    """Replace the listener's taste picks; unknown ids or too many picks change nothing."""
    user_id = saved_id(require_user(actor))
    genres, artists = sorted(set(genre_ids)), sorted(set(artist_ids))
    for field, ids in (("genre_ids", genres), ("artist_ids", artists)):
        if len(ids) > MAX_PICKS:
            raise Invalid(f"{field}: pick at most {MAX_PICKS}.")
        if any(isinstance(i, bool) or not isinstance(i, int) or not 0 < i < 2**63 for i in ids):
            raise Invalid(f"{field}: ids must be positive whole numbers.")
    known_genres = set(session.exec(select(col(Genre.id)).where(col(Genre.id).in_(genres))).all())
    known_artists = set(session.exec(select(col(ArtistProfile.id)).where(col(ArtistProfile.id).in_(artists))).all())
    if missing := [i for i in genres if i not in known_genres]:
        raise Invalid(f"genre_ids: no genre with id {missing[0]}.")
    if missing := [i for i in artists if i not in known_artists]:
        raise Invalid(f"artist_ids: no artist with id {missing[0]}.")
    session.execute(delete(TastePick).where(col(TastePick.user_id) == user_id))
    session.add_all([TastePick(user_id=user_id, genre_id=g) for g in genres])
    session.add_all([TastePick(user_id=user_id, artist_id=a) for a in artists])
    session.commit()
    return my_preferences(session, actor=actor)


def my_preferences(session: Session, *, actor: Actor) -> Preferences:
    """The listener's hidden tracks and artists and their taste picks."""
    user_id = saved_id(require_user(actor))
    hidden = session.exec(select(NotInterested).where(NotInterested.user_id == user_id)).all()
    picks = session.exec(select(TastePick).where(TastePick.user_id == user_id)).all()
    return Preferences(
        hidden_track_ids=sorted(h.track_id for h in hidden if h.track_id is not None),
        hidden_artist_ids=sorted(h.artist_id for h in hidden if h.artist_id is not None),
        genre_ids=sorted(p.genre_id for p in picks if p.genre_id is not None),
        artist_ids=sorted(p.artist_id for p in picks if p.artist_id is not None),
    )


def taste_choices(session: Session, *, actor: Actor, genres: int = 30, artists: int = 24) -> TasteChoices:
    """What the onboarding taste picker offers (popular genres and artists) and what is picked."""
    from spoticlone.services.catalog import browse

    picked = my_preferences(session, actor=actor)
    top_artists = session.exec(
        select(col(Track.artist_id)).where(col(Track.status) == TrackStatus.PUBLISHED)
        .group_by(col(Track.artist_id)).order_by(func.sum(Track.play_count).desc(), col(Track.artist_id))
        .limit(artists)).all()
    rows = {a.id: a for a in session.exec(select(ArtistProfile).where(col(ArtistProfile.id).in_(top_artists)))}
    return TasteChoices(
        genres=[g for g in browse.list_genres(session, page_size=genres).items if g.track_count > 0],
        artists=browse.artist_dtos(session, [rows[a] for a in top_artists if a in rows]),
        genre_ids=picked.genre_ids, artist_ids=picked.artist_ids,
    )
