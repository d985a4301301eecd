"""Popularity with recency: what many listeners played lately, plus a lift for new releases.

The cold-start answer (a listener with no history and no taste picks still gets sensible
picks) and the baseline every other generator must beat in the evaluation. Each positive
event counts ``0.5 ** (age / half_life)``, so last year's hit fades; a track added in the
last ``fresh_days`` gets a lift so new music is not invisible until it is played.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

from spoticlone.services.discovery.dataset import Dataset

DAY = 86_400.0


class Popularity:
    """The same ranking for everyone; a listener's row only removes what they know."""

    def __init__(self, *, half_life_days: float = 30.0, fresh_days: float = 28.0, fresh_lift: float = 0.25) -> None:
        self.half_life_days = half_life_days
        self.fresh_days = fresh_days
        self.fresh_lift = fresh_lift
        self.scores: np.ndarray | None = None
        self.ranking: np.ndarray | None = None

    def fit(self, data: Dataset, matrix: sp.csr_matrix) -> None:
        """Decayed positive-event counts per track, lifted for fresh tracks."""
        now = data.clock()
        positive = data.ev_weight > 0
        age_days = np.maximum(now - data.ev_time[positive], 0) / DAY
        decayed = np.bincount(data.ev_item[positive], weights=0.5 ** (age_days / self.half_life_days),
                              minlength=data.n_items)
        fresh = (now - data.item_added) < self.fresh_days * DAY
        self.scores = (np.log1p(decayed) * (1 + self.fresh_lift * fresh) + 1e-6 * fresh).astype(np.float32)
        self.ranking = np.argsort(-self.scores, kind="stable")

    def score(self, row: sp.csr_matrix) -> np.ndarray:
        """The same scores for every listener."""
        assert self.scores is not None, "fit() first"
        return self.scores

    def seed_for(self, row: sp.csr_matrix, item: int) -> int | None:
        """Popularity has no seed: its reason is "Popular right now"."""
        return None

    def query(self, row: sp.csr_matrix) -> PopularityQuery:
        """The most popular tracks the listener has not heard (``shortlist.Query``)."""
        assert self.scores is not None, "fit() first"
        ranking = getattr(self, "ranking", None)
        if ranking is None or len(ranking) != len(self.scores):
            # Worked out once, on first use (a subclass's ``fit`` or an older saved engine).
            ranking = self.ranking = np.argsort(-self.scores, kind="stable")
        return PopularityQuery(self.scores, ranking)


class PopularityQuery:
    """Popularity for one row: walks the precomputed ranking past what the row hides."""

    def __init__(self, scores: np.ndarray, ranking: np.ndarray) -> None:
        self.all = scores
        self.ranking = ranking

    def candidates(self, n: int, hidden: np.ndarray) -> np.ndarray:
        """The ``n`` most popular tracks not hidden, reading further down only if needed."""
        take = max(n, 1)
        while True:
            head = self.ranking[:take]
            keep = head[~hidden[head] & (self.all[head] > 0)]
            if len(keep) >= n or take >= len(self.ranking):
                return keep[:n]
            take *= 4

    def scores(self, items: np.ndarray) -> np.ndarray:
        """The same scores for every listener."""
        return self.all[items]

    def seeds(self, items: np.ndarray) -> list[int | None]:
        """Popularity has no seed: its reason is "Popular right now"."""
        return [None] * len(items)
