"""The recommendation engine on arrays: metrics on hand-computed cases, the blender's rules,
the registry, fold-in, and measured quality on data with planted tastes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from spoticlone.services.discovery import evaluation, synthetic
from spoticlone.services.discovery.blend import blend_scores, spread_artists
from spoticlone.services.discovery.dataset import interaction_matrix
from spoticlone.services.discovery.engine import BLEND, GENERATORS, GeneratorSpec, train
from spoticlone.services.discovery.popularity import Popularity


def test_metrics_match_hand_computed_values():
    ranked, relevant = [1, 2, 3, 4], {2, 4, 9}
    assert evaluation.precision_at_k(ranked, relevant, 4) == 0.5
    assert evaluation.recall_at_k(ranked, relevant, 4) == pytest.approx(2 / 3)
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    assert evaluation.ndcg_at_k(ranked, relevant, 4) == pytest.approx(dcg / ideal)
    assert evaluation.ndcg_at_k([2, 4, 9], relevant, 3) == pytest.approx(1.0)
    assert evaluation.ndcg_at_k([5, 6], relevant, 2) == 0.0
    assert evaluation.coverage([[1, 2], [2, 3]], 10) == pytest.approx(0.3)


def test_signals_sum_negatives_are_dropped_and_repeats_are_damped():
    users = np.array([0, 0, 0, 1, 1])
    items = np.array([0, 0, 1, 1, 1])
    weights = np.array([1.0, 1.0, -1.0, 200.0, 1.0])
    matrix = interaction_matrix(users, items, weights, (2, 2)).toarray()
    assert matrix[0, 0] == pytest.approx(math.log1p(2))
    assert matrix[0, 1] == 0
    assert matrix[1, 1] == pytest.approx(math.log1p(201))


def test_no_artist_holds_more_than_two_places_in_any_ten():
    rng = np.random.default_rng(4)
    item_artist = rng.integers(0, 8, 200)
    item_artist[:30] = 0
    picked = spread_artists(np.arange(200), item_artist, per_artist=2, window=10)
    assert sorted(picked) == list(range(200))
    obeyed = picked[:150]
    for start in range(len(obeyed)):
        window = item_artist[obeyed[start:start + 10]]
        assert np.bincount(window).max() <= 2
    assert picked[:2] == [0, 1]
    few_artists = spread_artists(np.arange(12), np.array([0, 1] * 6), per_artist=2, window=10)
    assert sorted(few_artists) == list(range(12)) and few_artists[:4] == [0, 1, 2, 3]


def test_blend_never_returns_hidden_items_and_names_the_leading_generator():
    scores = {"a": np.array([9.0, 5.0, 1.0, 0.0]), "b": np.array([0.0, 0.0, 10.0, 2.0])}
    hidden = np.array([True, False, False, False])
    picks = blend_scores(scores, {"a": 1.0, "b": 1.0}, hidden=hidden, n=3)
    assert [p.item for p in picks] == [2, 1, 3]
    assert [p.source for p in picks] == ["b", "a", "b"]


def test_time_split_hides_each_listeners_latest_events():
    data, _ = synthetic.clustered(synthetic.Shape(users=30, tracks=200), seed=5)
    split = evaluation.time_split(data, holdout=0.2)
    assert split.answers
    for user, answers in split.answers.items():
        trained = split.train.ev_time[split.train.ev_user == user]
        held = data.ev_time[(data.ev_user == user) & ~np.isin(data.ev_time, trained)]
        assert trained.max() <= held.min()
        assert not answers & set(split.train.ev_item[split.train.ev_user == user].tolist())


def test_a_plugin_generator_is_trained_and_blended_by_name():
    class Constant(Popularity):
        def fit(self, data, matrix):
            self.scores = np.linspace(0, 1, data.n_items).astype(np.float32)

    GENERATORS.register("constant", GeneratorSpec(Constant, 1.0))
    try:
        data, _ = synthetic.clustered(synthetic.Shape(users=20, tracks=100), seed=1)
        engine = train(data, names=["constant"])
        picks = engine.rank(data.matrix()[0], hidden=np.zeros(100, dtype=bool), n=3, spread=False)
        assert [p.item for p in picks] == [99, 98, 97]
        with pytest.raises(ValueError, match="already registered"):
            GENERATORS.register("als", GeneratorSpec(Constant, 1.0))
    finally:
        GENERATORS.unregister("constant")
    assert "constant" not in GENERATORS


def test_a_new_listeners_first_plays_change_their_picks_without_retraining():
    data, _ = synthetic.clustered(synthetic.Shape(users=200, tracks=600), seed=2)
    engine = train(data, options={"als": {"threads": 1}, "cooccurrence": {"threads": 1}})
    shape = synthetic.Shape(users=200, tracks=600)
    cluster = data.item_artist // shape.artists_per_cluster
    cold = engine.recommend([], n=10)
    wanted = 5  # not the biggest taste, so popularity alone rarely lands in it
    in_taste = np.flatnonzero(cluster == wanted)
    artists = np.unique(data.item_artist[in_taste])[:5]
    seeds = [int(in_taste[data.item_artist[in_taste] == artist][0]) for artist in artists]
    warm = engine.recommend([(int(data.item_ids[i]), 1.0) for i in seeds], n=10)
    assert [r.track_id for r in warm] != [r.track_id for r in cold]
    assert {r.source for r in cold} == {"popularity"}
    assert not {r.track_id for r in warm} & {int(data.item_ids[i]) for i in seeds}
    def in_taste_count(picks):
        return sum(cluster[engine.index[r.track_id]] == wanted for r in picks)

    assert all(cluster[engine.index[r.track_id]] == wanted for r in warm[:4])
    assert in_taste_count(warm) >= in_taste_count(cold) + 3
    assert all(r.seed_track_id in {int(data.item_ids[i]) for i in seeds} for r in warm if r.seed_track_id)


@pytest.mark.parametrize("seed", [11, 12])
def test_the_engine_beats_popularity_on_planted_tastes(seed):
    data, _ = synthetic.clustered(synthetic.Shape(users=300, tracks=900), seed=seed)
    results = evaluation.evaluate(data, k=10, options={"als": {"threads": 1}, "cooccurrence": {"threads": 1}})
    baseline = results["popularity"]
    for name in ("cooccurrence", "als", BLEND):
        assert results[name].ndcg > 1.75 * baseline.ndcg, (name, evaluation.report(results))
        assert results[name].recall > 1.75 * baseline.recall, (name, evaluation.report(results))
    assert results[BLEND].coverage > 5 * baseline.coverage
    assert results[BLEND].users > 100


def test_fold_in_solves_the_same_equations_as_implicit():
    from implicit.cpu.als import AlternatingLeastSquares

    from spoticlone.services.discovery.factorization import Factorization

    data, _ = synthetic.clustered(synthetic.Shape(users=60, tracks=150), seed=3)
    matrix = data.matrix()
    ours = Factorization(factors=8, iterations=3, threads=1)
    ours.fit(data, matrix)
    reference = AlternatingLeastSquares(factors=8, regularization=ours.regularization, alpha=ours.alpha,
                                        iterations=1, num_threads=1)
    reference.fit(matrix, show_progress=False)
    reference.item_factors = ours.item_factors
    for user in (0, 7, 42):
        expected = np.asarray(reference.recalculate_user(0, matrix[user])).ravel()
        assert np.allclose(ours.user_vector(matrix[user]), expected, atol=1e-3)


def test_the_bulk_world_has_planted_tastes_the_engine_finds():
    data = synthetic.bulk(users=400, tracks=2000, events=30_000, clusters=20, seed=4)
    assert data.n_users == 400 and abs(len(data.ev_user) - 30_000) < 1_000
    results = evaluation.evaluate(data, k=10, options={"als": {"threads": 1}, "cooccurrence": {"threads": 1}})
    assert results[BLEND].recall > 2 * results["popularity"].recall, evaluation.report(results)
