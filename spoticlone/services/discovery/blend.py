"""The blender: one ranked, varied list from every generator's scores.

Each generator's scores are scaled to its own best candidate (so a generator with large raw
numbers cannot drown the others) and summed with the generator's weight. What the listener
already knows or rejected is removed before ranking, never after, so it cannot take a slot.
Then no artist may appear more than ``per_artist`` times in any ``window`` consecutive picks:
a greedy pass takes the best remaining track whose artist still has room and holds the others
back until the window moves on.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from spoticlone.services.discovery.dataset import UNKNOWN

#: How many of the best blended candidates the variety pass may reach into, per pick wanted.
POOL_FACTOR = 5


@dataclass(frozen=True)
class Pick:
    """A recommended item (dense index), its blended score and the generator that led to it."""

    item: int
    score: float
    source: str


def blend_scores(scores: dict[str, np.ndarray], weights: dict[str, float], *, hidden: np.ndarray, n: int,
          item_artist: np.ndarray | None = None, per_artist: int = 2, window: int = 10) -> list[Pick]:
    """The ``n`` best items not ``hidden``; ``item_artist`` given: at most ``per_artist`` per window."""
    if n <= 0 or not scores:
        return []
    combined = np.zeros(len(hidden), dtype=np.float32)
    scaled: dict[str, np.ndarray] = {}
    for name, raw in scores.items():
        part = np.maximum(raw, 0).astype(np.float32, copy=False)
        part[hidden] = 0.0
        best = float(part.max()) if len(part) else 0.0
        if best > 0:
            part *= weights.get(name, 1.0) / best
            combined += part
            scaled[name] = part
    if not scaled:
        return []
    pool = min(len(combined), n * POOL_FACTOR if item_artist is not None else n)
    top = np.argpartition(-combined, pool - 1)[:pool]
    top = top[combined[top] > 0]
    order = top[np.lexsort((top, -combined[top]))]
    if item_artist is not None:
        order = np.array(spread_artists(order, item_artist, per_artist=per_artist, window=window, limit=n),
                         dtype=np.int64)
    order = order[:n]
    names = list(scaled)
    leaders = np.stack([scaled[name][order] for name in names]).argmax(axis=0) if len(order) else []
    return [Pick(int(item), float(combined[item]), names[int(lead)]) for item, lead in zip(order, leaders, strict=True)]


def spread_artists(order: np.ndarray, item_artist: np.ndarray, *, per_artist: int = 2, window: int = 10,
                   limit: int | None = None) -> list[int]:
    """``order`` re-ranked so any ``window`` consecutive items hold ≤ ``per_artist`` of one artist.

    An item with an unknown artist is never limited. When the candidates run out while
    some are still held back (a small catalog with fewer than ``window / per_artist`` artists
    cannot obey the rule), the held ones follow in rank order: a shorter list would be worse.
    """
    picked: list[int] = []
    recent: deque[int] = deque()
    held: list[int] = []
    pending = iter(order.tolist())

    def fits(item: int) -> bool:
        artist = int(item_artist[item])
        return artist == UNKNOWN or sum(1 for a in recent if a == artist) < per_artist

    def place(item: int) -> None:
        picked.append(item)
        recent.append(int(item_artist[item]))
        if len(recent) > window - 1:
            recent.popleft()

    exhausted = False
    while limit is None or len(picked) < limit:
        choice = next((i for i, item in enumerate(held) if fits(item)), None)
        if choice is not None:
            place(held.pop(choice))
            continue
        if exhausted:
            picked.extend(held[: None if limit is None else limit - len(picked)])
            break
        for item in pending:
            if fits(item):
                place(item)
                break
            held.append(item)
        else:
            exhausted = True
    return picked
