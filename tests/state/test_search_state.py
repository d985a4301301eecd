"""SearchState: ?q= on load, typing searches and mirrors the URL, honest empty results."""

from __future__ import annotations

import pytest

from spoticlone import routes
from spoticlone.state.search import SearchState, search_url
from tests.factories import make_album, make_artist, make_track
from tests.state.conftest import make_state, run


@pytest.fixture
def catalog(session):
    artist = make_artist(session, stage_name="Hollow Pines")
    album = make_album(session, title="Midnight Arcade", artist_id=artist.id)
    make_track(session, title="Midnight Arcade", artist_id=artist.id, album_id=album.id)
    make_track(session, title="Quiet Room", artist_id=artist.id, lyrics="all night long at midnight")


def test_load_reads_the_query_from_the_url(catalog):
    state = make_state(SearchState, routes.SEARCH, "/search?q=midn", {"q": "midn"})
    run(SearchState.load, state)
    assert state.query == "midn" and state.searched == "midn"
    assert [t["title"] for t in state.tracks] == ["Midnight Arcade"]
    assert state.tracks[0]["artist_name"] == "Hollow Pines"
    assert state.albums[0]["title"] == "Midnight Arcade"
    assert state.top["title"] == "Midnight Arcade"
    assert state.has_query and state.total >= 2


def test_typing_searches_and_reports_corrections(catalog):
    state = make_state(SearchState, routes.SEARCH, "/search")
    run(SearchState.load, state)
    assert not state.has_query and state.total == 0
    run(SearchState.set_query, state, "holow pines")
    assert state.corrected == "hollow pines"
    assert state.artists[0]["name"] == "Hollow Pines"
    run(SearchState.set_query, state, "midnight")
    assert state.lyrics[0]["title"] == "Quiet Room" and "midnight" in state.lyrics[0]["snippet"]


def test_no_results_and_hostile_input(catalog):
    state = make_state(SearchState, routes.SEARCH, "/search")
    run(SearchState.set_query, state, "zzzzqqq")
    assert state.has_query and state.total == 0 and state.tracks == []
    run(SearchState.set_query, state, '"foo AND OR (' + "x" * 500)
    assert len(state.query) <= 100


def test_search_url_is_shareable():
    assert search_url("café noir") == "/search?q=caf%C3%A9%20noir"
    assert search_url("  ") == "/search"
