"""Home/Browse shelves, and "Not interested" from a track menu: gone at once, Undo, the settings list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from spoticlone import routes
from spoticlone.models import NotInterested, PlaylistVisibility, Role
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.discovery import editorial
from spoticlone.state.discovery.editorial import EditorialShelvesState
from spoticlone.state.discovery.mixes import MixState
from spoticlone.state.discovery.not_interested import NotInterestedState
from spoticlone.testing.driver import call, events_of, is_sign_in_redirect, run
from tests import factories
from tests.aio import run_async
from tests.state.conftest import make_state


@pytest.fixture
def world(session):
    artists = [factories.make_artist(session, stage_name=f"Singer {i}") for i in range(2)]
    tracks = [factories.make_track(session, title=f"Song {i}", artist_id=artists[i % 2].id, play_count=i)
              for i in range(6)]
    return {"artists": artists, "tracks": tracks, "me": factories.make_user(session)}


def _on(session, state_cls, route, path, params=None, user=None):
    token = create_session(session, user_id=user.id) if user else None
    return make_state(state_cls, route, path, params or {}, session_token=token)


def test_shelves_show_live_public_features_with_their_blurb(session, world):
    admin = factories.make_user(session, role=Role.ADMIN)
    now = datetime.now(UTC)
    playlists = [factories.make_playlist(session, owner=world["me"], name=n, tracks=world["tracks"][:2],
                                         visibility=PlaylistVisibility.PUBLIC) for n in ("Live", "Later", "Gone")]
    editorial.add_feature(session, actor=admin, playlist_id=playlists[0].id, starts_at=now - timedelta(hours=1),
                          blurb="Editors' pick")
    editorial.add_feature(session, actor=admin, playlist_id=playlists[1].id, starts_at=now + timedelta(days=1))
    editorial.add_feature(session, actor=admin, playlist_id=playlists[2].id, starts_at=now - timedelta(hours=1),
                          shelf="Focus")
    playlists[2].visibility = PlaylistVisibility.PRIVATE
    session.add(playlists[2])
    session.commit()
    state = run(EditorialShelvesState.load, _on(session, EditorialShelvesState, routes.HOME, "/"))
    assert [(s["title"], [f["name"] for f in s["features"]]) for s in state.shelves] == [
        ("Featured playlists", ["Live"])]
    card = state.shelves[0]["features"][0]
    assert card["blurb"] == "Editors' pick" and card["url"].startswith(f"/playlist/{playlists[0].id}-")


def _mix_and_hider(session, user):
    hider = _on(session, NotInterestedState, routes.MIX_ROUTE, "/mix/discover-weekly",
                {"mix_id": "discover-weekly"}, user)
    mix = run_async(hider.get_state(MixState))
    run(MixState.load, mix)
    return hider, mix


def test_not_interested_from_the_menu_removes_the_row_and_undo_brings_it_back(session, world):
    hider, mix = _mix_and_hider(session, world["me"])
    gone = mix.tracks[0]
    events = events_of(NotInterestedState.hide_track, hider, gone["id"], gone["title"])
    assert gone["id"] not in [t["id"] for t in mix.tracks]
    assert "Undo" in str(events[0])
    assert [r.track_id for r in session.exec(select(NotInterested)).all()] == [gone["id"]]
    call(NotInterestedState.undo, hider)
    assert session.exec(select(NotInterested)).all() == []
    assert mix.tracks[0] == gone and mix.mix["track_count"] == len(mix.tracks)  # back where it was
    assert call(NotInterestedState.undo, hider) is None  # nothing left to undo


def test_not_interested_in_an_artist_removes_all_their_rows(session, world):
    hider, mix = _mix_and_hider(session, world["me"])
    singer = mix.tracks[0]["artist_name"]
    call(NotInterestedState.hide_artist, hider, mix.tracks[0]["id"])
    assert mix.tracks and all(t["artist_name"] != singer for t in mix.tracks)
    fresh = run(MixState.load, _on(session, MixState, routes.MIX_ROUTE, "/mix/discover-weekly",
                                   {"mix_id": "discover-weekly"}, world["me"]))
    assert all(t["artist_name"] != singer for t in fresh.tracks)


def test_the_settings_list_shows_and_removes_hidden_items(session, world):
    state = _on(session, NotInterestedState, routes.SETTINGS_PLAYBACK, "/settings/playback", user=world["me"])
    call(NotInterestedState.hide_track, state, world["tracks"][0].id, "Song 0")
    run(NotInterestedState.load, state)
    assert [(i["kind"], i["name"]) for i in state.items] == [("track", "Song 0")]
    run(NotInterestedState.remove, state, "track", world["tracks"][0].id)
    assert state.items == [] and session.exec(select(NotInterested)).all() == []
    run(NotInterestedState.remove, state, "playlist", 1)
    assert state.error == "That item is not hidden."


def test_visitors_are_sent_to_sign_in_and_bad_ids_change_nothing(session, world):
    state = _on(session, NotInterestedState, routes.HOME, "/")
    assert is_sign_in_redirect(call(NotInterestedState.hide_track, state, world["tracks"][0].id, "x"))
    me = _on(session, NotInterestedState, routes.HOME, "/", user=world["me"])
    for bad in (0, -1, 2**63, True, "7"):
        call(NotInterestedState.hide_track, me, bad, "x")
        call(NotInterestedState.hide_artist, me, bad)
    call(NotInterestedState.hide_track, me, 424242, "x")
    assert session.exec(select(NotInterested)).all() == []
