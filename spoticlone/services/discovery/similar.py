""""Similar tracks" on a track page and "Fans also like" on an artist page.

Both ask the trained engine about a listener row made of the seed alone (one track, or an
artist's most played tracks): the blend of co-occurrence, ALS and content similarity is
exactly "what goes with this". Before the first training run, or for a track the engine has
never seen, they fall back to the most played tracks of the same genre (tracks) or to the
most played artists sharing the artist's genres, then to the artists the same listeners play,
then to the most played artists.
Anyone may read them (public catalog); a signed-in listener's "not interested" choices are
hidden from what they see.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone.models import ArtistProfile, NotInterested, PlayEvent, Track, TrackStatus
from spoticlone.services.catalog.dto import ArtistOut, TrackOut
from spoticlone.services.catalog.views import artist_dtos, published_track_dtos
from spoticlone.services.core.actor import Actor
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.discovery import store

MAX_SHOWN = 20


def _check_limit(limit: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_SHOWN:
        raise Invalid(f"Ask for between 1 and {MAX_SHOWN}.")


def _hidden(session: Session, actor: Actor) -> tuple[set[int], set[int]]:
    if actor is None or actor.id is None:
        return set(), set()
    rows = session.exec(select(NotInterested).where(col(NotInterested.user_id) == actor.id)).all()
    return ({r.track_id for r in rows if r.track_id is not None},
            {r.artist_id for r in rows if r.artist_id is not None})


def _engine_picks(seeds: list[int], n: int, hide_tracks: set[int], hide_artists: set[int]) -> list[int]:
    engine = store.load_engine()
    if engine is None or not any(s in engine.index for s in seeds):
        return []
    picks = engine.recommend([(s, 1.0) for s in seeds], n=n, hide_tracks=hide_tracks, hide_artists=hide_artists)
    return [p.track_id for p in picks if p.source != "popularity"]


def similar_tracks(session: Session, *, actor: Actor, track_id: int, limit: int = 10) -> list[TrackOut]:
    """Published tracks that go with ``track_id``, best first (never the track itself)."""
    _check_limit(limit)
    track = session.get(Track, track_id)
    if track is None or track.status != TrackStatus.PUBLISHED:
        raise NotFound("That track does not exist.")
    hide_tracks, hide_artists = _hidden(session, actor)
    ids = _engine_picks([track_id], limit * 2, hide_tracks | {track_id}, hide_artists)
    if len(ids) < limit:
        query = select(Track.id).where(col(Track.status) == TrackStatus.PUBLISHED, col(Track.id) != track_id,
                                       col(Track.id).not_in(hide_tracks or {-1}),
                                       col(Track.artist_id).not_in(hide_artists or {-1}))
        if track.genre_id is not None:
            query = query.where(col(Track.genre_id) == track.genre_id)
        ids += [i for i in session.exec(query.order_by(col(Track.play_count).desc(), col(Track.id))
                                        .limit(limit * 2)).all() if i is not None and i not in ids]
    found = published_track_dtos(session, ids)
    return [found[i] for i in ids if i in found and found[i].artist.id not in hide_artists][:limit]


def _co_listened(session: Session, artist_id: int, limit: int) -> list[int]:
    """Other artists most played by the listeners of ``artist_id`` (the engine-free fallback)."""
    fans = (select(col(PlayEvent.user_id)).join(Track, col(Track.id) == col(PlayEvent.track_id))
            .where(col(Track.artist_id) == artist_id, col(PlayEvent.user_id).is_not(None)).distinct())
    rows = session.exec(
        select(Track.artist_id).join(PlayEvent, col(PlayEvent.track_id) == col(Track.id))
        .where(col(PlayEvent.user_id).in_(fans), col(Track.artist_id) != artist_id,
               col(Track.status) == TrackStatus.PUBLISHED)
        .group_by(col(Track.artist_id)).order_by(func.count().desc(), col(Track.artist_id)).limit(limit)).all()
    return [a for a in rows if a is not None]


def fans_also_like(session: Session, *, actor: Actor, artist_id: int, limit: int = 8) -> list[ArtistOut]:
    """Other artists whose tracks the fans of ``artist_id`` play, most related first."""
    _check_limit(limit)
    if session.get(ArtistProfile, artist_id) is None:
        raise NotFound("That artist does not exist.")
    _, hide_artists = _hidden(session, actor)
    own = session.exec(select(Track.id, Track.genre_id).where(
        col(Track.artist_id) == artist_id, col(Track.status) == TrackStatus.PUBLISHED)
        .order_by(col(Track.play_count).desc(), col(Track.id)).limit(10)).all()
    picks = _engine_picks([t for t, _ in own if t is not None], 100, set(), hide_artists | {artist_id})
    owners = dict(session.exec(select(Track.id, Track.artist_id).where(col(Track.id).in_(picks))).all())
    order = list(dict.fromkeys(owners[t] for t in picks if t in owners))
    genres = {g for _, g in own if g is not None}
    if len(order) < limit and genres:
        order += [a for a in session.exec(
            select(Track.artist_id).where(col(Track.status) == TrackStatus.PUBLISHED,
                                          col(Track.genre_id).in_(genres), col(Track.artist_id) != artist_id)
            .group_by(col(Track.artist_id)).order_by(func.sum(Track.play_count).desc(), col(Track.artist_id))
            .limit(limit * 2)).all() if a not in order]
    if len(order) < limit:
        order += [a for a in _co_listened(session, artist_id, limit * 2) if a not in order]
    if len(order) < limit:  # a young server: nothing to go on yet but what everyone plays
        order += [a for a in session.exec(
            select(Track.artist_id).where(col(Track.status) == TrackStatus.PUBLISHED, col(Track.artist_id) != artist_id)
            .group_by(col(Track.artist_id)).order_by(func.sum(Track.play_count).desc(), col(Track.artist_id))
            .limit(limit * 2)).all() if a not in order]
    chosen = [a for a in order if a not in hide_artists and a != artist_id][:limit]
    rows = {a.id: a for a in session.exec(select(ArtistProfile).where(col(ArtistProfile.id).in_(chosen))).all()}
    return artist_dtos(session, [rows[a] for a in chosen if a in rows])
