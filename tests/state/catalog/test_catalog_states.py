"""Page states load DTOs through the catalog services and flag unknown entities."""

from __future__ import annotations

import pytest

from spoticlone import routes
from spoticlone.state.catalog.album import AlbumState
from spoticlone.state.catalog.artist import ArtistState
from spoticlone.state.catalog.browse import BrowseState
from spoticlone.state.catalog.genre import GenreState
from spoticlone.state.catalog.home import HomeState
from spoticlone.state.catalog.track import TrackState
from spoticlone.testing.driver import run
from tests.factories import make_album, make_artist, make_genre, make_track
from tests.state.conftest import make_state


@pytest.fixture
def catalog(session):
    genre = make_genre(session, name="Dream Pop", description="Hazy guitars.")
    artist = make_artist(session, stage_name="Velvet Echo", verified=True)
    album = make_album(session, title="Night Swim", artist_id=artist.id, genre_id=genre.id)
    tracks = [
        make_track(session, title=f"Song {n}", artist_id=artist.id, album_id=album.id,
                   genre_id=genre.id, track_number=n, duration_ms=200_000, play_count=10 - n,
                   lyrics="line one\nline two" if n == 1 else "")
        for n in (1, 2, 3)
    ]
    return {"genre": genre, "artist": artist, "album": album, "tracks": tracks}


def test_album_state_loads_tracklist(catalog):
    album = catalog["album"]
    ref = f"{album.id}-{album.slug}"
    path = routes.album_url(album.id, album.slug)
    state = run(AlbumState.load, make_state(AlbumState, routes.ALBUM_ROUTE, path, {"album_ref": ref}))
    assert not state.not_found
    assert state.album["title"] == "Night Swim"
    assert state.album["artist_name"] == "Velvet Echo"
    assert state.album["kind_label"] == "Album"
    assert [t["title"] for t in state.tracks] == ["Song 1", "Song 2", "Song 3"]
    assert state.total_length == "10 min 0 sec"
    assert state.page_title == "Night Swim - Velvet Echo | Spoticlone"


@pytest.mark.parametrize("ref", ["999-x", "garbage", "", "-1-x"])
def test_album_state_not_found(catalog, ref):
    state = run(AlbumState.load, make_state(AlbumState, routes.ALBUM_ROUTE, f"/album/{ref}", {"album_ref": ref}))
    assert state.not_found
    assert state.album == {} and state.tracks == []
    assert state.page_title.startswith("Not found")


def test_album_state_clears_previous_album_on_unknown_ref(catalog):
    album = catalog["album"]
    ref = f"{album.id}-{album.slug}"
    state = run(AlbumState.load, make_state(AlbumState, routes.ALBUM_ROUTE, f"/album/{ref}", {"album_ref": ref}))
    assert state.tracks
    state.parent_state.router = make_state(
        AlbumState, routes.ALBUM_ROUTE, "/album/999-gone", {"album_ref": "999-gone"}
    ).parent_state.router
    run(AlbumState.load, state)
    assert state.not_found and state.tracks == []


def test_track_state_loads_detail_with_lyrics(catalog):
    track = catalog["tracks"][0]
    ref = f"{track.id}-{track.slug}"
    state = run(TrackState.load, make_state(TrackState, routes.TRACK_ROUTE, f"/track/{ref}", {"track_ref": ref}))
    assert not state.not_found
    assert state.track["title"] == "Song 1"
    assert state.track["lyrics"] == "line one\nline two"
    assert state.track["album_title"] == "Night Swim"
    assert state.quality == "MP3"


@pytest.mark.parametrize("ref", ["999-x", "nope"])
def test_track_state_not_found(catalog, ref):
    state = run(TrackState.load, make_state(TrackState, routes.TRACK_ROUTE, f"/track/{ref}", {"track_ref": ref}))
    assert state.not_found


def test_artist_state_loads_top_tracks_and_albums(catalog):
    slug = catalog["artist"].slug
    params = {"artist_slug": slug}
    state = run(ArtistState.load, make_state(ArtistState, routes.ARTIST_ROUTE, f"/artist/{slug}", params))
    assert not state.not_found
    assert state.artist["name"] == "Velvet Echo" and state.artist["verified"] is True
    assert [t["title"] for t in state.top_tracks][:1] == ["Song 1"]  # most played first
    assert [a["title"] for a in state.albums] == ["Night Swim"]


def test_artist_state_not_found(catalog):
    params = {"artist_slug": "nobody"}
    state = run(ArtistState.load, make_state(ArtistState, routes.ARTIST_ROUTE, "/artist/nobody", params))
    assert state.not_found


def test_genre_state_paginates_tracks(catalog, session):
    genre = catalog["genre"]
    for n in range(25):
        make_track(session, title=f"Extra {n}", genre_id=genre.id, play_count=0)
    path = f"/genre/{genre.slug}?page=2"
    params = {"genre_slug": genre.slug, "page": "2"}
    state = run(GenreState.load, make_state(GenreState, routes.GENRE_ROUTE, path, params))
    assert not state.not_found
    assert state.genre["name"] == "Dream Pop"
    assert state.page == 2 and state.pages == 2
    assert len(state.tracks) == 28 - 20
    assert [a["title"] for a in state.albums] == ["Night Swim"]


def test_genre_state_not_found(catalog):
    state = run(GenreState.load, make_state(GenreState, routes.GENRE_ROUTE, "/genre/polka", {"genre_slug": "polka"}))
    assert state.not_found


def test_home_state_fills_shelves(catalog):
    state = run(HomeState.load, make_state(HomeState, routes.HOME, "/"))
    assert state.loaded and not state.is_empty
    assert [a["title"] for a in state.new_releases] == ["Night Swim"]
    assert state.popular_tracks[0]["title"] == "Song 1"
    assert [g["name"] for g in state.genres] == ["Dream Pop"]
    assert [a["name"] for a in state.featured_artists] == ["Velvet Echo"]


def test_home_state_empty_catalog(engine):
    state = run(HomeState.load, make_state(HomeState, routes.HOME, "/"))
    assert state.is_empty


def test_browse_state_pages_through_genres(session):
    for n in range(30):
        make_track(session, genre_id=make_genre(session, name=f"Style {n:02d}").id)
    state = run(BrowseState.load, make_state(BrowseState, routes.BROWSE, "/browse?page=2", {"page": "2"}))
    assert (state.page, state.pages, state.total) == (2, 2, 30)
    assert len(state.genres) == 6
    past_end = run(BrowseState.load, make_state(BrowseState, routes.BROWSE, "/browse?page=9", {"page": "9"}))
    assert past_end.page == 2 and len(past_end.genres) == 6
