"""Listening logs with planted tastes, for measuring the engine where the right answer is known.

Tastes are clusters: each cluster owns a few genres and artists, artists have an era and a
loudness, and tracks within an artist and artists within a cluster follow a Zipf-like
popularity. A listener mixes one to three clusters with uneven shares, listens in sessions
(a few tracks of one artist in a row, as people do), wanders outside their taste now and
then and usually skips those tracks early, and likes a few tracks. Clusters differ in size,
so overall popularity is a real but beatable baseline. ``demo_listeners`` plays the same
game on a given catalog (the demo's), with its genres as the clusters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from spoticlone.services.discovery.dataset import Dataset

DAY = 86_400.0


@dataclass(frozen=True)
class Shape:
    """How big the generated world is and how its listeners behave."""

    users: int = 400
    tracks: int = 1200
    clusters: int = 8
    artists_per_cluster: int = 10
    sessions: tuple[int, int] = (6, 30)
    wander: float = 0.08
    like_rate: float = 0.04
    days: float = 90.0


def clustered(shape: Shape = Shape(), *, seed: int = 0) -> tuple[Dataset, np.ndarray]:
    """A catalog and logs with planted tastes; also each listener's main cluster."""
    rng = np.random.default_rng(seed)
    n_artists = shape.clusters * shape.artists_per_cluster
    artist_cluster = np.repeat(np.arange(shape.clusters), shape.artists_per_cluster)
    artist_genre = artist_cluster * 2 + rng.integers(0, 2, n_artists)
    item_artist = np.sort(rng.integers(0, n_artists, shape.tracks))
    item_artist[:n_artists] = np.arange(n_artists)
    item_artist.sort()
    era = 1960 + 10 * rng.integers(0, 6, shape.clusters)
    item_year = (era[artist_cluster[item_artist]] + rng.integers(0, 10, shape.tracks)).astype(float)
    item_loudness = (-14 + 2 * (artist_genre[item_artist] % 4) + rng.normal(0, 1.5, shape.tracks))
    now = 1_700_000_000.0
    data = Dataset(
        user_ids=np.arange(1, shape.users + 1), item_ids=np.arange(1, shape.tracks + 1),
        ev_user=np.zeros(0, dtype=np.int64), ev_item=np.zeros(0, dtype=np.int64),
        ev_weight=np.zeros(0, dtype=np.float32), ev_time=np.zeros(0),
        item_artist=item_artist, artist_ids=np.arange(1, n_artists + 1),
        item_genre=artist_genre[item_artist], item_year=item_year, item_loudness=item_loudness,
        item_added=now - rng.uniform(30, 3000, shape.tracks) * DAY, now=now,
    )
    return listen(data, artist_cluster[item_artist], shape, rng)


def demo_listeners(data: Dataset, *, users: int = 200, seed: int = 0) -> tuple[Dataset, np.ndarray]:
    """Simulated listeners of an existing catalog (``data``'s items), its genres as tastes."""
    rng = np.random.default_rng(seed)
    shape = Shape(users=users, sessions=(3, 12), days=60.0)
    data = Dataset(**{**data.__dict__, "user_ids": np.arange(1, users + 1)})
    return listen(data, data.item_genre.copy(), shape, rng)


def listen(data: Dataset, item_cluster: np.ndarray, shape: Shape,
           rng: np.random.Generator) -> tuple[Dataset, np.ndarray]:
    """Fill ``data``'s events: each listener's sessions inside their tastes, skips outside them."""
    clusters = np.unique(item_cluster)
    size = 1.0 / np.arange(1, len(clusters) + 1) ** 0.7
    size /= size.sum()
    items_of = {c: np.flatnonzero(item_cluster == c) for c in clusters}
    appeal = rng.pareto(1.5, data.n_items) + 0.05
    users: list[int] = []
    items: list[int] = []
    weights: list[float] = []
    times: list[float] = []

    def hear(user: int, item: int, weight: float, when: float) -> None:
        users.append(user)
        items.append(item)
        weights.append(weight)
        times.append(when)

    main = np.zeros(data.n_users, dtype=np.int64)
    for user in range(data.n_users):
        mix = rng.choice(len(clusters), size=rng.integers(1, 4), replace=False, p=size)
        share = rng.dirichlet(np.ones(len(mix)) * 1.5)
        main[user] = clusters[mix[int(share.argmax())]]
        start = data.clock() - shape.days * DAY * rng.uniform(0.3, 1.0)
        clock = start
        for _ in range(rng.integers(*shape.sessions)):
            clock += rng.exponential(shape.days * DAY / 40)
            if rng.random() < shape.wander:
                item = int(rng.integers(0, data.n_items))
                skipped = rng.random() < 0.75
                hear(user, item, -1.0 if skipped else 1.0, clock)
                continue
            pool = items_of[clusters[mix[rng.choice(len(mix), p=share)]]]
            p = appeal[pool] / appeal[pool].sum()
            anchor = int(rng.choice(pool, p=p))
            same_artist = pool[data.item_artist[pool] == data.item_artist[anchor]]
            run = [anchor, *rng.choice(same_artist, size=rng.integers(0, 4), replace=True).tolist()]
            for item in run:
                clock += 200.0
                hear(user, int(item), 1.0, clock)
                if rng.random() < shape.like_rate:
                    hear(user, int(item), 4.0, clock)
    data.ev_user = np.array(users, dtype=np.int64)
    data.ev_item = np.array(items, dtype=np.int64)
    data.ev_weight = np.array(weights, dtype=np.float32)
    data.ev_time = np.array(times)
    return data, main


def demo_catalog() -> Dataset:
    """The demo catalog's tracks (``spoticlone.demo``) as items, with no listening yet."""
    from spoticlone.demo.catalog_data import all_tracks

    tracks = all_tracks()
    artists = sorted({album.artist for album, _, _ in tracks})
    genres = sorted({album.genre for album, _, _ in tracks})
    n = len(tracks)
    return Dataset(
        user_ids=np.zeros(0, dtype=np.int64), item_ids=np.arange(1, n + 1),
        ev_user=np.zeros(0, dtype=np.int64), ev_item=np.zeros(0, dtype=np.int64),
        ev_weight=np.zeros(0, dtype=np.float32), ev_time=np.zeros(0),
        item_artist=np.array([artists.index(album.artist) for album, _, _ in tracks]),
        artist_ids=np.arange(1, len(artists) + 1),
        item_genre=np.array([genres.index(album.genre) for album, _, _ in tracks]),
        item_year=np.array([float(album.release_date.year) for album, _, _ in tracks]),
        item_loudness=np.full(n, np.nan), item_added=np.full(n, 1_600_000_000.0), now=1_700_000_000.0,
    )


def bulk(*, users: int, tracks: int, events: int, clusters: int = 200, seed: int = 0) -> Dataset:
    """A large planted-taste world built with array operations (millions of events in seconds).

    Simpler than ``clustered``: no artist sessions, each listener mixes a main and a second
    taste; the same wandering and early skips. For timing the engine at scale.
    """
    rng = np.random.default_rng(seed)
    artists_per_cluster = max(1, tracks // clusters // 10)
    n_artists = clusters * artists_per_cluster
    item_artist = np.sort(rng.integers(0, n_artists, tracks))
    item_cluster = item_artist // artists_per_cluster
    appeal = rng.pareto(1.5, tracks) + 0.05
    order = np.argsort(item_cluster, kind="stable")
    within = np.zeros(tracks)
    for taste in range(clusters):
        members = order[item_cluster[order] == taste]
        if len(members):
            within[members] = np.cumsum(appeal[members]) / appeal[members].sum()
    ladder = item_cluster[order] + within[order]
    size = 1.0 / np.arange(1, clusters + 1) ** 0.7
    main = rng.choice(clusters, size=users, p=size / size.sum())
    second = rng.choice(clusters, size=users, p=size / size.sum())
    share = rng.uniform(0.6, 0.9, users)
    activity = rng.lognormal(0, 1, users)
    per_user = np.maximum(1, np.round(activity / activity.sum() * events)).astype(np.int64)
    ev_user = np.repeat(np.arange(users), per_user)
    n = len(ev_user)
    cluster = np.where(rng.random(n) < share[ev_user], main[ev_user], second[ev_user])
    picks = np.minimum(np.searchsorted(ladder, cluster + rng.random(n) * 0.999999), tracks - 1)
    ev_item = order[picks]
    wander = rng.random(n) < 0.08
    ev_item[wander] = rng.integers(0, tracks, int(wander.sum()))
    ev_weight = np.where(wander & (rng.random(n) < 0.75), -1.0, 1.0).astype(np.float32)
    now = 1_700_000_000.0
    ev_time = now - rng.uniform(0, 90 * DAY, n)
    return Dataset(
        user_ids=np.arange(1, users + 1), item_ids=np.arange(1, tracks + 1),
        ev_user=ev_user, ev_item=ev_item.astype(np.int64), ev_weight=ev_weight, ev_time=ev_time,
        item_artist=item_artist, artist_ids=np.arange(1, n_artists + 1),
        item_genre=item_cluster, item_year=np.full(tracks, np.nan),
        item_loudness=np.full(tracks, np.nan), item_added=now - rng.uniform(30, 3000, tracks) * DAY, now=now,
    )
