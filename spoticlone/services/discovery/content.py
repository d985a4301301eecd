"""Content similarity: tracks that share an artist, featured artists, a genre, an era, a loudness.

Needs no listening data at all, so it is what recommends a track nobody has played yet and
what a listener with two plays gets beyond popularity. Each track is a sparse vector of its
facts, weighted by how strongly each fact says "sounds alike" (artist strongest, loudness
weakest), normalised to unit length; a listener's profile is the weighted sum of the vectors
of what they played, and a track's score is its cosine with that profile.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

from spoticlone.services.discovery.dataset import UNKNOWN, Dataset
from spoticlone.services.discovery.shortlist import best_items

#: How much each fact counts. Featured artists map to the same columns as the main artist, so
#: a track featuring someone sits near that someone's own tracks.
WEIGHTS = {"artist": 1.0, "featured": 0.6, "genre": 0.8, "era": 0.35, "loudness": 0.2}
#: Integrated loudness bands in LUFS: very quiet, quiet, medium, loud, very loud (mastered hot).
LOUDNESS_EDGES = np.array([-16.0, -12.0, -9.0, -6.0])
FIRST_DECADE, DECADES = 1900, 14
#: A request proposes the tracks of at most this many of the listener's artists (the most played).
CANDIDATE_ARTISTS = 24


def item_features(data: Dataset) -> sp.csr_matrix:
    """The items x facts matrix, one unit-length row per item."""
    n = data.n_items
    n_artists = max(len(data.artist_ids), 1)
    n_genres = int(data.item_genre.max()) + 1 if n and data.item_genre.max() >= 0 else 1
    blocks = []
    blocks.append(_one_hot(data.item_artist, n_artists, WEIGHTS["artist"]))
    genre_block = _one_hot(data.item_genre, n_genres, WEIGHTS["genre"])
    if data.item_featured is not None and data.item_featured.nnz:
        featured = data.item_featured.tocsr().astype(np.float32) * WEIGHTS["featured"]
        blocks[0] = blocks[0] + featured[:, :n_artists]
    blocks.append(genre_block)
    decade = np.where(np.isnan(data.item_year), UNKNOWN,
                      np.clip((np.nan_to_num(data.item_year) - FIRST_DECADE) // 10, 0, DECADES - 1)).astype(int)
    blocks.append(_one_hot(decade, DECADES, WEIGHTS["era"]))
    band = np.where(np.isnan(data.item_loudness), UNKNOWN,
                    np.searchsorted(LOUDNESS_EDGES, np.nan_to_num(data.item_loudness)))
    blocks.append(_one_hot(band, len(LOUDNESS_EDGES) + 1, WEIGHTS["loudness"]))
    features = sp.hstack(blocks, format="csr").astype(np.float32)
    norms = np.sqrt(np.asarray(features.multiply(features).sum(axis=1)).ravel())
    return sp.diags(1.0 / np.maximum(norms, 1e-9)).dot(features).tocsr().astype(np.float32)


def _one_hot(codes: np.ndarray, width: int, weight: float) -> sp.csr_matrix:
    known = codes >= 0
    rows = np.flatnonzero(known)
    return sp.csr_matrix((np.full(len(rows), weight, dtype=np.float32), (rows, codes[known])),
                         shape=(len(codes), width))


class ContentSimilarity:
    """Cosine between each track's facts and the listener's weighted profile."""

    def __init__(self) -> None:
        self.features: sp.csr_matrix | None = None
        self.by_artist: sp.csr_matrix | None = None

    def fit(self, data: Dataset, matrix: sp.csr_matrix) -> None:
        """Build the facts matrix (the listening matrix is not needed)."""
        self.features = item_features(data)
        #: Artist column -> the tracks by or featuring that artist: a request's candidates.
        self.by_artist = self.features[:, :max(len(data.artist_ids), 1)].T.tocsr()

    def score(self, row: sp.csr_matrix) -> np.ndarray:
        """Cosine of every track with the listener's profile, averaged over their weights."""
        assert self.features is not None, "fit() first"
        if row.nnz == 0:
            return np.zeros(self.features.shape[0], dtype=np.float32)
        profile = np.asarray((row @ self.features).todense()).ravel()
        return (self.features @ profile) / max(float(row.data.sum()), 1e-9)

    def seed_for(self, row: sp.csr_matrix, item: int) -> int | None:
        """The listener's track whose facts are closest to ``item``'s."""
        assert self.features is not None, "fit() first"
        if row.nnz == 0:
            return None
        similarity = (self.features[row.indices] @ self.features[item].T).toarray().ravel() * row.data
        return int(row.indices[int(similarity.argmax())]) if similarity.max() > 0 else None

    def query(self, row: sp.csr_matrix) -> ContentQuery:
        """The listener's facts profile, ready to score candidates (``shortlist.Query``)."""
        return ContentQuery(self, row)


class ContentQuery:
    """Content for one row: its candidates are the tracks of (or featuring) the listener's artists.

    Those share the strongest fact; a track that only shares a genre or an era scores far
    lower and reaches the picks through another generator if at all.
    """

    def __init__(self, model: ContentSimilarity, row: sp.csr_matrix) -> None:
        assert model.features is not None, "fit() first"
        self.features = model.features
        # Engines saved before ``by_artist`` existed score the whole catalog for candidates.
        self.by_artist: sp.csr_matrix | None = getattr(model, "by_artist", None)
        self.row = row
        self.profile = np.asarray((row @ self.features).todense()).ravel() if row.nnz else None
        self.total = max(float(row.data.sum()), 1e-9)

    def candidates(self, n: int, hidden: np.ndarray) -> np.ndarray:
        """The best of the tracks by or featuring an artist the listener played."""
        if self.profile is None:
            return np.zeros(0, dtype=np.int64)
        if self.by_artist is None:
            return best_items((self.features @ self.profile) / self.total, n, hidden)
        weights = self.profile[: self.by_artist.shape[0]]
        artists = np.flatnonzero(weights)
        if len(artists) > CANDIDATE_ARTISTS:  # a long history: its strongest artists say enough
            artists = artists[np.argpartition(-weights[artists], CANDIDATE_ARTISTS - 1)[:CANDIDATE_ARTISTS]]
        items = np.unique(self.by_artist[artists].indices).astype(np.int64)
        return best_items(self.scores(items), n, hidden, items)

    def scores(self, items: np.ndarray) -> np.ndarray:
        """Cosine with the profile, for these tracks only."""
        if self.profile is None or not len(items):
            return np.zeros(len(items), dtype=np.float32)
        return np.asarray(self.features[items] @ self.profile, dtype=np.float32) / self.total

    def seeds(self, items: np.ndarray) -> list[int | None]:
        """Per item, the listener's track whose facts are closest (``seed_for``, batched)."""
        if self.profile is None or not len(items):
            return [None] * len(items)
        similarity = (self.features[self.row.indices] @ self.features[items].T).toarray() * self.row.data[:, None]
        best = similarity.argmax(axis=0)
        return [int(self.row.indices[b]) if similarity[b, i] > 0 else None for i, b in enumerate(best.tolist())]
