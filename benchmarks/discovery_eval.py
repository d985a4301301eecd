"""Recommendation quality and speed: every generator, the blend and the popularity baseline.

Runs the engine's own strategies (``spoticlone.services.discovery``), not a copy, with the
protocol of ``services/discovery/evaluation.py`` (time-based hold-out of each listener's
latest 20 % of events, k = 10, tracks already heard excluded):

1. planted tastes (``synthetic.clustered``), three seeds, mean ± standard deviation;
2. simulated listeners of the demo catalog (its genres as tastes), three seeds;
3. scale: 100k listeners x 100k tracks x 5M events (``synthetic.bulk``); full training
   time, peak memory, and the time to fold one listener's current history into the trained
   engine and rank 50 picks (p50 / p95), beside the same blend over the whole catalog (the
   reference for the candidate pruning: its time and how many of its top 50 the pruning keeps);
4. with ``--movielens``: real data, MovieLens-100K as shipped inside the ``recbole`` wheel
   (``pip download recbole --no-deps``; the wheel or its ``ml-100k.inter`` file is read, nothing
   is installed). Protocol of issue 12: ratings >= 4 are positives, random 80/20 split with
   ``implicit``'s ``train_test_split``, three seeds, NDCG@10 and Recall@20 with training items
   excluded, beside EASE (Steck 2019, lambda = 200) computed in the same run as the reference.

    .venv/bin/python benchmarks/discovery_eval.py
    .venv/bin/python benchmarks/discovery_eval.py --movielens /tmp/recbole-1.2.1-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spoticlone.services.discovery import evaluation, synthetic
from spoticlone.services.discovery.engine import train

SEEDS = (1, 2, 3)


def summarise(title: str, runs: list[dict[str, evaluation.Metrics]]) -> None:
    print(f"\n{title} (mean ± std over seeds {', '.join(map(str, SEEDS))})")
    print(f"{'strategy':<14}{'NDCG@10':>16}{'R@10':>16}{'P@10':>8}{'cover':>8}")
    for name in runs[0]:
        ndcg = [run[name].ndcg for run in runs]
        recall = [run[name].recall for run in runs]
        precision = statistics.mean(run[name].precision for run in runs)
        cover = statistics.mean(run[name].coverage for run in runs)
        print(f"{name:<14}{statistics.mean(ndcg):>9.3f} ± {statistics.pstdev(ndcg):.3f}"
              f"{statistics.mean(recall):>9.3f} ± {statistics.pstdev(recall):.3f}{precision:>8.3f}{cover:>8.3f}")


def quality() -> None:
    runs = [evaluation.evaluate(synthetic.clustered(seed=seed)[0]) for seed in SEEDS]
    data = synthetic.clustered(seed=SEEDS[0])[0]
    summarise(f"Planted tastes: {data.n_users} listeners, {data.n_items} tracks, ~{len(data.ev_user)} events", runs)
    demo = synthetic.demo_catalog()
    runs = [evaluation.evaluate(synthetic.demo_listeners(demo, seed=seed)[0]) for seed in SEEDS]
    summarise(f"Demo catalog: 200 simulated listeners, {demo.n_items} tracks", runs)


def scale(users: int, tracks: int, events: int) -> None:
    import resource

    started = time.perf_counter()
    data = synthetic.bulk(users=users, tracks=tracks, events=events, seed=5)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    engine = train(data)
    trained = time.perf_counter() - started
    matrix = data.matrix()
    rng = np.random.default_rng(0)
    histories = []
    for user in rng.choice(data.n_users, size=min(500, data.n_users), replace=False):
        row = matrix[int(user)]
        histories.append([(int(data.item_ids[i]), float(w)) for i, w in zip(row.indices, row.data, strict=True)])
    timings, cpu, reference, agreement = [], [], [], []
    for history in histories:
        began, began_cpu = time.perf_counter(), time.process_time()
        engine.recommend(history, n=50)
        timings.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    # The whole-catalog blend, as before candidate pruning: a separate loop, so that its 25 MB
    # reads do not evict the caches the pruned calls above would otherwise find warm.
    for history in histories[:100]:
        folded, hidden = engine.row(history)
        began = time.perf_counter()
        full = engine.rank(folded, hidden=hidden, n=50, pruned=False)
        reference.append((time.perf_counter() - began) * 1000)
        pruned = {p.item for p in engine.rank(folded, hidden=hidden, n=50)}
        agreement.append(len(pruned & {p.item for p in full}) / max(len(full), 1))
    timings.sort()
    cpu.sort()
    reference.sort()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = os.getloadavg()[0]
    print(f"\nScale: {data.n_users} listeners x {data.n_items} tracks, {len(data.ev_user)} events "
          f"(generated in {generated:.1f} s)")
    print(f"full training (all generators): {trained:.1f} s; peak memory {peak_mb:.0f} MB")
    print(f"one listener, fold-in + 50 picks with reasons' seeds: p50 {timings[len(timings) // 2]:.1f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)]:.1f} ms (load average {load:.1f}); CPU time p50 "
          f"{cpu[len(cpu) // 2]:.1f} ms, p95 {cpu[int(len(cpu) * 0.95)]:.1f} ms (without waiting for a core)")
    print(f"reference, the same blend over the whole catalog (no seeds): p50 {reference[len(reference) // 2]:.1f} ms,"
          f" p95 {reference[int(len(reference) * 0.95)]:.1f} ms; pruned top 50 = whole-catalog top 50 for "
          f"{statistics.mean(agreement):.1%} of picks (worst listener {min(agreement):.0%})")


def movielens_ratings(path: Path) -> np.ndarray:
    """(user, item, rating, timestamp) rows of ml-100k, from the recbole wheel or the file."""
    import zipfile

    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            text = wheel.read("recbole/dataset_example/ml-100k/ml-100k.inter").decode()
    else:
        text = path.read_text()
    return np.array([line.split("\t") for line in text.splitlines()[1:] if line], dtype=np.float64)


def ease_scores(train_matrix, reg: float = 200.0) -> np.ndarray:
    """EASE^R: a dense item x item ridge regression with a zero diagonal (the reference)."""
    x = (train_matrix > 0).astype(np.float64).toarray()
    gram = x.T @ x + reg * np.eye(x.shape[1])
    inverse = np.linalg.inv(gram)
    weights = -inverse / np.diag(inverse)
    np.fill_diagonal(weights, 0.0)
    return x @ weights


def movielens(path: Path) -> None:
    import scipy.sparse as sp
    from implicit.evaluation import train_test_split

    from spoticlone.services.discovery.dataset import UNKNOWN, Dataset

    rows = movielens_ratings(path)
    rows = rows[rows[:, 2] >= 4]
    users, user_index = np.unique(rows[:, 0], return_inverse=True)
    items, item_index = np.unique(rows[:, 1], return_inverse=True)
    full = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (user_index, item_index)),
                         shape=(len(users), len(items)))
    options = {"popularity": {"half_life_days": 1e9, "fresh_days": 0}}
    results: dict[str, list[tuple[float, float, float]]] = {}
    for seed in SEEDS:
        train_m, test_m = train_test_split(full, train_percentage=0.8, random_state=seed)
        train_m, test_m = train_m.tocsr(), test_m.tocsr()
        coo = train_m.tocoo()
        data = Dataset(
            user_ids=users.astype(np.int64), item_ids=np.arange(len(items)),
            ev_user=coo.row.astype(np.int64), ev_item=coo.col.astype(np.int64),
            ev_weight=coo.data.astype(np.float32), ev_time=np.zeros(len(coo.row)),
            item_artist=np.full(len(items), UNKNOWN), artist_ids=np.zeros(0, dtype=np.int64),
            item_genre=np.full(len(items), UNKNOWN), item_year=np.full(len(items), np.nan),
            item_loudness=np.full(len(items), np.nan), item_added=np.zeros(len(items)), now=1.0,
        )
        engine = train(data, options=options)
        ease = ease_scores(train_m)
        matrix = data.matrix()
        strategies = [(name, name) for name in engine.generators] + [("blend", None), ("EASE", "ease")]
        for label, only in strategies:
            ndcg, recall, lists = [], [], []
            for user in range(len(users)):
                answers = set(test_m[user].indices.tolist())
                if not answers:
                    continue
                hidden = np.zeros(len(items), dtype=bool)
                hidden[train_m[user].indices] = True
                if only == "ease":
                    scored = np.where(hidden, -np.inf, ease[user])
                    ranked = np.argsort(-scored, kind="stable")[:20].tolist()
                else:
                    ranked = [p.item for p in engine.rank(matrix[user], hidden=hidden, n=20, only=only, spread=False)]
                ndcg.append(evaluation.ndcg_at_k(ranked, answers, 10))
                recall.append(evaluation.recall_at_k(ranked, answers, 20))
                lists.append(ranked[:10])
            results.setdefault(label, []).append(
                (float(np.mean(ndcg)), float(np.mean(recall)), evaluation.coverage(lists, len(items))))
    print(f"\nMovieLens-100K (ratings >= 4: {len(rows)} positives, {len(users)} users, {len(items)} items),"
          f" random 80/20, seeds {', '.join(map(str, SEEDS))}")
    print(f"{'strategy':<14}{'NDCG@10':>16}{'Recall@20':>18}{'cover@10':>10}")
    for label, runs in results.items():
        ndcg = [r[0] for r in runs]
        recall = [r[1] for r in runs]
        print(f"{label:<14}{statistics.mean(ndcg):>9.3f} ± {statistics.pstdev(ndcg):.3f}"
              f"{statistics.mean(recall):>11.3f} ± {statistics.pstdev(recall):.3f}"
              f"{statistics.mean(r[2] for r in runs):>10.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale-users", type=int, default=100_000)
    parser.add_argument("--scale-tracks", type=int, default=100_000)
    parser.add_argument("--scale-events", type=int, default=5_000_000)
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--movielens", type=Path, help="the recbole wheel or its ml-100k.inter file")
    args = parser.parse_args()
    if not args.skip_quality:
        quality()
    if args.movielens:
        movielens(args.movielens)
    if not args.skip_scale:
        scale(args.scale_users, args.scale_tracks, args.scale_events)
    return 0


if __name__ == "__main__":
    sys.exit(main())
