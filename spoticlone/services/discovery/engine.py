"""The recommendation engine: generators registered by name, trained together, blended.

``GENERATORS`` is the registry (``services/core/registry.py``) of candidate generators; the
core registers four below and a plugin may add its own. Each generator is a small class with
``fit(data, matrix)``, ``score(row) -> one score per item`` and ``seed_for(row, item)`` (the
listener's track that best explains a pick, for the "Because you played …" line), and may add
``query(row)`` (``shortlist.Query``) to be asked about candidates only, so each can be tested
and evaluated alone. ``train`` fits every registered generator on one
``Dataset``; the trained ``Engine`` scores any listener's *current* row, which is the fold-in:
history that arrived after training changes the picks without retraining.

A request never scores the whole catalog: each generator proposes its best candidates and
scores the others' (``shortlist.py``), and the blend ranks only that union, on one BLAS
thread. Evaluating one generator ``only`` still scores everything, so its figures are exact.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

from spoticlone.services.core.registry import Registry
from spoticlone.services.discovery.blend import POOL_FACTOR, Pick, blend_scores
from spoticlone.services.discovery.content import ContentSimilarity
from spoticlone.services.discovery.cooccurrence import CoOccurrence
from spoticlone.services.discovery.dataset import Dataset, single_row
from spoticlone.services.discovery.factorization import Factorization
from spoticlone.services.discovery.popularity import Popularity
from spoticlone.services.discovery.shortlist import Query, query_for
from spoticlone.services.discovery.threads import single_blas_thread


class Generator(Protocol):
    """A candidate generator: trained once, then asked about any listener's current row."""

    def fit(self, data: Dataset, matrix: sp.csr_matrix) -> None:
        """Learn from the training ``Dataset`` and its users x items ``matrix``."""

    def score(self, row: sp.csr_matrix) -> np.ndarray:
        """One score per item for a 1 x items row (higher is better; zero means no opinion)."""

    def seed_for(self, row: sp.csr_matrix, item: int) -> int | None:
        """The item of ``row`` that best explains recommending ``item``, if any."""


@dataclass(frozen=True)
class GeneratorSpec:
    """How to build a generator (``make(**options)``) and its weight in the blend."""

    make: Callable[..., Generator]
    weight: float
    reason: str = "because"


GENERATORS: Registry[GeneratorSpec] = Registry("recommendation generator")
GENERATORS.register("cooccurrence", GeneratorSpec(CoOccurrence, 0.25, reason="fans"))
GENERATORS.register("als", GeneratorSpec(Factorization, 1.0))
GENERATORS.register("content", GeneratorSpec(ContentSimilarity, 0.15))
GENERATORS.register("popularity", GeneratorSpec(Popularity, 0.05, reason="popular"))

BLEND = "blend"


@dataclass(frozen=True)
class Recommended:
    """One pick in database ids: the track, its score, who led to it and the seed behind it."""

    track_id: int
    score: float
    source: str
    seed_track_id: int | None


@dataclass
class Engine:
    """Trained generators over one catalog (the training events are dropped once fitted)."""

    data: Dataset
    generators: dict[str, Generator]
    weights: dict[str, float]
    reasons: dict[str, str] = field(default_factory=dict)
    #: Wall-clock seconds of the training run: stored picks older than this are rebuilt.
    trained_at: float = 0.0
    extra: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {int(track_id): i for i, track_id in enumerate(self.data.item_ids)}

    def row(self, signals: Iterable[tuple[int, float]]) -> tuple[sp.csr_matrix, np.ndarray]:
        """A listener's row from (track id, weight) pairs, and every item they touched at all."""
        items, weights = [], []
        for track_id, weight in signals:
            item = self.index.get(track_id)
            if item is not None:
                items.append(item)
                weights.append(weight)
        touched = np.zeros(self.data.n_items, dtype=bool)
        touched[items] = True
        return single_row(np.array(items, dtype=np.int64), np.array(weights, dtype=np.float32),
                          self.data.n_items), touched

    def rank(self, row: sp.csr_matrix, *, hidden: np.ndarray, n: int, only: str | None = None,
             spread: bool = True, pruned: bool = True) -> list[Pick]:
        """The best ``n`` items for this row (dense indices); ``only`` one generator, unweighted.

        ``pruned=False`` blends every generator's scores over the whole catalog: the reference
        the benchmark compares the candidate pruning against.
        """
        with single_blas_thread():
            if only is None and pruned:
                return self._shortlisted(row, hidden=hidden, n=n, spread=spread)[0]
            names = [only] if only else list(self.generators)
            scores = {name: self.generators[name].score(row) for name in names}
            weights = {name: 1.0 for name in names} if only else self.weights
            return blend_scores(scores, weights, hidden=hidden, n=n,
                                item_artist=self.data.item_artist if spread else None)

    def _shortlisted(self, row: sp.csr_matrix, *, hidden: np.ndarray, n: int,
                     spread: bool) -> tuple[list[Pick], dict[str, Query]]:
        """The blend over the union of every generator's candidates, and the queries behind it."""
        queries = {name: query_for(generator, row) for name, generator in self.generators.items()}
        wanted = n * POOL_FACTOR if spread else n
        proposed = [query.candidates(wanted, hidden) for query in queries.values()]
        items = np.unique(np.concatenate(proposed)) if proposed else np.zeros(0, dtype=np.int64)
        scores = {name: np.asarray(query.scores(items), dtype=np.float32) for name, query in queries.items()}
        picks = blend_scores(scores, self.weights, hidden=np.zeros(len(items), dtype=bool), n=n,
                             item_artist=self.data.item_artist[items] if spread else None)
        return [Pick(int(items[p.item]), p.score, p.source) for p in picks], queries

    def recommend(self, signals: Iterable[tuple[int, float]], *, n: int,
                  hide_tracks: Iterable[int] = (), hide_artists: Iterable[int] = ()) -> list[Recommended]:
        """Picks in database ids, hiding everything the listener touched or rejected."""
        row, hidden = self.row(signals)
        for track_id in hide_tracks:
            if (item := self.index.get(track_id)) is not None:
                hidden[item] = True
        banned = {int(a) for a in hide_artists}
        if banned:
            artist_banned = np.isin(self.data.artist_ids, list(banned))
            known = self.data.item_artist >= 0
            hidden[known] |= artist_banned[self.data.item_artist[known]]
        with single_blas_thread():
            picks, queries = self._shortlisted(row, hidden=hidden, n=n, spread=True)
            seeds: dict[int, int | None] = {}
            for source in {pick.source for pick in picks}:
                led = np.array([pick.item for pick in picks if pick.source == source], dtype=np.int64)
                seeds.update(zip(led.tolist(), queries[source].seeds(led), strict=True))
        result = []
        for pick in picks:
            seed = seeds[pick.item]
            result.append(Recommended(int(self.data.item_ids[pick.item]), pick.score, pick.source,
                                      None if seed is None else int(self.data.item_ids[seed])))
        return result


def train(data: Dataset, *, names: Iterable[str] | None = None,
          options: Mapping[str, Mapping[str, object]] | None = None,
          weights: Mapping[str, float] | None = None) -> Engine:
    """Fit the registered generators (or ``names``) on ``data``; ``options`` per generator."""
    matrix = data.matrix()
    chosen = list(names) if names is not None else GENERATORS.names()
    generators: dict[str, Generator] = {}
    for name in chosen:
        spec = GENERATORS.get(name)
        generator = spec.make(**dict((options or {}).get(name, {})))
        generator.fit(data, matrix)
        generators[name] = generator
    blend_weights = {name: GENERATORS.get(name).weight for name in chosen}
    blend_weights.update(weights or {})
    catalog_only = data.with_events(np.zeros(len(data.ev_user), dtype=bool))
    return Engine(data=replace(catalog_only, now=data.clock()), generators=generators, weights=blend_weights,
                  reasons={name: GENERATORS.get(name).reason for name in chosen}, trained_at=time.time())
