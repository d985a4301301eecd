"""Radio: an endless station grown from a seed, refilled in batches, steered by skips and likes.

``start_station`` asks the seed kind's strategy (``radio_strategies.RADIO_STRATEGIES``) for a
``Seed``, stores a ``RadioStation`` and hands back the first batch at once. ``next_batch``
asks the trained engine (``engine.GENERATORS``: co-occurrence, ALS, content, popularity)
about the station's row: the seed tracks, plus the tracks liked during the session. Then
the session steers it (``radio_steering.steer``): a skipped track's neighbours and artist
weigh less, a liked track joins the row and its artist is lifted.

The blend keeps ≤ 2 tracks per artist in any 10 (``blend.blend_scores``). Before the first
training run, or past what the engine knows, the most played tracks of the seed's genres,
then of its artists, then of everything fill the batch, ranked with the same artist damping.

Rules: a station is its listener's own (another id is ``NotFound``, and signing in is
required, as for every discovery feature); a track is never handed out twice by one station
(``MAX_SERVED`` bounds a station's life); drafts, withdrawn tracks and "not interested"
tracks and artists never appear; batch sizes are bounded (``MAX_BATCH``). Skips and likes
arrive through ``station_feedback`` and also from the player itself: plays of this station
that ended in a skip (``PlayEvent`` with source "radio" and the station's id) and likes given
since the station started count the same way.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import delete
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import (
    NotInterested,
    PlayEvent,
    PlaySource,
    RadioStation,
    Track,
    TrackLike,
    TrackStatus,
)
from spoticlone.models.common import saved_id
from spoticlone.services.catalog.dto import TrackOut
from spoticlone.services.catalog.views import published_track_dtos
from spoticlone.services.core.actor import Actor, require_user
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.discovery import store
from spoticlone.services.discovery.blend import spread_artists
from spoticlone.services.discovery.radio_steering import Steering, steer
from spoticlone.services.discovery.radio_strategies import RADIO_STRATEGIES, Seed
from spoticlone.services.listening.queue import PlayQueue

log = logging.getLogger(__name__)

BATCH = 10
#: The player asks for the next batch when fewer tracks than this are left in its queue.
REFILL_AT = 3
MAX_BATCH = 25
#: A station stops after this many tracks (and a queue holds at most 1000).
MAX_SERVED = 500
#: Each listener keeps their newest stations; older ones are deleted when a new one starts.
KEEP_STATIONS = 20
STATION_NOT_FOUND = "That radio station does not exist."
FEEDBACK = ("skip", "like")
#: The blend's variety window: ≤ 2 tracks of one artist in any ``WINDOW`` in a row.
WINDOW = 10


class StationOut(DTO):
    """A station as the queue and the API show it."""

    id: int
    kind: str
    ref: str
    title: str
    label: str
    url: str
    served: int
    liked: int
    skipped: int
    ended: bool


class RadioBatch(DTO):
    """The next tracks of a station, in play order (empty when the station has run out)."""

    station: StationOut
    tracks: list[TrackOut]


@dataclass(frozen=True)
class RadioQueue:
    """A player queue after ``keep_playing``: refilled if it was running low, and its label."""

    queue: PlayQueue
    label: str


def _ids(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.isdigit()]


def _join(ids: list[int]) -> str:
    return ",".join(str(i) for i in ids)


def _seed_tracks(text: str) -> list[tuple[int, float]]:
    pairs = []
    for part in text.split(","):
        track, _, weight = part.partition(":")
        if track.isdigit():
            try:
                pairs.append((int(track), float(weight or 1.0)))
            except ValueError:
                continue
    return pairs


def _out(station: RadioStation) -> StationOut:
    served = _ids(station.served)
    return StationOut(id=saved_id(station), kind=station.seed_kind, ref=station.seed_ref, title=station.title,
                      label=f"Radio: {station.title}", url=routes.radio_url(station.seed_kind, station.seed_ref),
                      served=len(served), liked=len(_ids(station.liked)), skipped=len(_ids(station.skipped)),
                      ended=len(served) >= MAX_SERVED)


def _check_size(size: int) -> None:
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_BATCH:
        raise Invalid(f"Ask for between 1 and {MAX_BATCH} tracks.")


def _owned(session: Session, actor: Actor, station_id: int) -> RadioStation:
    user_id = saved_id(require_user(actor))
    valid = isinstance(station_id, int) and not isinstance(station_id, bool) and 0 < station_id < 2**63
    station = session.get(RadioStation, station_id) if valid else None
    if station is None or station.user_id != user_id:
        raise NotFound(STATION_NOT_FOUND)
    return station


def start_station(session: Session, *, actor: Actor, kind: str, ref: str, size: int = BATCH) -> RadioBatch:
    """A new station from the seed ``kind``/``ref`` and its first batch (the seed's own track first)."""
    user = require_user(actor)
    _check_size(size)
    if not isinstance(kind, str) or kind not in RADIO_STRATEGIES:
        raise NotFound(f"There is no {str(kind)[:20]!r} radio. Start one from a track, album, artist, "
                       "genre, playlist or your own taste.")
    seed: Seed = RADIO_STRATEGIES.get(kind)(session, user, str(ref)[:120])
    station = RadioStation(user_id=saved_id(user), seed_kind=seed.kind, seed_ref=seed.ref[:120], title=seed.title,
                           seed_tracks=",".join(f"{t}:{w:g}" for t, w in seed.tracks),
                           served="", liked="", skipped="")
    session.add(station)
    session.flush()
    old = session.exec(select(RadioStation.id).where(col(RadioStation.user_id) == user.id)
                       .order_by(col(RadioStation.id).desc()).offset(KEEP_STATIONS)).all()
    if old:
        session.execute(delete(RadioStation).where(col(RadioStation.id).in_(old)))
    first: tuple[int, ...] = ()
    if seed.first_track_id is not None and not _hidden_track(session, saved_id(user), seed.first_track_id):
        first = (seed.first_track_id,)
    return _batch(session, station, size, first=first, seed=seed)


def next_batch(session: Session, *, actor: Actor, station_id: int, size: int = BATCH) -> RadioBatch:
    """The station's next ``size`` tracks, never one it has handed out before."""
    _check_size(size)
    return _batch(session, _owned(session, actor, station_id), size)


def get_station(session: Session, *, actor: Actor, station_id: int) -> StationOut:
    """One of the listener's stations (another listener's is ``NotFound``)."""
    return _out(_owned(session, actor, station_id))


def station_feedback(session: Session, *, actor: Actor, station_id: int, track_id: int, action: str) -> StationOut:
    """Record a skip or a like of a track this station played; the next batch leans accordingly."""
    station = _owned(session, actor, station_id)
    if action not in FEEDBACK:
        raise Invalid("action: use \u201cskip\u201d or \u201clike\u201d.")
    if track_id not in _ids(station.served):
        raise NotFound("That track is not on this station.")
    column = "skipped" if action == "skip" else "liked"
    listed = _ids(getattr(station, column))
    if listed.count(track_id) < 3:  # a few repeats count; a flood of the same report does not
        setattr(station, column, _join([*listed, track_id][-MAX_SERVED:]))
        station.updated_at = datetime.now(UTC)
    session.commit()
    return _out(station)


def keep_playing(session: Session, *, actor: Actor, queue: PlayQueue) -> RadioQueue:
    """The player's queue with the next batch appended when fewer than ``REFILL_AT`` tracks are
    left, and its "Radio: <seed>" label. A queue that is not one of the listener's stations
    (another source, a station since deleted, someone else's id) comes back unchanged and unlabelled.
    """
    station_id = queue.source_id or ""
    if actor is None or queue.source != PlaySource.RADIO.value or not (station_id.isdigit() and len(station_id) < 19):
        return RadioQueue(queue, "")
    station = session.get(RadioStation, int(station_id))
    if station is None or station.user_id != actor.id:
        return RadioQueue(queue, "")
    if queue.current_id is not None and len(queue.upcoming(REFILL_AT)) < REFILL_AT:
        queue = queue.add([t.id for t in _batch(session, station, BATCH).tracks])
    return RadioQueue(queue, _out(station).label)


def _hidden_track(session: Session, user_id: int, track_id: int) -> bool:
    track = session.get(Track, track_id)
    if track is None or track.status != TrackStatus.PUBLISHED:
        return True
    rejected = session.exec(select(NotInterested.id).where(
        col(NotInterested.user_id) == user_id,
        (col(NotInterested.track_id) == track_id) | (col(NotInterested.artist_id) == track.artist_id))).first()
    return rejected is not None


def _steering(session: Session, station: RadioStation, served: list[int]) -> Steering:
    """Explicit feedback plus what the player saw: skipped plays of this station, likes since it began."""
    liked, skipped = _ids(station.liked), _ids(station.skipped)
    if served:
        skipped += session.exec(select(PlayEvent.track_id).where(
            col(PlayEvent.user_id) == station.user_id, col(PlayEvent.started_at) >= station.created_at,
            col(PlayEvent.source) == PlaySource.RADIO,
            col(PlayEvent.source_id) == str(station.id), col(PlayEvent.skipped).is_(True))).all()
        liked += session.exec(select(TrackLike.track_id).where(
            col(TrackLike.user_id) == station.user_id, col(TrackLike.track_id).in_(served),
            col(TrackLike.created_at) >= station.created_at)).all()
    if not (liked or skipped):
        return Steering()
    artists = dict(session.exec(select(Track.id, Track.artist_id).where(col(Track.id).in_(set(liked + skipped)))).all())
    return Steering(liked=tuple(liked), skipped=tuple(skipped),
                    liked_artists=Counter(artists[t] for t in liked if t in artists),
                    skipped_artists=Counter(artists[t] for t in skipped if t in artists))


def _popular(session: Session, seed: Seed | None, station: RadioStation, steering: Steering, *,
             exclude: set[int], hidden_artists: set[int], n: int) -> list[int]:
    """The fallback: most played tracks of the seed's genres, then its artists, then of everything."""
    published = col(Track.status) == TrackStatus.PUBLISHED
    genre_ids = seed.genre_ids if seed else ()
    artist_ids = seed.artist_ids if seed else ()
    if seed is None:
        seed_ids = [t for t, _ in _seed_tracks(station.seed_tracks)][:50]
        rows = session.exec(select(Track.genre_id, Track.artist_id).where(col(Track.id).in_(seed_ids))).all()
        genre_ids = tuple(dict.fromkeys(g for g, _ in rows if g is not None))
        artist_ids = tuple(dict.fromkeys(a for _, a in rows))
    found: dict[int, tuple[int, int]] = {}
    skip = list(exclude) or [-1]
    narrowing = [col(Track.genre_id).in_(genre_ids)] if genre_ids else []
    narrowing += [col(Track.artist_id).in_(artist_ids)] if artist_ids else []
    for where in [*narrowing, None]:
        if where is None and narrowing and len(found) >= n * 3:
            break  # the seed's own corner of the catalog is deep enough
        ranked_rows = session.exec(select(Track.id, Track.artist_id, Track.play_count).where(
            published, col(Track.id).not_in(skip), col(Track.artist_id).not_in(hidden_artists or {-1}),
            *([] if where is None else [where]))
            .order_by(col(Track.play_count).desc(), col(Track.id)).limit(n * 5)).all()
        for track_id, artist_id, plays in ranked_rows:
            found.setdefault(int(track_id or 0), (artist_id, plays))
    ranked = sorted(found, key=lambda t: (-(found[t][1] + 1) * steering.artist_factor(found[t][0]), t))
    order = spread_artists(np.arange(len(ranked)), np.array([found[t][0] for t in ranked], dtype=np.int64), limit=n)
    return [ranked[i] for i in order]


def _spaced(session: Session, served: list[int], tracks: list[TrackOut], limit: int) -> list[TrackOut]:
    """``tracks`` reordered so that, following what the station just played, no artist plays more
    than twice in any ten (the blend only sees one batch; a station is one long list).
    """
    tail = served[-(WINDOW - 1):]
    artists = dict(session.exec(select(Track.id, Track.artist_id).where(col(Track.id).in_(tail))).all()) if tail else {}
    before = [artists.get(t, -1) for t in tail]
    order = spread_artists(np.arange(len(before) + len(tracks)),
                           np.array(before + [t.artist.id for t in tracks], dtype=np.int64),
                           limit=len(before) + limit)
    return [tracks[i - len(before)] for i in order if i >= len(before)][:limit]


def _batch(session: Session, station: RadioStation, size: int, *, first: tuple[int, ...] = (),
           seed: Seed | None = None) -> RadioBatch:
    served = _ids(station.served)
    room = min(size, MAX_SERVED - len(served))
    if room <= 0:
        session.commit()
        return RadioBatch(station=_out(station), tracks=[])
    hidden = session.exec(select(NotInterested).where(col(NotInterested.user_id) == station.user_id)).all()
    hidden_tracks = {h.track_id for h in hidden if h.track_id is not None}
    hidden_artists = {h.artist_id for h in hidden if h.artist_id is not None}
    steering = _steering(session, station, served)
    exclude = set(served) | hidden_tracks | set(first)
    wanted = room * 2  # room for tracks withdrawn since training
    ids = list(first)
    engine = store.load_engine()
    if engine is not None:
        ids += steer(engine, _seed_tracks(station.seed_tracks), steering, hidden_tracks=exclude,
                     hidden_artists=hidden_artists, n=wanted)
    if len(ids) < wanted:
        ids += [t for t in _popular(session, seed, station, steering, exclude=exclude | set(ids),
                                    hidden_artists=hidden_artists, n=wanted) if t not in ids]
    found = published_track_dtos(session, ids)
    tracks = _spaced(session, served, [found[t] for t in dict.fromkeys(ids)
                                       if t in found and found[t].artist.id not in hidden_artists], room)
    station.served = _join(served + [t.id for t in tracks])
    station.updated_at = datetime.now(UTC)
    session.commit()
    if not tracks:
        log.info("radio station %s has run out of tracks", station.id)
    return RadioBatch(station=_out(station), tracks=tracks)
