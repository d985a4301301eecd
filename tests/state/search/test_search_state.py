"""SearchState: ?q= on load, typing searches and mirrors the URL, honest empty results,
and the empty page's genre tiles and per-account recent searches."""

from __future__ import annotations

import pytest

from spoticlone import routes
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.search import recent
from spoticlone.state.search import SearchState, search_url
from spoticlone.testing.driver import drive, run
from tests.factories import make_account, make_album, make_artist, make_genre, make_track
from tests.state.conftest import make_state


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
    outcome = drive(SearchState.set_query, state, "midnight")
    assert state.lyrics[0]["title"] == "Quiet Room" and "midnight" in state.lyrics[0]["snippet"]
    # The URL follows in the same update as the results: one update per search, not two.
    assert not outcome.is_generator and "/search?q=midnight" in str(outcome.last)


def test_no_results_and_hostile_input(catalog):
    state = make_state(SearchState, routes.SEARCH, "/search")
    run(SearchState.set_query, state, "zzzzqqq")
    assert state.has_query and state.total == 0 and state.tracks == []
    run(SearchState.set_query, state, '"foo AND OR (' + "x" * 500)
    assert len(state.query) <= 100


def test_search_url_is_shareable():
    assert search_url("café noir") == "/search?q=caf%C3%A9%20noir"
    assert search_url("  ") == "/search"


def _signed_in(session, user, path: str = "/search", params: dict | None = None) -> SearchState:
    return make_state(SearchState, routes.SEARCH, path, params,
                      session_token=create_session(session, user_id=user.id))


def _recent(session, user) -> list[str]:
    return [i.query for i in recent.list_recent(session, actor=user).items]


def test_empty_page_has_genre_tiles_and_no_list_for_visitors(session, catalog):
    rock = make_genre(session, name="Rock")
    make_track(session, title="Riff", genre_id=rock.id)
    state = make_state(SearchState, routes.SEARCH, "/search")
    run(SearchState.load, state)
    assert [g["name"] for g in state.tiles] == ["Rock"] and state.tiles[0]["url"] == "/genre/rock"
    assert state.recent == []
    run(SearchState.commit, state, {"q": "midnight"})  # a visitor searches; nothing is kept
    assert state.total > 0 and state.recent == []


def test_typing_alone_records_nothing_enter_and_opening_do(session, catalog):
    ada = make_account(session, username="ada")
    state = _signed_in(session, ada)
    run(SearchState.load, state)
    assert state.recent == []
    for partial in ("m", "mid", "midn"):
        run(SearchState.set_query, state, partial)
    assert _recent(session, ada) == []  # search-as-you-type is not a commitment
    run(SearchState.opened_result, state)  # a result of "midn" opened
    assert state.recent == ["midn"] and _recent(session, ada) == ["midn"]
    # Enter before the debounced change arrived: the submitted text is what counts.
    run(SearchState.commit, state, {"q": "Hollow Pines"})
    assert state.searched == "Hollow Pines" and state.recent == ["Hollow Pines", "midn"]
    run(SearchState.commit, state, {"q": "zzzzqqq"})  # nothing found: not offered back
    assert state.recent == ["Hollow Pines", "midn"]
    run(SearchState.opened_result, state)
    assert _recent(session, ada) == ["Hollow Pines", "midn"]


def test_recent_list_is_per_account_reused_and_cleared(session, catalog):
    ada, bob = make_account(session, username="ada"), make_account(session, username="bob")
    recent.record(session, actor=ada, query="quiet room")
    recent.record(session, actor=ada, query="midnight")
    recent.record(session, actor=bob, query="bob's secret")
    state = _signed_in(session, ada)
    run(SearchState.load, state)
    assert state.recent == ["midnight", "quiet room"]
    run(SearchState.use_recent, state, "quiet room")
    assert state.searched == "quiet room" and state.total > 0
    assert state.recent == ["quiet room", "midnight"]
    run(SearchState.clear_recent, state)
    assert state.recent == [] and _recent(session, ada) == []
    assert _recent(session, bob) == ["bob's secret"]  # ada's clear leaves bob's alone
    # A fresh visit after clearing shows no list.
    again = _signed_in(session, ada)
    run(SearchState.load, again)
    assert again.recent == []
