"""Candidate pruning: a request scores a few thousand likely tracks, not the whole catalog.

Why: scoring every track for every listener (a 100k x 64 product for ALS, passes over 100k
scores for content and the blend, an ``argpartition`` over 100k) was most of a recommendation's
cost. Instead each generator answers a ``Query`` for one listener's row: its own best
candidates (``candidates``), its scores for any items another generator proposed (``scores``),
and the seed behind each pick (``seeds``, in one batch). The blend ranks only the union.

A generator that knows nothing of this (a plugin with just ``score`` and ``seed_for``) still
works: ``FullScan`` scores the whole catalog once and answers all three from that.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]


class Query(Protocol):
    """One generator's view of one listener's row, for the length of one request."""

    def candidates(self, n: int, hidden: np.ndarray) -> np.ndarray:
        """About ``n`` of its best items (dense indices) that are not ``hidden``."""

    def scores(self, items: np.ndarray) -> np.ndarray:
        """Its score for each of ``items`` (the same numbers ``score(row)[items]`` would give)."""

    def seeds(self, items: np.ndarray) -> list[int | None]:
        """For each item, the listener's item that best explains it (``seed_for``), if any."""


class FullScan:
    """The fallback ``Query``: the generator's full ``score(row)``, computed once."""

    def __init__(self, generator: Any, row: sp.csr_matrix) -> None:
        self.generator = generator
        self.row = row
        self.all = np.asarray(generator.score(row), dtype=np.float32)

    def candidates(self, n: int, hidden: np.ndarray) -> np.ndarray:
        """The generator's best unhidden items, from its full scores."""
        return best_items(self.all, n, hidden)

    def scores(self, items: np.ndarray) -> np.ndarray:
        """Looked up in the full scores."""
        return self.all[items]

    def seeds(self, items: np.ndarray) -> list[int | None]:
        """``seed_for`` item by item: a plugin has no batched form."""
        return [self.generator.seed_for(self.row, int(item)) for item in items]


def query_for(generator: Any, row: sp.csr_matrix) -> Query:
    """The generator's own ``query(row)`` if it has one, else a full scan of its scores."""
    make = getattr(generator, "query", None)
    return make(row) if make is not None else FullScan(generator, row)


def best_items(scores: np.ndarray, n: int, hidden: np.ndarray, items: np.ndarray | None = None) -> np.ndarray:
    """The (at most) ``n`` items with the highest positive ``scores`` that are not ``hidden``.

    ``items`` given: ``scores`` are those items' scores and ``hidden`` is the whole catalog's
    mask; otherwise both are over the whole catalog. The result is unordered.
    """
    if items is None:
        items = np.flatnonzero((scores > 0) & ~hidden)
        values = scores[items]
    else:
        keep = (scores > 0) & ~hidden[items]
        items, values = items[keep], scores[keep]
    if len(items) > n > 0:
        items = items[np.argpartition(-values, n - 1)[:n]]
    return items if n > 0 else items[:0]
