"""Item-item co-occurrence with BM25 weighting: "listeners of this also play that".

Why BM25 rather than raw counts or cosine: raw co-occurrence recommends whatever everybody
plays; BM25 (Robertson's term weighting, here with listeners as the "terms" of each track's
"document") discounts heavy listeners whose libraries touch everything (the IDF part) and
saturates repeated plays (``K1``), which is what made it the strongest neighbourhood method
in the ``implicit`` benchmarks. ``implicit.BM25Recommender`` computes the weighted matrix and
keeps the ``k`` nearest neighbours of each track; scoring a listener is one sparse product, so
a listener who was not in the training data (or whose history changed since) is scored
without retraining.
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

from spoticlone.services.discovery.dataset import Dataset
from spoticlone.services.discovery.shortlist import best_items
from spoticlone.services.discovery.threads import single_blas_thread

#: A request keeps at most this many times the wanted number of its neighbours as candidates.
CANDIDATE_FACTOR = 4


class CoOccurrence:
    """BM25-weighted item-item neighbours (``k`` per track)."""

    def __init__(self, *, neighbours: int = 100, k1: float = 1.2, b: float = 0.75, threads: int = 0) -> None:
        self.neighbours = neighbours
        self.k1 = k1
        self.b = b
        self.threads = threads
        self.similarity: sp.csr_matrix | None = None
        self.similarity_t: sp.csr_matrix | None = None

    def fit(self, data: Dataset, matrix: sp.csr_matrix) -> None:
        """Weight the matrix with BM25 and keep each track's nearest neighbours (no self-similarity)."""
        from implicit.nearest_neighbours import BM25Recommender  # type: ignore[import-untyped]

        with single_blas_thread(), warnings.catch_warnings():
            # implicit hands its own BM25-weighted COO matrix to its neighbour search and warns.
            warnings.filterwarnings("ignore", module="implicit")
            model = BM25Recommender(K=self.neighbours, K1=self.k1, B=self.b, num_threads=self.threads)
            model.fit(matrix.astype(np.float32), show_progress=False)
        similarity = model.similarity.tocsr().astype(np.float32)
        similarity.setdiag(0)
        similarity.eliminate_zeros()
        self.similarity = similarity
        #: Row ``i`` holds who points at track ``i``: a fast row slice instead of a column one.
        self.similarity_t = similarity.T.tocsr()

    def score(self, row: sp.csr_matrix) -> np.ndarray:
        """Sum of neighbour similarities over the listener's tracks, weighted by their row."""
        assert self.similarity is not None, "fit() first"
        return np.asarray((row @ self.similarity).todense()).ravel()

    def seed_for(self, row: sp.csr_matrix, item: int) -> int | None:
        """The listener's track that contributes most to ``item``'s score."""
        assert self.similarity_t is not None, "fit() first"
        pointing = self.similarity_t[item]
        weights = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))
        contributions = np.array([weights.get(j, 0.0) * s for j, s in
                                  zip(pointing.indices.tolist(), pointing.data.tolist(), strict=True)])
        if not len(contributions) or contributions.max() <= 0:
            return None
        return int(pointing.indices[int(contributions.argmax())])


    def query(self, row: sp.csr_matrix) -> CoOccurrenceQuery:
        """The listener's neighbour sums, kept sparse (``shortlist.Query``)."""
        return CoOccurrenceQuery(self, row)


class CoOccurrenceQuery:
    """Co-occurrence for one row: only tracks that neighbour the listener's score above zero."""

    def __init__(self, model: CoOccurrence, row: sp.csr_matrix) -> None:
        assert model.similarity is not None and model.similarity_t is not None, "fit() first"
        self.model = model
        self.row = row
        summed = (row @ model.similarity).tocsr()
        summed.sum_duplicates()  # also sorts the indices, which ``scores`` searches
        self.items = summed.indices.astype(np.int64)
        self.values = summed.data.astype(np.float32)

    def candidates(self, n: int, hidden: np.ndarray) -> np.ndarray:
        """Its best neighbours of the listener's tracks (all of them when few)."""
        return best_items(self.values, max(n, 1) * CANDIDATE_FACTOR, hidden, self.items)

    def scores(self, items: np.ndarray) -> np.ndarray:
        """The neighbour sums, zero for tracks no listened track points at."""
        out = np.zeros(len(items), dtype=np.float32)
        if len(self.items):
            at = np.minimum(np.searchsorted(self.items, items), len(self.items) - 1)
            found = self.items[at] == items
            out[found] = self.values[at[found]]
        return out

    def seeds(self, items: np.ndarray) -> list[int | None]:
        """Per item, the listener's track contributing most to its score (``seed_for``, batched)."""
        pointing = self.model.similarity_t[items]  # type: ignore[index]
        order = np.argsort(self.row.indices)
        mine, weights = self.row.indices[order], self.row.data[order]
        contributions = np.zeros(len(pointing.indices), dtype=np.float32)
        if len(mine):
            at = np.minimum(np.searchsorted(mine, pointing.indices), len(mine) - 1)
            found = mine[at] == pointing.indices
            contributions[found] = pointing.data[found] * weights[at[found]]
        seeds: list[int | None] = []
        for start, end in zip(pointing.indptr[:-1].tolist(), pointing.indptr[1:].tolist(), strict=True):
            best = start + int(contributions[start:end].argmax()) if end > start else -1
            seeds.append(int(pointing.indices[best]) if best >= 0 and contributions[best] > 0 else None)
        return seeds
