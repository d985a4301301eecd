"""Offline evaluation: hide each listener's most recent plays, see who predicts them best.

Protocol (time-based hold-out): for every listener, the events in the last ``holdout`` share
of their listening history (by time) are hidden; the tracks they reached positively only in
that hidden part are the answers. The engine is trained on what remains, exactly as the
product trains it, and every generator alone, then the blend (with the artist-variety rule
the product applies), rank ``k`` tracks per listener, never a track the listener already
touched in training. Reported per strategy, averaged over listeners with at least one answer:

* precision@k = hits / k;  recall@k = hits / number of answers;
* NDCG@k = DCG / ideal DCG with binary gains, ``1 / log2(rank + 1)``;
* coverage = distinct tracks recommended to anyone / catalog size.

Popularity is the baseline: a strategy worth shipping must beat it on the same split.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from spoticlone.services.discovery.dataset import Dataset
from spoticlone.services.discovery.engine import BLEND, train


@dataclass(frozen=True)
class Metrics:
    """One strategy's averages over the evaluated listeners."""

    precision: float
    recall: float
    ndcg: float
    coverage: float
    users: int


@dataclass(frozen=True)
class Split:
    """The training data and, per listener index, the tracks they went on to play."""

    train: Dataset
    answers: dict[int, set[int]]


def precision_at_k(ranked: Sequence[int], relevant: set[int], k: int) -> float:
    """Share of the first ``k`` picks that the listener went on to play."""
    return sum(1 for item in ranked[:k] if item in relevant) / k if k else 0.0


def recall_at_k(ranked: Sequence[int], relevant: set[int], k: int) -> float:
    """Share of what the listener went on to play found in the first ``k`` picks."""
    return sum(1 for item in ranked[:k] if item in relevant) / len(relevant) if relevant else 0.0


def ndcg_at_k(ranked: Sequence[int], relevant: set[int], k: int) -> float:
    """Hits discounted by rank, over the best possible ranking of the same answers."""
    dcg = sum(1.0 / np.log2(rank + 2) for rank, item in enumerate(ranked[:k]) if item in relevant)
    ideal = sum(1.0 / np.log2(rank + 2) for rank in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def coverage(lists: Iterable[Sequence[int]], n_items: int) -> float:
    """Share of the catalog that appears in at least one list."""
    seen = {item for ranked in lists for item in ranked}
    return len(seen) / n_items if n_items else 0.0


def time_split(data: Dataset, *, holdout: float = 0.2) -> Split:
    """Hide each listener's last ``holdout`` of events (by time); answers are new positives."""
    keep = np.ones(len(data.ev_user), dtype=bool)
    order = np.lexsort((data.ev_time, data.ev_user))
    users = data.ev_user[order]
    bounds = np.flatnonzero(np.diff(users)) + 1
    answers: dict[int, set[int]] = {}
    for chunk in np.split(order, bounds):
        if len(chunk) < 5:
            continue
        cut = int(np.ceil(len(chunk) * (1 - holdout)))
        hidden, kept = chunk[cut:], chunk[:cut]
        keep[hidden] = False
        known = set(data.ev_item[kept].tolist())
        new = {int(data.ev_item[e]) for e in hidden if data.ev_weight[e] > 0} - known
        if new:
            answers[int(data.ev_user[chunk[0]])] = new
    return Split(train=data.with_events(keep), answers=answers)


def evaluate(data: Dataset, *, k: int = 10, holdout: float = 0.2,
             options: Mapping[str, Mapping[str, object]] | None = None,
             names: Iterable[str] | None = None) -> dict[str, Metrics]:
    """Every generator alone and the blend, on one time-based split of ``data``."""
    split = time_split(data, holdout=holdout)
    engine = train(split.train, names=names, options=options)
    matrix = split.train.matrix()
    touched = split.train.matrix()
    touched.data[:] = 1
    negatives = split.train.ev_weight <= 0
    strategies: list[tuple[str, str | None, bool]] = [(name, name, False) for name in engine.generators]
    strategies.append((BLEND, None, True))
    results: dict[str, Metrics] = {}
    for label, only, spread in strategies:
        precision, recall, ndcg, lists = [], [], [], []
        for user, relevant in split.answers.items():
            hidden = np.zeros(data.n_items, dtype=bool)
            hidden[touched[user].indices] = True
            hidden[split.train.ev_item[negatives & (split.train.ev_user == user)]] = True
            picks = engine.rank(matrix[user], hidden=hidden, n=k, only=only, spread=spread)
            ranked = [pick.item for pick in picks]
            precision.append(precision_at_k(ranked, relevant, k))
            recall.append(recall_at_k(ranked, relevant, k))
            ndcg.append(ndcg_at_k(ranked, relevant, k))
            lists.append(ranked)
        results[label] = Metrics(precision=float(np.mean(precision)) if precision else 0.0,
                                 recall=float(np.mean(recall)) if recall else 0.0,
                                 ndcg=float(np.mean(ndcg)) if ndcg else 0.0,
                                 coverage=coverage(lists, data.n_items), users=len(split.answers))
    return results


def report(results: Mapping[str, Metrics], *, k: int = 10) -> str:
    """The results as a small table (the CLI and the benchmark print it)."""
    lines = [f"{'strategy':<14}{'P@' + str(k):>8}{'R@' + str(k):>8}{'NDCG@' + str(k):>9}{'cover':>8}"]
    for name, m in results.items():
        lines.append(f"{name:<14}{m.precision:>8.3f}{m.recall:>8.3f}{m.ndcg:>9.3f}{m.coverage:>8.3f}")
    return "\n".join(lines)
