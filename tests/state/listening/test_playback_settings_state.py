"""The Playback settings page and the player's use of the settings, without a browser."""

from __future__ import annotations

import json
import re

from spoticlone import routes
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.listening import playback
from spoticlone.state.listening.playback_settings import PlaybackSettingsState
from spoticlone.state.listening.player import PlayerState
from spoticlone.state.listening.queue import QueueState
from spoticlone.testing.driver import event_arg, event_kind, events_of, run
from tests.factories import make_account, make_track
from tests.state.conftest import make_state


def page(token: str | None = None) -> PlaybackSettingsState:
    state = make_state(PlaybackSettingsState, routes.SETTINGS_PLAYBACK, routes.SETTINGS_PLAYBACK,
                       session_token=token)
    run(PlaybackSettingsState.load, state)
    return state


def player_of(state) -> PlayerState:
    return state.parent_state.get_substate(PlayerState.get_full_name().split("."))


def scripts(events) -> list[str]:
    return [event_arg(e, "javascript_code") for e in events if event_kind(e) == "_call_script"]


def load_payload(script: str) -> dict:
    return json.loads(re.search(r"\)\((\{.*\})\)$", script).group(1))


def test_the_page_shows_saves_and_tells_the_player(session):
    user = make_account(session, username="ann", email="ann@example.com")
    state = page(create_session(session, user_id=user.id))
    assert (state.loaded, state.quality, state.normalise) == (True, "normal", True)

    events = events_of(PlaybackSettingsState.choose_quality, state, "high")
    assert state.quality == "high" and "High" in state.notice and state.error == ""
    assert player_of(state)._quality == "high"
    assert any("setNormalise(true)" in s for s in scripts(events))
    events = events_of(PlaybackSettingsState.choose_normalise, state, False)
    assert state.normalise is False and any("setNormalise(false)" in s for s in scripts(events))
    assert playback.get_settings(session, actor=user).model_dump() == {
        "streaming_quality": "high", "normalise_volume": False}


def test_bad_values_from_a_forged_event_change_nothing(session):
    user = make_account(session, username="ann", email="ann@example.com")
    state = page(create_session(session, user_id=user.id))
    for value in ("ultra", 3, None, {"q": "high"}, "x" * 5000):
        run(PlaybackSettingsState.choose_quality, state, value)
        assert state.error and state.quality == "normal"
    for value in ("on", 1, None):
        run(PlaybackSettingsState.choose_normalise, state, value)
        assert state.error and state.normalise is True
    assert playback.get_settings(session, actor=user).streaming_quality == "normal"


def test_a_signed_out_visitor_is_sent_to_sign_in_and_nothing_is_saved(session):
    state = page()
    assert state.loaded is False
    events = events_of(PlaybackSettingsState.choose_quality, state, "low")
    assert any(routes.SIGN_IN in str(e) for e in events)
    assert player_of(state)._quality == "normal"


def test_the_player_streams_at_the_listener_quality_with_normalisation(session):
    user = make_account(session, username="ann", email="ann@example.com")
    playback.update_settings(session, actor=user, streaming_quality="low", normalise_volume=False)
    track = make_track(session, title="Tone")
    queue = make_state(QueueState, routes.HOME, "/", session_token=create_session(session, user_id=user.id))
    player = player_of(queue)
    events_of(PlayerState.load_settings, player)
    script = scripts(events_of(QueueState.play_list, queue, [track.id], 0, "track", str(track.id)))[0]
    payload = load_payload(script)
    assert payload["src"] == routes.stream_url(track.id) + "?quality=low"
    assert payload["normalise"] is False and payload["gain_url"] == routes.normalisation_url(track.id)


def test_an_anonymous_player_uses_the_defaults(session):
    track = make_track(session, title="Tone")
    queue = make_state(QueueState, routes.HOME, "/")
    events_of(PlayerState.load_settings, player_of(queue))
    payload = load_payload(scripts(events_of(QueueState.play_list, queue, [track.id], 0, "track", "x"))[0])
    assert payload["src"].endswith("?quality=normal") and payload["normalise"] is True


def test_signing_in_elsewhere_brings_the_account_settings_at_the_next_play(session):
    user = make_account(session, username="ann", email="ann@example.com")
    playback.update_settings(session, actor=user, streaming_quality="original")
    track = make_track(session, title="Tone")
    queue = make_state(QueueState, routes.HOME, "/", session_token=create_session(session, user_id=user.id))
    player = player_of(queue)
    player._settings_for = 0  # loaded while signed out
    run(QueueState.play_list, queue, [track.id], 0, "track", "x")
    events = events_of(PlayerState.playing, player)
    assert player._quality == "original" and player._settings_for == user.id
    assert any("setNormalise(true)" in s for s in scripts(events))
    assert player._play_id is not None
