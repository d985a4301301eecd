"""Candidate pruning: the blend over a shortlist gives the whole-catalog blend's picks, each
generator's query agrees with its full ``score``/``seed_for``, the cluster index finds the
best ALS tracks while reading a small part of the catalog, and requests run on one BLAS thread."""

from __future__ import annotations

import numpy as np
import pytest

from spoticlone.services.discovery import synthetic
from spoticlone.services.discovery.engine import GENERATORS, GeneratorSpec, train
from spoticlone.services.discovery.item_clusters import MIN_ITEMS, ItemClusters
from spoticlone.services.discovery.shortlist import best_items, query_for

SINGLE = {"als": {"threads": 1}, "cooccurrence": {"threads": 1}}


@pytest.fixture(scope="module")
def trained():
    data, _ = synthetic.clustered(synthetic.Shape(users=300, tracks=900), seed=8)
    return data, train(data, options=SINGLE)


def _rows(data, engine, count=60):
    matrix = data.matrix()
    for user in range(count):
        row = matrix[user]
        yield engine.row(zip((int(data.item_ids[i]) for i in row.indices), row.data.tolist(), strict=True))


def test_the_pruned_blend_picks_what_the_whole_catalog_blend_picks(trained):
    data, engine = trained
    overlaps = []
    for row, hidden in _rows(data, engine):
        pruned = [p.item for p in engine.rank(row, hidden=hidden, n=20)]
        full = [p.item for p in engine.rank(row, hidden=hidden, n=20, pruned=False)]
        assert not hidden[pruned].any()
        overlaps.append(len(set(pruned) & set(full)) / len(full))
    assert np.mean(overlaps) >= 0.97
    assert min(overlaps) >= 0.8


@pytest.mark.parametrize("name", ["als", "cooccurrence", "content", "popularity"])
def test_each_query_scores_and_seeds_like_the_generator_does(trained, name):
    data, engine = trained
    generator = engine.generators[name]
    for row, hidden in _rows(data, engine, count=8):
        query = query_for(generator, row)
        full = np.asarray(generator.score(row), dtype=np.float32)
        items = np.arange(0, data.n_items, 7)
        assert np.allclose(query.scores(items), full[items], rtol=1e-4, atol=1e-5)
        proposed = query.candidates(30, hidden)
        assert len(proposed) <= 30 * 4 and not hidden[proposed].any() and (full[proposed] > 0).all()
        led = np.sort(proposed)[:12]
        assert query.seeds(led) == [generator.seed_for(row, int(item)) for item in led]


def test_an_engine_saved_before_pruning_still_recommends_the_same(trained):
    data, engine = trained
    history = [(int(data.item_ids[i]), 1.0) for i in range(0, 40, 4)]
    expected = engine.recommend(history, n=15)
    saved = {"content": engine.generators["content"].by_artist, "popularity": engine.generators["popularity"].ranking}
    try:
        del engine.generators["content"].by_artist
        del engine.generators["popularity"].ranking
        assert engine.recommend(history, n=15) == expected
    finally:
        engine.generators["content"].by_artist = saved["content"]
        engine.generators["popularity"].ranking = saved["popularity"]


def test_a_plugin_with_only_score_and_seed_for_is_shortlisted_by_a_full_scan():
    class Ramp:
        def fit(self, data, matrix):
            self.n = data.n_items

        def score(self, row):
            return np.linspace(0, 1, self.n, dtype=np.float32)

        def seed_for(self, row, item):
            return int(row.indices[0]) if row.nnz else None

    GENERATORS.register("ramp", GeneratorSpec(Ramp, 1.0))
    try:
        data, _ = synthetic.clustered(synthetic.Shape(users=20, tracks=100), seed=1)
        engine = train(data, names=["ramp"])
        picks = engine.recommend([(int(data.item_ids[99]), 1.0)], n=3)
        assert [p.track_id for p in picks] == [int(data.item_ids[i]) for i in (98, 97, 96)]
        assert {p.seed_track_id for p in picks} == {int(data.item_ids[99])}
    finally:
        GENERATORS.unregister("ramp")


def test_the_cluster_index_finds_the_best_tracks_reading_a_small_part_of_the_catalog():
    rng = np.random.default_rng(3)
    tastes = rng.normal(0, 1, (40, 16))
    factors = (tastes[rng.integers(0, 40, MIN_ITEMS)] + rng.normal(0, 0.3, (MIN_ITEMS, 16))).astype(np.float32)
    factors *= rng.uniform(0.2, 1.5, (MIN_ITEMS, 1)).astype(np.float32)
    clusters = ItemClusters.build(factors, seed=1)
    assert clusters is not None and ItemClusters.build(factors[: MIN_ITEMS - 1]) is None
    found, read = [], []
    for user in range(30):
        vector = (tastes[user % 40] + rng.normal(0, 0.3, 16)).astype(np.float32)
        likely = clusters.likely(vector)
        exact = set(np.argsort(-(factors @ vector))[:50].tolist())
        found.append(len(exact & set(likely.tolist())) / 50)
        read.append(len(likely) / MIN_ITEMS)
    assert np.mean(found) >= 0.9
    assert np.mean(read) <= 0.25


def test_best_items_keeps_the_highest_positive_unhidden_scores():
    scores = np.array([0.5, 3.0, -1.0, 2.0, 0.0, 9.0], dtype=np.float32)
    hidden = np.array([False, False, False, False, False, True])
    assert sorted(best_items(scores, 2, hidden).tolist()) == [1, 3]
    assert sorted(best_items(scores, 10, hidden).tolist()) == [0, 1, 3]
    subset = np.array([5, 3, 2])
    assert best_items(scores[subset], 5, hidden, subset).tolist() == [3]
    assert best_items(scores, 0, hidden).tolist() == []


def test_a_request_scores_on_one_blas_thread(trained, monkeypatch):
    from threadpoolctl import threadpool_info

    data, engine = trained
    seen = []
    query = type(engine.generators["als"]).query

    def watching(self, row):
        seen.append({lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"})
        return query(self, row)

    monkeypatch.setattr(type(engine.generators["als"]), "query", watching)
    engine.recommend([(int(data.item_ids[0]), 1.0)], n=5)
    assert seen == [{1}]
