"""The engine's input as plain arrays: who did what to which track, and what each track is.

Generators, the blender and the offline evaluation all work on a ``Dataset``, never on the
database: ``signals.load_dataset`` builds one from the tables, ``synthetic`` builds one with
planted tastes, and the evaluation hides the last plays of each listener from one. So the
strategies the product runs are exactly the ones that are measured.

Items and users are dense indices (``0..n-1``); ``item_ids`` and ``user_ids`` map them back
to database ids. Events keep their time so popularity can decay and the evaluation can hold
out each listener's most recent plays.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

#: An item with no known artist, genre or era.
UNKNOWN = -1


@dataclass
class Dataset:
    """Events (user, item, weight, time in seconds) and per-item facts, by dense index."""

    user_ids: np.ndarray
    item_ids: np.ndarray
    ev_user: np.ndarray
    ev_item: np.ndarray
    ev_weight: np.ndarray
    ev_time: np.ndarray
    #: Artist index of each item (``UNKNOWN`` if none); ``artist_ids`` maps it to profile ids.
    item_artist: np.ndarray
    artist_ids: np.ndarray
    item_genre: np.ndarray
    #: Release year (``nan`` when unknown) and integrated loudness in LUFS (``nan`` if unmeasured).
    item_year: np.ndarray
    item_loudness: np.ndarray
    #: When each item entered the catalog, in seconds (recency boost for cold start).
    item_added: np.ndarray
    #: Featured artists: an items x artists 0/1 matrix (``None`` when nobody is featured).
    item_featured: sp.csr_matrix | None = None
    #: "Now" for decay, in seconds; defaults to the newest event.
    now: float = field(default=0.0)

    @property
    def n_users(self) -> int:
        """How many listeners have events."""
        return len(self.user_ids)

    @property
    def n_items(self) -> int:
        """How many tracks are items."""
        return len(self.item_ids)

    def clock(self) -> float:
        """"Now" in seconds: ``now`` if set, else the newest event."""
        if self.now:
            return self.now
        return float(self.ev_time.max()) if len(self.ev_time) else 0.0

    def matrix(self) -> sp.csr_matrix:
        """The users x items training matrix (see ``interaction_matrix``)."""
        return interaction_matrix(self.ev_user, self.ev_item, self.ev_weight, (self.n_users, self.n_items))

    def with_events(self, keep: np.ndarray) -> Dataset:
        """The same catalog with only the events where ``keep`` is true (the evaluation's split)."""
        return replace(self, ev_user=self.ev_user[keep], ev_item=self.ev_item[keep],
                       ev_weight=self.ev_weight[keep], ev_time=self.ev_time[keep])


def interaction_matrix(users: np.ndarray, items: np.ndarray, weights: np.ndarray,
                       shape: tuple[int, int]) -> sp.csr_matrix:
    """Sum each (user, item)'s signal weights, keep the positive sums, damp them with ``log1p``.

    A negative sum (early skips outweighing plays, a one-star rating) means "not for me": it
    is dropped rather than fed to the models as a weak positive. ``log1p`` keeps a song on
    repeat two hundred times from drowning out everything else the listener does.
    """
    summed = sp.coo_matrix((weights.astype(np.float32), (users, items)), shape=shape).tocsr()
    summed.sum_duplicates()
    summed.data = np.where(summed.data > 0, np.log1p(np.maximum(summed.data, 0)), 0).astype(np.float32)
    summed.eliminate_zeros()
    return summed


def single_row(items: np.ndarray, weights: np.ndarray, n_items: int) -> sp.csr_matrix:
    """One listener's row (1 x items), built like a row of ``interaction_matrix``."""
    return interaction_matrix(np.zeros(len(items), dtype=np.int64), items, weights, (1, n_items))
