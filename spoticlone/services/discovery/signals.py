"""Implicit feedback from the tables the app already keeps, turned into the engine's ``Dataset``.

Each signal adds a weight to one (listener, track) pair; ``dataset.interaction_matrix`` sums
them, drops pairs that come out negative and damps the rest with ``log1p``. The weights
(``WEIGHTS``) say how sure each signal is that the listener wants the track again:

* a completed play +1, a counted but unfinished play +0.5, an early skip (under
  ``EARLY_SKIP_MS``) -1: skipping in the first seconds is the clearest "no" a player sees;
* a like +4 and a playlist add +2: deliberate acts, rarer and stronger than a play;
* a saved album +1.5 on each of its tracks; a track rating ``(stars - 3) * 1.5`` (one star is
  -3, five stars +3) and an album rating half that on each track;
* an artist follow or an artist taste pick +1 on the artist's ``TOP_TRACKS`` most played
  tracks, a genre taste pick +0.5 on the genre's: how a new listener stops being cold.

Privacy: training reads only public playlists, so a private playlist never shapes what anyone
else is recommended; ``user_history`` adds the listener's own private playlists to their own
row only. Only published tracks are items: drafts, scheduled and withdrawn tracks never are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from sqlalchemy import case, func, or_, select as sa_select, true
from sqlmodel import Session, col

from spoticlone.models import (
    Album,
    ArtistFollow,
    PlayEvent,
    Playlist,
    PlaylistTrack,
    PlaylistVisibility,
    Rating,
    SavedAlbum,
    TastePick,
    Track,
    TrackFeaturedArtist,
    TrackLike,
    TrackLoudness,
    TrackStatus,
)
from spoticlone.services.discovery.dataset import UNKNOWN, Dataset

WEIGHTS = {
    "completed": 1.0, "partial": 0.5, "early_skip": -1.0, "like": 4.0, "playlist_add": 2.0,
    "saved_album": 1.5, "rating_step": 1.5, "album_rating_step": 0.75, "artist_follow": 1.0,
    "artist_pick": 1.0, "genre_pick": 0.5,
}
EARLY_SKIP_MS = 30_000
TOP_TRACKS = 5
GENRE_TOP_TRACKS = 10

#: One signal: (user id, track id, weight, when in seconds).
Signal = tuple[int, int, float, float]


def seconds(moment: datetime | None) -> float:
    """Epoch seconds of a stored time (SQLite hands back naive UTC)."""
    if moment is None:
        return 0.0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


@dataclass
class Lookups:
    """What turns album- and artist-level signals into tracks; kept with the trained engine."""

    by_album: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    top_by_artist: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    top_by_genre: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))


class Catalog:
    """Published tracks and their facts, read once per training run."""

    def __init__(self, session: Session) -> None:
        conn = session.connection()
        rows: list[Any] = list(conn.execute(
            sa_select(col(Track.id), col(Track.artist_id), col(Track.genre_id), col(Track.release_date),
                      col(Album.release_date), col(Track.created_at), col(Track.play_count),
                      col(Track.album_id), col(TrackLoudness.integrated_lufs))
            .select_from(Track)
            .outerjoin(Album, col(Album.id) == col(Track.album_id))
            .outerjoin(TrackLoudness, col(TrackLoudness.track_id) == col(Track.id))
            .where(col(Track.status) == TrackStatus.PUBLISHED)
            .order_by(col(Track.id))
        ).all())
        self.rows = rows
        self.item_ids = np.array([r[0] for r in rows], dtype=np.int64)
        self.index = {int(track_id): i for i, track_id in enumerate(self.item_ids)}
        artists = sorted({r[1] for r in rows})
        self.artist_ids = np.array(artists, dtype=np.int64)
        self.artist_index = {artist: i for i, artist in enumerate(artists)}
        genres = sorted({r[2] for r in rows if r[2] is not None})
        self.genre_index = {genre: i for i, genre in enumerate(genres)}
        by_plays = sorted(rows, key=lambda r: (-r[6], r[0]))
        self.lookups = Lookups()
        for r in by_plays:
            if len(self.lookups.top_by_artist[r[1]]) < TOP_TRACKS:
                self.lookups.top_by_artist[r[1]].append(r[0])
            if r[2] is not None and len(self.lookups.top_by_genre[r[2]]) < GENRE_TOP_TRACKS:
                self.lookups.top_by_genre[r[2]].append(r[0])
            if r[7] is not None:
                self.lookups.by_album[r[7]].append(r[0])
        featured: list[Any] = list(conn.execute(
            sa_select(col(TrackFeaturedArtist.track_id), col(TrackFeaturedArtist.artist_id))).all())
        self.featured = [(self.index[t], self.artist_index[a]) for t, a in featured
                         if t in self.index and a in self.artist_index]

    def dataset(self, signals: Iterable[Signal], *, now: float = 0.0) -> Dataset:
        """The ``Dataset`` of these signals over this catalog (signals on other tracks are dropped)."""
        users: dict[int, int] = {}
        ev_user, ev_item, ev_weight, ev_time = [], [], [], []
        for user_id, track_id, weight, when in signals:
            item = self.index.get(track_id)
            if item is None:
                continue
            ev_user.append(users.setdefault(user_id, len(users)))
            ev_item.append(item)
            ev_weight.append(weight)
            ev_time.append(when)
        year = [(r[3] or r[4]).year if (r[3] or r[4]) else np.nan for r in self.rows]
        featured = None
        if self.featured:
            items, artists = zip(*self.featured, strict=True)
            featured = sp.csr_matrix((np.ones(len(items), dtype=np.float32), (items, artists)),
                                     shape=(len(self.rows), len(self.artist_ids)))
        return Dataset(
            user_ids=np.array(list(users), dtype=np.int64), item_ids=self.item_ids,
            ev_user=np.array(ev_user, dtype=np.int64), ev_item=np.array(ev_item, dtype=np.int64),
            ev_weight=np.array(ev_weight, dtype=np.float32), ev_time=np.array(ev_time, dtype=np.float64),
            item_artist=np.array([self.artist_index[r[1]] for r in self.rows], dtype=np.int64),
            artist_ids=self.artist_ids,
            item_genre=np.array([self.genre_index.get(r[2], UNKNOWN) for r in self.rows], dtype=np.int64),
            item_year=np.array(year, dtype=np.float64),
            item_loudness=np.array([np.nan if r[8] is None else r[8] for r in self.rows], dtype=np.float64),
            item_added=np.array([seconds(r[5]) for r in self.rows], dtype=np.float64),
            item_featured=featured, now=now,
        )


def _rows(conn: Any, statement: Any) -> list[Any]:
    """Result rows untyped: each loop below unpacks columns of a different table."""
    return list(conn.execute(statement).all())


def load_dataset(session: Session, *, now: datetime | None = None) -> tuple[Dataset, Lookups]:
    """Every listener's signals on the published catalog (the training run's input)."""
    catalog = Catalog(session)
    data = catalog.dataset(collect_signals(session, catalog.lookups, listener=None),
                           now=seconds(now) if now else 0.0)
    return data, catalog.lookups


def user_history(session: Session, lookups: Lookups, *, listener: int) -> list[Signal]:
    """One listener's signals, their private playlists included (for their own row only)."""
    return list(collect_signals(session, lookups, listener=listener))


def collect_signals(session: Session, catalog: Lookups, *, listener: int | None) -> Iterable[Signal]:
    """Every weighted signal, for one listener or (``listener=None``) for all of them."""
    conn = session.connection()

    def mine(column):
        return true() if listener is None else column == listener

    play_weight = case(
        (col(PlayEvent.completed), WEIGHTS["completed"]),
        ((col(PlayEvent.skipped)) & (col(PlayEvent.ms_played) < EARLY_SKIP_MS), WEIGHTS["early_skip"]),
        (col(PlayEvent.counted), WEIGHTS["partial"]),
        else_=0.0,
    )
    for uid, tid, weight, last in _rows(conn,
        sa_select(col(PlayEvent.user_id), col(PlayEvent.track_id), func.sum(play_weight),
                  func.max(col(PlayEvent.started_at)))
        .where(col(PlayEvent.user_id).is_not(None), mine(col(PlayEvent.user_id)))
        .group_by(col(PlayEvent.user_id), col(PlayEvent.track_id))
    ):
        if weight:
            yield uid, tid, float(weight), seconds(last)
    for uid, tid, when in _rows(conn,
        sa_select(col(TrackLike.user_id), col(TrackLike.track_id), col(TrackLike.created_at))
        .where(mine(col(TrackLike.user_id)))
    ):
        yield uid, tid, WEIGHTS["like"], seconds(when)
    adder = func.coalesce(col(PlaylistTrack.added_by_id), col(Playlist.owner_id))
    shared = col(Playlist.visibility) == PlaylistVisibility.PUBLIC
    visible = shared if listener is None else (adder == listener) & or_(shared, col(Playlist.owner_id) == listener)
    for uid, added, when in _rows(conn,
        sa_select(adder, col(PlaylistTrack.track_id), col(PlaylistTrack.added_at))
        .join(Playlist, col(Playlist.id) == col(PlaylistTrack.playlist_id))
        .where(col(PlaylistTrack.track_id).is_not(None), visible)
    ):
        yield uid, added, WEIGHTS["playlist_add"], seconds(when)
    for uid, album_id, when in _rows(conn,
        sa_select(col(SavedAlbum.user_id), col(SavedAlbum.album_id), col(SavedAlbum.created_at))
        .where(mine(col(SavedAlbum.user_id)))
    ):
        for saved in catalog.by_album.get(album_id, ()):
            yield uid, saved, WEIGHTS["saved_album"], seconds(when)
    for uid, tid, album_id, stars, when in _rows(conn,
        sa_select(col(Rating.user_id), col(Rating.track_id), col(Rating.album_id), col(Rating.stars),
                  col(Rating.updated_at)).where(mine(col(Rating.user_id)))
    ):
        if tid is not None:
            yield uid, tid, (stars - 3) * WEIGHTS["rating_step"], seconds(when)
        else:
            for album_track in catalog.by_album.get(album_id, ()):
                yield uid, album_track, (stars - 3) * WEIGHTS["album_rating_step"], seconds(when)
    for uid, artist_id, when in _rows(conn,
        sa_select(col(ArtistFollow.user_id), col(ArtistFollow.artist_id), col(ArtistFollow.created_at))
        .where(mine(col(ArtistFollow.user_id)))
    ):
        for followed in catalog.top_by_artist.get(artist_id, ()):
            yield uid, followed, WEIGHTS["artist_follow"], seconds(when)
    for uid, artist_id, genre_id, when in _rows(conn,
        sa_select(col(TastePick.user_id), col(TastePick.artist_id), col(TastePick.genre_id),
                  col(TastePick.created_at)).where(mine(col(TastePick.user_id)))
    ):
        if artist_id is not None:
            picked, weight = catalog.top_by_artist.get(artist_id, []), WEIGHTS["artist_pick"]
        else:
            picked, weight = catalog.top_by_genre.get(genre_id, []), WEIGHTS["genre_pick"]
        for pick in picked:
            yield uid, pick, weight, seconds(when)
