"""API test fixtures: a TestClient over ``create_api()`` bound to the per-test database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from fastapi.testclient import TestClient

from spoticlone.models import Album, ArtistProfile, Genre, Track, TrackStatus
from tests import factories


@pytest.fixture
def api(engine):
    from spoticlone.api.app import create_api
    from spoticlone.api.deps import get_session
    from spoticlone.db import session_scope

    app = create_api()

    def session_override():
        with session_scope(engine) as session:
            yield session

    app.dependency_overrides[get_session] = session_override
    with TestClient(app) as client:
        yield client


@dataclass
class Catalog:
    genre: Genre
    other_genre: Genre
    artist: ArtistProfile
    album: Album
    tracks: list[Track]
    draft: Track
    draft_only_album: Album


@pytest.fixture
def catalog(session, store) -> Catalog:
    """One genre with an artist, an album of three tracks and a draft; plus a second genre."""
    cover = store.put_bytes("covers", "png", b"\x89PNG\r\n\x1a\nfake")
    genre = factories.make_genre(session, name="Synthwave", description="Neon & <chrome>")
    other = factories.make_genre(session, name="Ambient")
    artist = factories.make_artist(session, stage_name="Nova Drive")
    album = factories.make_album(
        session, title="Night Run", artist_id=artist.id, genre_id=genre.id, cover_key=cover,
        release_date=date(2023, 5, 1),
    )
    tracks = [
        factories.make_track(
            session, title=f"Night Run {n}", artist_id=artist.id, album_id=album.id,
            genre_id=genre.id, track_number=n, play_count=10 * n,
        )
        for n in (1, 2, 3)
    ]
    factories.make_track(session, title="Drone", genre_id=other.id)
    draft_album = factories.make_album(session, title="Unreleased", artist_id=artist.id)
    draft = factories.make_track(
        session, title="Secret Demo", artist_id=artist.id, album_id=draft_album.id,
        genre_id=genre.id, status=TrackStatus.DRAFT, play_count=1000,
    )
    return Catalog(genre, other, artist, album, tracks, draft, draft_album)

