""""Add to playlist" from any page, the "already added" question, and the handlers' safety net.

A tab keeps ``PlaylistState`` after it leaves a playlist page; adding a song from
another page must neither fail nor show a framework error. Any handler failure is a
message for the listener, never Reflex's "Contact the website administrator".
"""

from __future__ import annotations

import logging

import pytest
from reflex.istate.data import RouterData
from sqlmodel import select

from spoticlone import routes
from spoticlone.models import PlaylistTrack
from spoticlone.services.core.errors import Invalid
from spoticlone.state import safety
from spoticlone.state.library.add_to_playlist import AddToPlaylistState
from spoticlone.state.library.playlist import PlaylistState
from spoticlone.testing.driver import call
from tests import factories
from tests.state.playlist_helpers import load, on_page


@pytest.fixture
def world(session):
    owner = factories.make_user(session, username="owner")
    album = factories.make_album(session, title="Night Swim")
    songs = [factories.make_track(session, title=f"Song {i}", album_id=album.id, artist_id=album.artist_id)
             for i in range(3)]
    mix = factories.make_playlist(session, owner=owner, tracks=songs[:1], name="Day mix")
    return {"owner": owner, "album": album, "songs": songs, "mix": mix.id}


def order(session, playlist_id: int) -> list[int]:
    session.expire_all()
    return list(session.exec(select(PlaylistTrack.track_id).where(PlaylistTrack.playlist_id == playlist_id)
                             .order_by(PlaylistTrack.position)).all())


def go_to_album(state, album) -> None:
    """Client-side navigation: the same state tree, now on the album page."""
    ref = f"{album.id}-{album.slug}"
    state.parent_state.router = RouterData.from_router_data(
        {"pathname": routes.ALBUM_ROUTE, "asPath": f"/album/{ref}", "query": {"album_ref": ref},
         "headers": dict(state.router.headers.raw_headers)}
    )


def test_adding_from_another_page_after_a_playlist_page_was_open(session, world):
    playlist_page = load(on_page(session, PlaylistState, world["mix"], world["owner"]))
    assert playlist_page.playlist["id"] == world["mix"]
    go_to_album(playlist_page, world["album"])
    adder = playlist_page.parent_state.get_substate(AddToPlaylistState.get_full_name().split("."))
    song = world["songs"][1].id
    events = call(AddToPlaylistState.add, adder, world["mix"], song)
    assert "Added to Day mix" in str(events) and "does not exist" not in str(events)
    assert adder.error == "" and order(session, world["mix"]) == [world["songs"][0].id, song]


def test_adding_on_the_playlist_page_shows_the_new_song(session, world):
    playlist_page = load(on_page(session, PlaylistState, world["mix"], world["owner"]))
    adder = playlist_page.parent_state.get_substate(AddToPlaylistState.get_full_name().split("."))
    song = world["songs"][2].id
    call(AddToPlaylistState.add, adder, world["mix"], song)
    assert [i["id"] for i in playlist_page.items] == [world["songs"][0].id, song]


def test_a_song_already_in_the_playlist_asks_before_adding_it_again(session, world):
    adder = on_page(session, AddToPlaylistState, world["mix"], world["owner"])
    call(AddToPlaylistState.menu_opened, adder, True)
    already = world["songs"][0].id
    events = call(AddToPlaylistState.add, adder, world["mix"], already)
    assert "Added to" not in str(events)
    assert adder.duplicate == {"playlist_id": world["mix"], "playlist_name": "Day mix", "track_id": already}
    assert order(session, world["mix"]) == [already]
    call(AddToPlaylistState.keep_one, adder)  # "Don't add"
    assert adder.duplicate == {} and order(session, world["mix"]) == [already]
    call(AddToPlaylistState.add, adder, world["mix"], already)
    events = call(AddToPlaylistState.add_anyway, adder)  # "Add anyway"
    assert "Added to Day mix" in str(events) and adder.duplicate == {}
    assert order(session, world["mix"]) == [already, already]
    assert call(AddToPlaylistState.add_anyway, adder) is None  # nothing pending: nothing added
    assert order(session, world["mix"]) == [already, already]


def test_an_unexpected_failure_is_logged_and_shown_as_a_friendly_message(session, world, monkeypatch, caplog):
    def broken(*_args, **_kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("spoticlone.services.library.playlists.tracks.add_tracks", broken)
    adder = on_page(session, AddToPlaylistState, world["mix"], world["owner"])
    with caplog.at_level(logging.ERROR, logger="spoticlone.state.safety"):
        events = call(AddToPlaylistState.add, adder, world["mix"], world["songs"][1].id)
    assert safety.FRIENDLY_ERROR in str(events) and "database on fire" not in str(events)
    assert "database on fire" in caplog.text and "AddToPlaylistState.add" in caplog.text


def test_the_apps_last_net_never_says_contact_the_administrator(caplog):
    with caplog.at_level(logging.ERROR, logger="spoticlone.state.safety"):
        bug = str(safety.backend_exception_handler(KeyError("boom")))
    assert safety.FRIENDLY_ERROR in bug and "administrator" not in bug and "boom" not in bug
    assert "boom" in caplog.text
    refusal = str(safety.backend_exception_handler(Invalid("Give the playlist a name.")))
    assert "Give the playlist a name." in refusal and "administrator" not in refusal


def test_the_app_uses_the_safety_net():
    from spoticlone.spoticlone import app

    assert app.backend_exception_handler is safety.backend_exception_handler
