"""The radio page and the queue: opening starts and plays a station, the queue refills and says
"Radio: <seed>", reopening the playing station does not restart it, visitors sign in first."""

from __future__ import annotations

import pytest

from spoticlone import routes
from spoticlone.models import PlaylistVisibility
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.discovery.radio import RadioState
from spoticlone.state.listening.queue import QueueState
from spoticlone.testing.driver import call, is_sign_in_redirect, run
from tests import factories
from tests.state.conftest import make_state


@pytest.fixture
def world(session):
    genre = factories.make_genre(session, name="Dream Pop")
    artists = [factories.make_artist(session, stage_name=f"Singer {i}") for i in range(6)]
    tracks = [factories.make_track(session, title=f"Song {i}", artist_id=artists[i % 6].id, genre_id=genre.id,
                                   play_count=i) for i in range(40)]
    return {"genre": genre, "artists": artists, "tracks": tracks, "me": factories.make_user(session),
            "other": factories.make_user(session)}


def _radio(session, kind=None, ref=None, user=None):
    token = create_session(session, user_id=user.id) if user else None
    if kind is None:
        return make_state(RadioState, routes.MY_RADIO, routes.MY_RADIO, {}, session_token=token)
    return make_state(RadioState, routes.RADIO_ROUTE, f"/radio/{kind}/{ref}",
                      {"radio_kind": kind, "radio_ref": ref}, session_token=token)


def _queue(state):
    return state.parent_state.get_substate(QueueState.get_full_name().split("."))


def test_opening_a_shared_station_plays_it_and_the_queue_refills_without_repeats(session, world):
    artist = world["artists"][0]
    state = _radio(session, "artist", artist.slug, world["me"])
    run(RadioState.open, state)
    assert state.ready and state.station["label"] == f"Radio: {artist.stage_name}"
    queue = _queue(state)
    assert queue.context_label == f"Radio: {artist.stage_name}"
    heard = []
    for _ in range(25):  # advance well past the first batch
        heard.append(queue._q().current_id)
        run(QueueState.next, queue)
    assert len(heard) == len(set(heard)) == 25 and None not in heard
    assert len(queue.upcoming) >= 2  # refilled before running out


def test_reopening_the_playing_station_keeps_it(session, world):
    state = _radio(session, "genre", world["genre"].slug, world["me"])
    run(RadioState.open, state)
    first = dict(state.station)
    run(QueueState.next, _queue(state))
    run(RadioState.open, state)
    assert state.station["id"] == first["id"]


def test_my_radio_and_unknown_or_private_seeds(session, world):
    mine = _radio(session, user=world["me"])
    run(RadioState.open, mine)
    assert mine.station["kind"] == "my" and mine.station["label"] == "Radio: Your taste"
    missing = _radio(session, "artist", "nobody-here", world["me"])
    run(RadioState.open, missing)
    assert missing.not_found and not missing.ready
    secret = factories.make_playlist(session, owner=world["other"], tracks=world["tracks"][:3],
                                     visibility=PlaylistVisibility.PRIVATE)
    refused = _radio(session, "playlist", str(secret.id), world["me"])
    run(RadioState.open, refused)
    assert refused.not_found


def test_visitors_are_sent_to_sign_in(session, world):
    assert is_sign_in_redirect(call(RadioState.open, _radio(session, "genre", world["genre"].slug)))


def test_other_queues_have_no_radio_label(session, world):
    state = _radio(session, "genre", world["genre"].slug, world["me"])
    run(RadioState.open, state)
    queue = _queue(state)
    run(QueueState.play_list, queue, [world["tracks"][0].id], 0, "track", "x")
    assert queue.context_label == ""
