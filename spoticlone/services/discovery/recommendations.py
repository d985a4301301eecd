"""Training the engine, and each listener's stored recommendations with their reasons.

Training reads every signal (``signals.load_dataset``), fits the registered generators and
saves the engine (``store``): slow work for the job queue or the CLI, never a request.
A listener's ``Recommendation`` rows are rebuilt on read when they are missing or older than
the engine or than the listener's newest signal (for Home, plays past a listener's first few
count once the rows are a couple of minutes old: ``refresh_if_stale``): their current history
is folded into the trained engine (milliseconds), so a new listener's first plays count at once. Before the
first training run, picks fall back to popularity. Rows are re-checked on every read: a track
taken down or hidden since is never shown.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Integer, bindparam, delete, func, literal_column, select as sa_select
from sqlmodel import Session, col, select

from spoticlone.models import (
    ArtistFollow,
    ArtistProfile,
    NotInterested,
    PlayEvent,
    Rating,
    Recommendation,
    TastePick,
    Track,
    TrackLike,
    TrackStatus,
)
from spoticlone.models.common import saved_id
from spoticlone.services.catalog.views import track_dtos
from spoticlone.services.core.actor import Actor, require_user
from spoticlone.services.core.errors import Invalid
from spoticlone.services.discovery import mix_cache, signals, store
from spoticlone.services.discovery.dto import RecommendedTrack, TrainingReport
from spoticlone.services.discovery.engine import BLEND, Engine, Recommended, train

log = logging.getLogger(__name__)

#: How many rows one refresh stores; the most a listener may ask for at once.
STORED = 50


def train_engine(session: Session, *, now: datetime | None = None) -> TrainingReport:
    """Fit every generator on all signals and save the engine (a job or the CLI calls this)."""
    started = time.perf_counter()
    data, lookups = signals.load_dataset(session, now=now)
    if data.n_items == 0:
        log.info("recommendation engine not trained: no published tracks yet")
        return TrainingReport(users=0, tracks=0, events=0, seconds=0.0, generators=[])
    engine = train(data)
    engine.extra["lookups"] = lookups
    store.save_engine(engine)
    report = TrainingReport(users=data.n_users, tracks=data.n_items, events=len(data.ev_user),
                            seconds=round(time.perf_counter() - started, 3), generators=list(engine.generators))
    log.info("recommendation engine trained: %s", report)
    return report


def recommendations_for(session: Session, *, actor: Actor, limit: int = 30) -> list[RecommendedTrack]:
    """The listener's recommendations, best first, rebuilt first if anything changed."""
    _check_limit(limit)
    refresh_if_stale(session, actor=actor)
    return stored_recommendations(session, actor=actor, limit=limit)


def _check_limit(limit: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= STORED:
        raise Invalid(f"Ask for between 1 and {STORED} recommendations.")


def stored_recommendations(session: Session, *, actor: Actor, limit: int = 30) -> list[RecommendedTrack]:
    """The listener's stored recommendations as they are (``refresh_if_stale`` brings them up to date)."""
    _check_limit(limit)
    user_id = saved_id(require_user(actor))
    hidden_artists = select(col(NotInterested.artist_id)).where(
        col(NotInterested.user_id) == user_id, col(NotInterested.artist_id).is_not(None))
    hidden_tracks = select(col(NotInterested.track_id)).where(
        col(NotInterested.user_id) == user_id, col(NotInterested.track_id).is_not(None))
    rows = session.exec(
        select(Recommendation, Track).join(Track, col(Track.id) == col(Recommendation.track_id))
        .where(col(Recommendation.user_id) == user_id, col(Recommendation.algorithm) == BLEND,
               col(Track.status) == TrackStatus.PUBLISHED,
               col(Track.id).not_in(hidden_tracks), col(Track.artist_id).not_in(hidden_artists))
        .order_by(col(Recommendation.score).desc(), col(Recommendation.track_id)).limit(limit)
    ).all()
    tracks = track_dtos(session, [track for _, track in rows])
    return [RecommendedTrack(track=out, score=rec.score, reason=rec.reason, seed_track_id=rec.seed_track_id)
            for (rec, _), out in zip(rows, tracks, strict=True)]


def refresh_if_stale(session: Session, *, actor: Actor, settle_plays: bool = False) -> bool:
    """Rebuild the listener's stored recommendations if anything they are made from changed.

    True when it rewrote them (a cache keyed on those rows reads its version again).
    ``settle_plays`` is for Home's cache (``mix_cache``), which sees a listener's plays past
    their first ``mix_cache.EXACT_PLAYS`` only when its entry expires: such plays then make the
    rows stale only once the rows are ``mix_cache.TTL`` old. Without it, with several worker
    processes, a refresh in one changed the listener's version, the next Home visit in another
    missed, found the rows older than the plays since (the listener kept playing) and refreshed
    them in turn, and so on: a refresh per visit instead of one per expiry.
    """
    if not _stale(session, saved_id(require_user(actor)), settle_plays):
        return False
    refresh_for_user(session, actor=actor)
    return True


def refresh_for_user(session: Session, *, actor: Actor) -> int:
    """Recompute and store the listener's recommendations from their current history."""
    user_id = saved_id(require_user(actor))
    engine = store.load_engine()
    hidden = session.exec(select(NotInterested).where(NotInterested.user_id == user_id)).all()
    hide_tracks = {h.track_id for h in hidden if h.track_id is not None}
    hide_artists = {h.artist_id for h in hidden if h.artist_id is not None}
    if engine is None:
        picks = _popular(session, user_id, hide_tracks, hide_artists)
    else:
        lookups = engine.extra.get("lookups") or signals.Lookups()
        history = signals.user_history(session, lookups, listener=user_id)  # type: ignore[arg-type]
        picks = engine.recommend([(track, weight) for _, track, weight, _ in history], n=STORED,
                                 hide_tracks=hide_tracks, hide_artists=hide_artists)
        if not picks:  # nothing played since training, or a catalog that is all new
            picks = _popular(session, user_id, hide_tracks, hide_artists)
    session.execute(delete(Recommendation).where(col(Recommendation.user_id) == user_id,
                                                 col(Recommendation.algorithm) == BLEND))
    reasons = _reasons(session, picks, engine)
    now = datetime.now(UTC)
    session.add_all([
        Recommendation(user_id=user_id, track_id=pick.track_id, algorithm=BLEND, score=score,
                       generated_at=now, reason=reason, seed_track_id=pick.seed_track_id)
        for pick, reason, score in zip(picks, reasons, _in_order(picks), strict=True)
    ])
    session.commit()
    return len(picks)


def _in_order(picks: list[Recommended]) -> list[float]:
    """Blended scores nudged down where needed so that ordering by score keeps the varied order."""
    scores: list[float] = []
    for pick in picks:
        scores.append(min(pick.score, scores[-1] - 1e-6) if scores else pick.score)
    return scores


def _popular(session: Session, user_id: int, hide_tracks: set[int], hide_artists: set[int]) -> list[Recommended]:
    """Before the first training run: the most played published tracks the listener has not played."""
    played = select(col(PlayEvent.track_id)).where(col(PlayEvent.user_id) == user_id)
    rows = session.exec(
        select(Track).where(col(Track.status) == TrackStatus.PUBLISHED, col(Track.id).not_in(played),
                            col(Track.id).not_in(hide_tracks or {-1}),
                            col(Track.artist_id).not_in(hide_artists or {-1}))
        .order_by(col(Track.play_count).desc(), col(Track.id)).limit(STORED)
    ).all()
    return [Recommended(saved_id(t), float(STORED - i), "popularity", None) for i, t in enumerate(rows)]


def _reasons(session: Session, picks: list[Recommended], engine: Engine | None) -> list[str]:
    """The words beside each pick: "Because you played …", "Fans of … also like", "Popular right now"."""
    wanted = {p.seed_track_id for p in picks if p.seed_track_id} | {p.track_id for p in picks}
    facts = {tid: (title, artist_id, name) for tid, title, artist_id, name in session.connection().execute(
        sa_select(col(Track.id), col(Track.title), col(Track.artist_id), col(ArtistProfile.stage_name))
        .join(ArtistProfile, col(ArtistProfile.id) == col(Track.artist_id))
        .where(col(Track.id).in_(wanted)))}
    kinds = engine.reasons if engine else {}
    out = []
    for pick in picks:
        kind = kinds.get(pick.source, "popular")
        seed = facts.get(pick.seed_track_id) if pick.seed_track_id else None
        own = facts.get(pick.track_id)
        if seed is None:
            out.append("Popular right now" if kind == "popular" else "Picked for your taste")
        elif kind == "fans" and own is not None and own[1] != seed[1]:
            out.append(f"Fans of {seed[2]} also like"[:300])
        else:
            out.append(f"Because you played {seed[0]}"[:300])
    return out


def _freshness_query() -> Any:
    """One statement for ``_stale``, built once: the rows' age, the newest of each signal, a few plays counted."""
    listener = bindparam("listener", type_=Integer)

    def newest(stamp: Any, model: Any) -> Any:
        return sa_select(func.max(stamp)).where(col(model.user_id) == listener).scalar_subquery()

    first_plays = sa_select(literal_column("1")).where(col(PlayEvent.user_id) == listener).limit(
        mix_cache.EXACT_PLAYS + 1).subquery()
    return sa_select(
        sa_select(func.max(Recommendation.generated_at)).where(
            col(Recommendation.user_id) == listener, col(Recommendation.algorithm) == BLEND).scalar_subquery(),
        newest(TrackLike.created_at, TrackLike),
        newest(TastePick.created_at, TastePick),
        newest(ArtistFollow.created_at, ArtistFollow),
        newest(Rating.updated_at, Rating),
        newest(PlayEvent.started_at, PlayEvent),
        sa_select(func.count()).select_from(first_plays).scalar_subquery(),
    )


_FRESHNESS = _freshness_query()


def _stale(session: Session, user_id: int, settle_plays: bool = False) -> bool:
    """Whether the stored rows predate the engine or the listener's newest signal (see ``refresh_if_stale``)."""
    generated, *newest_signals, newest_play, first_plays = session.connection().execute(
        _FRESHNESS, {"listener": user_id}).one()
    if generated is None:
        return True
    generated_s = signals.seconds(generated)
    engine = store.load_engine()
    if engine is not None and engine.trained_at > generated_s:
        return True
    if any(signals.seconds(when) > generated_s for when in newest_signals if when is not None):
        return True
    if newest_play is None or signals.seconds(newest_play) <= generated_s:
        return False
    return (not settle_plays or first_plays <= mix_cache.EXACT_PLAYS
            or time.time() - generated_s >= mix_cache.TTL)
