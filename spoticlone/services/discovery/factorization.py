"""Matrix factorisation for implicit feedback: ALS (Hu, Koren and Volinsky 2008) via ``implicit``.

Each listener and track becomes a vector of ``factors`` numbers whose dot product predicts
whether the listener plays the track, with confidence ``1 + alpha * weight``. It finds
tastes that co-occurrence misses (two tracks nobody played together, liked by similar
people). Fold-in: a listener's vector is recomputed from their current row with the item
vectors fixed (one small least-squares solve, well under a millisecond), so a new listener's
first plays change their picks at once and a full retrain only refreshes the item vectors.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

from spoticlone.services.discovery.dataset import Dataset
from spoticlone.services.discovery.item_clusters import ItemClusters
from spoticlone.services.discovery.shortlist import best_items
from spoticlone.services.discovery.threads import single_blas_thread


class Factorization:
    """Implicit-feedback ALS with fold-in for any listener's current row."""

    def __init__(self, *, factors: int = 64, regularization: float = 20.0, alpha: float = 3.0,
                 iterations: int = 15, threads: int = 0, seed: int = 7) -> None:
        self.factors = factors
        self.regularization = regularization
        self.alpha = alpha
        self.iterations = iterations
        self.threads = threads
        self.seed = seed
        self.item_factors: np.ndarray | None = None
        self.item_unit: np.ndarray | None = None
        self.gram: np.ndarray | None = None
        self.clusters: ItemClusters | None = None

    def fit(self, data: Dataset, matrix: sp.csr_matrix) -> None:
        """Learn listener and track vectors from the confidence-weighted matrix."""
        from implicit.cpu.als import AlternatingLeastSquares  # type: ignore[import-untyped]

        with single_blas_thread():
            model = AlternatingLeastSquares(
                factors=self.factors, regularization=self.regularization, alpha=self.alpha,
                iterations=self.iterations, num_threads=self.threads, random_state=self.seed,
            )
            model.fit(matrix.astype(np.float32), show_progress=False)
        factors = np.ascontiguousarray(model.item_factors, dtype=np.float32)
        self.item_factors = factors
        # Cached once: implicit's own ``recalculate_user`` recomputes Y'Y on every call, which
        # is most of the cost of a fold-in on a large catalog.
        self.gram = (factors.T.astype(np.float64) @ factors) + self.regularization * np.eye(factors.shape[1])
        norms = np.linalg.norm(factors, axis=1, keepdims=True)
        self.item_unit = factors / np.maximum(norms, 1e-9)
        self.clusters = ItemClusters.build(factors, seed=self.seed)

    def user_vector(self, row: sp.csr_matrix) -> np.ndarray:
        """Fold-in: the vector that best explains this row, with track vectors fixed.

        The same normal equations as ``implicit`` (confidence ``alpha * weight``):
        ``(Y'Y + reg I + Y' (C - I) Y) x = Y' C p``, solved for this one listener.
        """
        assert self.item_factors is not None and self.gram is not None, "fit() first"
        if row.nnz == 0:
            return np.zeros(self.item_factors.shape[1], dtype=np.float32)
        mine = self.item_factors[row.indices].astype(np.float64)
        confidence = self.alpha * row.data.astype(np.float64)
        system = self.gram + (mine.T * (confidence - 1)) @ mine
        return np.linalg.solve(system, mine.T @ confidence).astype(np.float32)

    def score(self, row: sp.csr_matrix) -> np.ndarray:
        """Predicted preference for every track."""
        assert self.item_factors is not None, "fit() first"
        return np.dot(self.item_factors, self.user_vector(row))  # np.dot: BLAS gemv, several times faster than @ here

    def seed_for(self, row: sp.csr_matrix, item: int) -> int | None:
        """The listener's track closest to ``item`` in the learnt space."""
        assert self.item_unit is not None, "fit() first"
        if row.nnz == 0:
            return None
        similarity = self.item_unit[row.indices] @ self.item_unit[item]
        return int(row.indices[int(similarity.argmax())])

    def query(self, row: sp.csr_matrix) -> AlsQuery:
        """This listener's folded-in vector, ready to score candidates (``shortlist.Query``)."""
        return AlsQuery(self, row)


class AlsQuery:
    """ALS for one row: candidates from the cluster index (or a full scan of a small catalog)."""

    def __init__(self, model: Factorization, row: sp.csr_matrix) -> None:
        assert model.item_factors is not None and model.item_unit is not None, "fit() first"
        self.factors = model.item_factors
        self.unit = model.item_unit
        # Engines saved before the index existed have no ``clusters`` attribute: full scan.
        self.clusters: ItemClusters | None = getattr(model, "clusters", None)
        self.row = row
        self.vector = model.user_vector(row)

    def candidates(self, n: int, hidden: np.ndarray) -> np.ndarray:
        """The best tracks among the likely clusters' (every track on a small catalog)."""
        if self.row.nnz == 0:
            return np.zeros(0, dtype=np.int64)
        if self.clusters is None:
            return best_items(np.dot(self.factors, self.vector), n, hidden)
        items = self.clusters.likely(self.vector)
        return best_items(self.scores(items), n, hidden, items)

    def scores(self, items: np.ndarray) -> np.ndarray:
        """Dot products with the folded-in vector, for these tracks only."""
        return np.dot(self.factors[items], self.vector)

    def seeds(self, items: np.ndarray) -> list[int | None]:
        """Per item, the listener's closest track in the learnt space (``seed_for``, batched)."""
        if self.row.nnz == 0 or not len(items):
            return [None] * len(items)
        closest = (self.unit[self.row.indices] @ self.unit[items].T).argmax(axis=0)
        return [int(self.row.indices[i]) for i in closest]
