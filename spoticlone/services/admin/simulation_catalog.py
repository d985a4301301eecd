"""The catalog as the activity simulator sees it: what can be played, and in which groups.

Read once before a run, so each simulated choice is a dictionary look-up, not a query:
published tracks with their length, albums in track order, artists' tracks from most to
least popular, public playlists, and the names people would type into search.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from spoticlone.models import (
    ArtistProfile,
    Playlist,
    PlaylistTrack,
    PlaylistVisibility,
    Track,
    TrackStatus,
)
from spoticlone.services.admin.simulation_model import Popularity


@dataclass
class Catalog:
    """Published tracks and how they group, keyed by id."""

    durations: dict[int, int] = field(default_factory=dict)
    titles: dict[int, str] = field(default_factory=dict)
    album_of: dict[int, int] = field(default_factory=dict)
    artist_of: dict[int, int] = field(default_factory=dict)
    albums: dict[int, list[int]] = field(default_factory=dict)
    artists: dict[int, list[int]] = field(default_factory=dict)
    artist_names: dict[int, str] = field(default_factory=dict)
    playlists: dict[int, list[int]] = field(default_factory=dict)

    def order_artists(self, popularity: Popularity) -> None:
        """Sort each artist's tracks most popular first (as an artist page lists them)."""
        rank = {track_id: place for place, track_id in enumerate(popularity.order)}
        for tracks in self.artists.values():
            tracks.sort(key=rank.__getitem__)


def load_catalog(session: Session) -> Catalog:
    """Everything a simulated listener can play, read in three queries."""
    catalog = Catalog()
    # Five columns: SQLAlchemy's select (SQLModel's stops at four).
    rows = session.execute(
        sa_select(col(Track.id), col(Track.duration_ms), col(Track.album_id), col(Track.artist_id), col(Track.title))
        .where(col(Track.status) == TrackStatus.PUBLISHED)
        .order_by(col(Track.album_id), col(Track.disc_number), col(Track.track_number), col(Track.id))
    ).all()
    albums: dict[int, list[int]] = defaultdict(list)
    artists: dict[int, list[int]] = defaultdict(list)
    for track_id, duration, album_id, artist_id, title in rows:
        assert track_id is not None
        catalog.durations[track_id] = duration or 180_000
        catalog.titles[track_id] = title
        catalog.artist_of[track_id] = artist_id
        artists[artist_id].append(track_id)
        if album_id is not None:
            catalog.album_of[track_id] = album_id
            albums[album_id].append(track_id)
    catalog.albums, catalog.artists = dict(albums), dict(artists)
    catalog.artist_names = {
        artist_id: name for artist_id, name in session.exec(
            select(ArtistProfile.id, ArtistProfile.stage_name).where(col(ArtistProfile.id).in_(list(artists)))
        ).all() if artist_id is not None
    }
    playlists: dict[int, list[int]] = defaultdict(list)
    for playlist_id, track_id in session.exec(
        select(PlaylistTrack.playlist_id, PlaylistTrack.track_id)
        .join(Playlist, col(Playlist.id) == col(PlaylistTrack.playlist_id))
        .where(col(Playlist.visibility) == PlaylistVisibility.PUBLIC)
        .order_by(col(PlaylistTrack.playlist_id), col(PlaylistTrack.position))
    ).all():
        if track_id in catalog.durations:
            playlists[playlist_id].append(track_id)
    catalog.playlists = dict(playlists)
    return catalog
