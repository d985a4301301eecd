"""How a radio session's skips and likes push the engine's scores for a station's next batch.

``steer`` scores a shortlist of the trained engine's candidates for the station row (the seed
tracks plus the tracks liked during the session, at ``LIKED_WEIGHT``), then:

* a skipped track's neighbours weigh less: each generator's scores for a row of the skipped
  tracks are subtracted (scaled so their best track is pushed by ``SKIP_PUSH`` of the seed
  row's best score), and every track of a skipped artist is damped by ``SKIPPED_ARTIST`` per skip;
* a liked track's artist is lifted by ``LIKED_ARTIST`` per like, up to ``MAX_LIFT``.

The same ``Steering.artist_factor`` ranks the popularity fallback in ``radio``, so a station
leans the same way with or without a trained engine.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

from spoticlone.services.discovery.blend import POOL_FACTOR, blend_scores
from spoticlone.services.discovery.engine import Engine
from spoticlone.services.discovery.shortlist import Query, query_for

LIKED_WEIGHT = 3.0
SKIPPED_ARTIST = 0.25
LIKED_ARTIST = 0.5
MAX_LIFT = 2.5
#: How far the neighbours of skipped tracks are pushed down, relative to the seed row's best score.
SKIP_PUSH = 0.5


@dataclass(frozen=True)
class Steering:
    """What the session so far says: tracks to lean towards or away from, and per-artist counts."""

    liked: tuple[int, ...] = ()
    skipped: tuple[int, ...] = ()
    liked_artists: dict[int, int] | None = None
    skipped_artists: dict[int, int] | None = None

    def artist_factor(self, artist_id: int) -> float:
        """How much this artist's tracks are worth now: lifted by likes, damped by skips."""
        lift = 1.0 + LIKED_ARTIST * (self.liked_artists or {}).get(artist_id, 0)
        return min(lift, MAX_LIFT) * SKIPPED_ARTIST ** (self.skipped_artists or {}).get(artist_id, 0)


def steer(engine: Engine, seed: list[tuple[int, float]], steering: Steering, *, hidden_tracks: set[int],
          hidden_artists: set[int], n: int) -> list[int]:
    """The engine's best ``n`` track ids for a station row, pushed by the session's skips and likes.

    As in ``Engine.recommend``, only a shortlist is scored: each generator's best candidates
    for the row (``shortlist.py``), so a batch costs about the same on a 100k catalog as on a
    small one (the whole catalog scored twice after a skip was most of a batch at 100k).
    """
    row, _ = engine.row(seed + [(t, LIKED_WEIGHT) for t in steering.liked])
    if row.nnz == 0:
        return []
    data = engine.data
    hidden = np.zeros(data.n_items, dtype=bool)
    hidden[[i for t in hidden_tracks if (i := engine.index.get(t)) is not None]] = True
    if hidden_artists:
        banned = np.flatnonzero(np.isin(data.artist_ids, list(hidden_artists)))
        if len(banned):
            hidden |= np.isin(data.item_artist, banned)
    negative = engine.row([(t, 1.0) for t in steering.skipped])[0] if steering.skipped else None
    with _blas().limit(limits=1, user_api="blas"):
        queries = {name: query_for(generator, row) for name, generator in engine.generators.items()}
        proposed = [query.candidates(n * POOL_FACTOR, hidden) for query in queries.values()]
        items = np.unique(np.concatenate(proposed)) if proposed else np.zeros(0, dtype=np.int64)
        scores = _scores(engine, queries, items, negative)
    if steering.liked_artists or steering.skipped_artists:
        dense = data.item_artist[items]
        artist_ids = np.where(dense >= 0, data.artist_ids[np.maximum(dense, 0)], -1) if len(data.artist_ids) else dense
        factors = np.array([steering.artist_factor(int(a)) for a in artist_ids.tolist()], dtype=np.float32)
        scores = {name: raw * factors for name, raw in scores.items()}
    picks = blend_scores(scores, engine.weights, hidden=np.zeros(len(items), dtype=bool), n=n,
                         item_artist=data.item_artist[items])
    return [int(data.item_ids[items[p.item]]) for p in picks]


@functools.cache
def _blas() -> Any:
    """The process's BLAS libraries, found once (``threadpool_limits`` looks for them on every
    call: 1.4 ms, more than the scoring it limits).
    """
    from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

    return ThreadpoolController()


def _scores(engine: Engine, queries: dict[str, Query], items: np.ndarray,
            negative: sp.csr_matrix | None) -> dict[str, np.ndarray]:
    """Each generator's scores of the shortlisted ``items`` for the station row, minus its scores
    for a row of the skipped tracks (scaled so their best track is pushed by ``SKIP_PUSH`` of
    the station's best score).

    Runs on one BLAS thread: a request-sized product split over threads on a busy server
    waits for cores (measured 10 ms instead of 0.7 ms for the ALS scores of 20k tracks).
    """
    scores = {}
    anything = np.zeros(engine.data.n_items, dtype=bool)
    for name, query in queries.items():
        raw = np.asarray(query.scores(items), dtype=np.float32)
        if negative is not None and negative.nnz and name != "popularity":  # popularity ignores rows
            against = query_for(engine.generators[name], negative)
            push = np.asarray(against.scores(items), dtype=np.float32)
            best = np.asarray(against.scores(against.candidates(1, anything)), dtype=np.float32)
            top = float(best.max()) if len(best) else 0.0
            if top > 0:
                raw = raw - push * (SKIP_PUSH * max(float(raw.max(initial=0.0)), 0.0) / top)
        scores[name] = raw
    return scores
