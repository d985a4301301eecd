"""Made for you, mix pages, the taste picker and similar music: handlers act only as the cookie's account."""

from __future__ import annotations

import pytest
from sqlmodel import select

from spoticlone import routes
from spoticlone.models import NotInterested, Playlist, TastePick
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.discovery.mixes import MadeForYouState, MixState
from spoticlone.state.discovery.similar import FansAlsoLikeState, SimilarTracksState
from spoticlone.state.discovery.tastes import TastePickerState
from spoticlone.testing.driver import call, is_sign_in_redirect, run
from tests import factories
from tests.state.conftest import make_state


@pytest.fixture
def world(session):
    genre = factories.make_genre(session, name="Dream Pop")
    artists = [factories.make_artist(session, stage_name=f"Singer {i}") for i in range(2)]
    tracks = [factories.make_track(session, title=f"Song {i}", artist_id=artists[i % 2].id, genre_id=genre.id,
                                   play_count=i) for i in range(6)]
    return {"genre": genre, "artists": artists, "tracks": tracks,
            "me": factories.make_user(session), "other": factories.make_user(session)}


def _on(session, state_cls, route, path, params=None, user=None):
    token = create_session(session, user_id=user.id) if user else None
    return make_state(state_cls, route, path, params or {}, session_token=token)


def _mix(session, mix_id, user=None):
    return _on(session, MixState, routes.MIX_ROUTE, f"/mix/{mix_id}", {"mix_id": mix_id}, user)


def test_home_shows_mixes_picks_and_the_taste_prompt_to_a_new_listener(session, world):
    state = run(MadeForYouState.load, _on(session, MadeForYouState, routes.HOME, "/", user=world["me"]))
    titles = [m["title"] for m in state.mixes]
    assert titles == ["Dream Pop Mix", "Discover Weekly", "Release Radar"]
    assert state.mixes[0]["url"] == f"/mix/daily-genre-{world['genre'].id}"
    assert state.needs_tastes is True and len(state.picks) == 4  # two artists, at most two tracks each
    assert state.picks[0]["artist_name"]  # flattened for the track rows


def test_home_has_no_personal_shelf_for_visitors(session, world):
    state = run(MadeForYouState.load, _on(session, MadeForYouState, routes.HOME, "/"))
    assert state.mixes == [] and state.picks == [] and state.needs_tastes is False


def test_mix_page_loads_plays_in_order_and_knows_unknown_ids(session, world):
    state = run(MixState.load, _mix(session, "discover-weekly", world["me"]))
    assert state.ready and state.mix["title"] == "Discover Weekly"
    assert [t["id"] for t in state.tracks][:1] == [world["tracks"][-1].id]
    missing = run(MixState.load, _mix(session, "daily-genre-424242", world["me"]))
    assert missing.not_found and missing.mix == {}


def test_mix_page_sends_visitors_to_sign_in(session, world):
    state = _mix(session, "discover-weekly")
    assert is_sign_in_redirect(call(MixState.load, state))
    assert state.mix == {}


def test_save_as_playlist_makes_the_listeners_own_playlist(session, world):
    state = run(MixState.load, _mix(session, "discover-weekly", world["me"]))
    call(MixState.save, state)
    playlist = session.exec(select(Playlist).where(Playlist.owner_id == world["me"].id)).one()
    assert playlist.name == "Discover Weekly" and state.saved_url == f"/playlist/{playlist.id}-discover-weekly"
    assert "Saved" in state.notice and state.error == ""


def test_not_interested_removes_the_row_at_once_and_only_for_this_listener(session, world):
    state = run(MixState.load, _mix(session, "discover-weekly", world["me"]))
    gone = state.tracks[0]["id"]
    call(MixState.not_interested, state, gone)
    assert gone not in [t["id"] for t in state.tracks]
    rows = session.exec(select(NotInterested)).all()
    assert [(r.user_id, r.track_id) for r in rows] == [(world["me"].id, gone)]
    again = run(MixState.load, _mix(session, "discover-weekly", world["me"]))
    assert gone not in [t["id"] for t in again.tracks]
    theirs = run(MixState.load, _mix(session, "discover-weekly", world["other"]))
    assert gone in [t["id"] for t in theirs.tracks]


@pytest.mark.parametrize("bad", [0, -1, 2**64, True, "1"])
def test_not_interested_refuses_bad_ids_and_changes_nothing(session, world, bad):
    state = run(MixState.load, _mix(session, "discover-weekly", world["me"]))
    before = list(state.tracks)
    call(MixState.not_interested, state, bad)
    assert state.tracks == before and state.error
    assert session.exec(select(NotInterested)).all() == []


def test_taste_picker_toggles_only_offered_choices_and_saves(session, world):
    state = _on(session, TastePickerState, routes.WELCOME_TASTES, "/welcome/tastes", user=world["me"])
    run(TastePickerState.load, state)
    assert [g["name"] for g in state.genres] == ["Dream Pop"] and len(state.artists) == 2
    run(TastePickerState.toggle_genre, state, world["genre"].id)
    run(TastePickerState.toggle_artist, state, world["artists"][1].id)
    run(TastePickerState.toggle_artist, state, 999_999)  # not offered: ignored
    run(TastePickerState.toggle_artist, state, world["artists"][0].id)
    run(TastePickerState.toggle_artist, state, world["artists"][0].id)  # twice: off again
    assert state.picked_count == 2
    call(TastePickerState.save, state)
    picks = session.exec(select(TastePick).where(TastePick.user_id == world["me"].id)).all()
    assert {(p.genre_id, p.artist_id) for p in picks} == {(world["genre"].id, None), (None, world["artists"][1].id)}
    home = run(MadeForYouState.load, _on(session, MadeForYouState, routes.HOME, "/", user=world["me"]))
    assert home.needs_tastes is False and "Singer 1 and more" in [m["title"] for m in home.mixes]


def test_taste_picker_sends_visitors_to_sign_in(session, world):
    state = _on(session, TastePickerState, routes.WELCOME_TASTES, "/welcome/tastes")
    assert is_sign_in_redirect(call(TastePickerState.load, state))


def test_fans_also_like_and_similar_tracks_load_for_anyone(session, world):
    first, second = world["artists"]
    fans = _on(session, FansAlsoLikeState, routes.ARTIST_ROUTE, f"/artist/{first.slug}", {"artist_slug": first.slug})
    assert [a["id"] for a in run(FansAlsoLikeState.load, fans).artists][:1] == [second.id]
    track = world["tracks"][0]
    ref = f"{track.id}-{track.slug}"
    similar = _on(session, SimilarTracksState, routes.TRACK_ROUTE, f"/track/{ref}", {"track_ref": ref})
    found = [t["id"] for t in run(SimilarTracksState.load, similar).tracks]
    assert track.id not in found and len(found) == 5
    bad = _on(session, SimilarTracksState, routes.TRACK_ROUTE, "/track/x", {"track_ref": "nope"})
    assert run(SimilarTracksState.load, bad).tracks == []
