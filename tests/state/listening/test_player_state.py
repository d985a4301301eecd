"""Player, queue and lyrics states without a browser: handlers delegate to the services.

Each test has its own database (the ``settings``/``engine`` fixtures); the states are
built in a fresh root state, as one browser tab would have them.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from spoticlone import routes
from spoticlone.models import PlayEvent
from spoticlone.models.common import utcnow
from spoticlone.services.listening.queue import PlayQueue
from spoticlone.state.catalog.home import HomeState
from spoticlone.state.listening.lyrics import LyricsState, PanelState
from spoticlone.state.listening.player import PlayerState
from spoticlone.state.listening.queue import QueueState
from spoticlone.testing.driver import call, run
from tests.factories import make_album, make_artist, make_genre, make_track
from tests.state.conftest import make_state

LRC = "[00:01.00]first line\n[00:05.50]second line\n[00:09.00]third line"


@pytest.fixture
def catalog(session):
    genre = make_genre(session, name="Dream Pop")
    artist = make_artist(session, stage_name="Velvet Echo")
    album = make_album(session, title="Night Swim", artist_id=artist.id, genre_id=genre.id)
    tracks = [
        make_track(session, title=f"Song {n}", artist_id=artist.id, album_id=album.id,
                   genre_id=genre.id, track_number=n, duration_ms=40_000,
                   synced_lyrics=LRC if n == 1 else "", lyrics="plain words" if n == 2 else "")
        for n in (1, 2, 3)
    ]
    return {"album": album, "artist": artist, "tracks": tracks}


def _states():
    queue = make_state(QueueState, routes.HOME, "/")
    root = queue.parent_state
    player = root.get_substate(PlayerState.get_full_name().split("."))
    return queue, player, root


def _substate(root, cls):
    return root.get_substate(cls.get_full_name().split("."))


def _ids(tracks):
    return [t.id for t in tracks]


def test_play_album_starts_its_queue_and_persists_it(catalog):
    queue, player, _ = _states()
    events = call(QueueState.play_context, queue, "album", str(catalog["album"].id))
    ids = _ids(catalog["tracks"])
    assert player.current["id"] == ids[0]
    assert player.current["stream_url"] == routes.stream_url(ids[0])
    assert [t["id"] for t in queue.upcoming] == ids[1:]
    script = str(events[0])
    assert "scPlayer.load" in script and routes.stream_url(ids[0]) in script
    saved = json.loads(player.saved)
    assert saved["queue"]["track_ids"] == ids and saved["queue"]["source"] == "album"


def test_unknown_album_plays_nothing(catalog):
    queue, player, _ = _states()
    run(QueueState.play_context, queue, "album", "999999")
    run(QueueState.play_context, queue, "playlist", "1")
    assert player.current == {} and queue.upcoming == []


def test_next_previous_repeat_shuffle_follow_the_queue_service(catalog):
    queue, player, _ = _states()
    ids = _ids(catalog["tracks"])
    run(QueueState.play_list, queue, ids, 1, "album", str(catalog["album"].id))
    assert player.current["id"] == ids[1]
    run(QueueState.next, queue)
    assert player.current["id"] == ids[2]
    run(QueueState.previous, queue)
    assert player.current["id"] == ids[1]
    # Past 3 s "previous" restarts the track instead of going back.
    player._position = 12.0
    events = call(QueueState.previous, queue)
    assert player.current["id"] == ids[1] and "seek(0)" in str(events)

    run(QueueState.cycle_repeat, queue)
    assert queue.repeat == "all"
    run(QueueState.cycle_repeat, queue)
    assert queue.repeat == "one"
    run(QueueState.track_ended, queue)  # repeat one: the same track again
    assert player.current["id"] == ids[1]
    run(QueueState.cycle_repeat, queue)
    assert queue.repeat == "off"

    expected = PlayQueue.from_dict(queue._queue).toggle_shuffle()
    run(QueueState.toggle_shuffle, queue)
    assert queue.shuffle is True
    assert sorted(queue._queue["shuffle_order"]) == sorted(expected.to_dict()["shuffle_order"])
    assert queue._queue["track_ids"] == ids


def test_ending_the_last_track_keeps_it_loaded_and_paused(catalog):
    queue, player, _ = _states()
    ids = _ids(catalog["tracks"])
    run(QueueState.play_list, queue, ids, 2, "album", "x")
    events = call(QueueState.track_ended, queue)
    assert player.current["id"] == ids[2] and not player.is_playing and not player.buffering
    assert "scPlayer.stop" not in str(events)
    assert PlayQueue.from_dict(queue._queue).current_id == ids[2]  # "previous" still works
    run(QueueState.previous, queue)
    assert player.current["id"] == ids[1]


def test_play_next_add_remove_move_clear(catalog):
    queue, player, _ = _states()
    a, b, c = _ids(catalog["tracks"])
    run(QueueState.add_to_queue, queue, a)  # empty queue: plays it
    assert player.current["id"] == a
    run(QueueState.add_to_queue, queue, b)
    run(QueueState.play_next, queue, c)
    assert [t["id"] for t in queue.upcoming] == [c, b]
    run(QueueState.move, queue, 0, 1)
    assert [t["id"] for t in queue.upcoming] == [b, c]
    run(QueueState.remove, queue, 0)
    assert [t["id"] for t in queue.upcoming] == [c]
    run(QueueState.clear, queue)
    assert queue.upcoming == [] and player.current["id"] == a


@pytest.mark.parametrize("saved", ["", "{not json", "[]", '{"queue": {"track_ids": "x"}}',
                                   '{"queue": {"v": 1, "track_ids": [-3], "position": 9}}',
                                   '{"queue": null, "position": "NaN"}'])
def test_restore_from_garbage_gives_an_empty_queue(catalog, saved):
    queue, player, _ = _states()
    player.saved = saved
    run(QueueState.restore, queue)
    assert player.current == {} and queue.upcoming == []
    assert len(player.anon_id) == 24  # the anonymous listening id is made on first load
    assert PlayQueue.from_dict(json.loads(player.saved)["queue"]) == PlayQueue()


def test_restore_resumes_the_saved_queue_paused_at_its_position(catalog):
    queue, player, _ = _states()
    ids = _ids(catalog["tracks"])
    saved = PlayQueue.start(ids, 1, source="album", source_id="7").to_dict()
    player.saved = json.dumps({"queue": saved, "position": 12.5})
    events = call(QueueState.restore, queue)
    assert player.current["id"] == ids[1] and [t["id"] for t in queue.upcoming] == ids[2:]
    script = str(events[0])
    assert '"start": 12.5' in script and '"autoplay": false' in script


def _backdate(session, event, seconds):
    """The service caps listening time by the wall clock: pretend the play began earlier."""
    event.started_at = utcnow() - timedelta(seconds=seconds)
    session.add(event)
    session.commit()


def _event(session):
    session.expire_all()
    return session.exec(select(PlayEvent).order_by(PlayEvent.id.desc())).first()


def test_play_event_recorded_from_the_browsers_reports(catalog, session):
    queue, player, root = _states()
    first = catalog["tracks"][0]
    events = call(QueueState.play_context, queue, "album", str(catalog["album"].id))
    seq = player._seq
    assert f'"seq": {seq}' in str(events[0])  # the browser tags its reports with this load
    run(PlayerState.playing, player)
    event = session.exec(select(PlayEvent)).one()
    assert event.track_id == first.id and event.source.value == "album"
    assert event.anonymous_session == player.anon_id and not event.counted
    _backdate(session, event, 40)
    # The browser reports about every 10 s of listening (not once a second); the
    # 40-second track counts at half its length (services.plays.counts_as_play).
    for listened_ms, position in ((10_000, 10.2), (19_000, 19.1)):
        run(PlayerState.report, player, seq, listened_ms, position)
    assert _event(session).ms_played == 19_000 and not _event(session).counted
    assert json.loads(player.saved)["position"] == 19.1  # a reload resumes near here
    run(PlayerState.report, player, seq, 20_000.7, 20.0)
    event = _event(session)
    assert event.ms_played == 20_000 and event.counted
    # Skipping to the next track sends the last report with skipped=True.
    run(QueueState.next, queue)
    session.expire_all()
    assert session.get(PlayEvent, event.id).skipped
    home = _substate(root, HomeState)
    run(HomeState.load, home)
    assert [t["id"] for t in home.recently_played] == [first.id]


@pytest.mark.parametrize("seq, listened_ms, position", [
    (None, 31_000, 1.0), ("1", 31_000, 1.0), (True, 31_000, 1.0), (-1, 31_000, 1.0), (1.5, 31_000, 1.0),
    (1, -5, 1.0), (1, None, 1.0), (1, float("nan"), 1.0), (1, float("inf"), 1.0), (1, 10**12, 1.0),
    (1, "31000", 1.0), (1, True, 1.0), (1, [31_000], 1.0),
    (1, 31_000, -1.0), (1, 31_000, float("nan")), (1, 31_000, 1e9), (1, 31_000, None),
])
def test_malformed_reports_are_refused(catalog, session, seq, listened_ms, position):
    queue, player, _ = _states()
    run(QueueState.play_context, queue, "album", str(catalog["album"].id))
    assert player._seq == 1
    run(PlayerState.playing, player)
    _backdate(session, session.exec(select(PlayEvent)).one(), 40)
    run(PlayerState.report, player, seq, listened_ms, position)
    event = _event(session)
    assert player._ms_played == 0 and event.ms_played == 0 and not event.counted
    assert player._position == 0.0


def test_reported_time_cannot_run_ahead_of_the_wall_clock(catalog, session):
    queue, player, _ = _states()
    run(QueueState.play_context, queue, "album", str(catalog["album"].id))
    run(PlayerState.playing, player)
    # A forged report of 35 s one instant after the play began does not count it.
    run(PlayerState.report, player, player._seq, 35_000, 35.0)
    event = _event(session)
    assert event.ms_played <= 6_000 and not event.counted
    assert session.get(type(catalog["tracks"][0]), catalog["tracks"][0].id).play_count == 0


def test_a_play_is_counted_once_however_often_it_is_reported(catalog, session):
    queue, player, _ = _states()
    first = catalog["tracks"][0]
    run(QueueState.play_context, queue, "album", str(catalog["album"].id))
    run(PlayerState.playing, player)
    _backdate(session, session.exec(select(PlayEvent)).one(), 45)
    for listened_ms in (31_000, 32_000, 31_000, 39_000, 39_000):
        run(PlayerState.report, player, player._seq, listened_ms, listened_ms / 1000)
    session.expire_all()
    assert _event(session).counted and _event(session).ms_played == 39_000
    assert session.get(type(first), first.id).play_count == 1


def test_a_late_report_about_the_previous_track_is_not_credited_to_the_next(catalog, session):
    queue, player, _ = _states()
    run(QueueState.play_context, queue, "album", str(catalog["album"].id))
    old_seq = player._seq
    run(PlayerState.playing, player)
    old = session.exec(select(PlayEvent)).one()
    _backdate(session, old, 40)
    run(PlayerState.report, player, old_seq, 20_000, 20.0)
    run(QueueState.next, queue)  # the server reports what it knew: 20 s, skipped
    assert player._seq == old_seq + 1
    run(PlayerState.playing, player)
    new = _event(session)
    assert new.id != old.id
    # The browser's final report for the old load arrives after the next one began.
    run(PlayerState.report, player, old_seq, 31_000, 31.0)
    session.expire_all()
    assert session.get(PlayEvent, old.id).ms_played == 31_000 and session.get(PlayEvent, old.id).counted
    assert session.get(PlayEvent, new.id).ms_played == 0 and player._ms_played == 0
    # A report for a load older than that is dropped.
    run(PlayerState.report, player, old_seq - 1, 39_000, 39.0)
    session.expire_all()
    assert session.get(PlayEvent, new.id).ms_played == 0


def test_previous_uses_the_position_the_browser_sends(catalog):
    queue, player, _ = _states()
    ids = _ids(catalog["tracks"])
    run(QueueState.play_list, queue, ids, 1, "album", "x")
    events = call(QueueState.previous, queue, 12.0)  # 12 s in: restart the track
    assert player.current["id"] == ids[1] and "seek(0)" in str(events)
    run(QueueState.previous, queue, 1.0)  # 1 s in: the previous track
    assert player.current["id"] == ids[0]
    run(QueueState.previous, queue, float("nan"))  # garbage: the last known position (0)
    assert player.current["id"] == ids[0]


def test_lyrics_panel_loads_synced_plain_and_none(catalog):
    queue, _player, root = _states()
    panels, lyrics = _substate(root, PanelState), _substate(root, LyricsState)
    ids = _ids(catalog["tracks"])
    run(QueueState.play_list, queue, ids, 0, "album", "x")
    run(PanelState.toggle, panels, "lyrics")
    assert panels.panel == "lyrics" and lyrics.synced
    assert lyrics.lines == [{"time_ms": 1000, "text": "first line"},
                            {"time_ms": 5500, "text": "second line"},
                            {"time_ms": 9000, "text": "third line"}]
    run(QueueState.next, queue)  # the open panel follows the track
    assert not lyrics.synced and lyrics.plain == "plain words" and lyrics.has_lyrics
    run(QueueState.next, queue)
    assert not lyrics.has_lyrics
    run(PanelState.toggle, panels, "queue")
    assert panels.panel == "queue"
    run(PanelState.toggle, panels, "queue")
    assert panels.panel == ""


def test_signed_in_plays_belong_to_the_listener_and_show_on_their_home(catalog, session):
    from spoticlone.services.auth.sessions import create_session
    from tests.factories import make_account

    listener = make_account(session)
    token = create_session(session, user_id=listener.id)
    queue = make_state(QueueState, routes.HOME, "/", session_token=token)
    root = queue.parent_state
    player = _substate(root, PlayerState)
    run(QueueState.play_context, queue, "album", str(catalog["album"].id))
    run(PlayerState.playing, player)
    event = session.exec(select(PlayEvent)).one()
    assert event.user_id == listener.id and event.anonymous_session is None
    run(QueueState.next, queue)  # the progress report must match the same owner
    session.expire_all()
    assert session.get(PlayEvent, event.id).skipped
    home = _substate(root, HomeState)
    run(HomeState.load, home)
    assert [t["id"] for t in home.recently_played] == [catalog["tracks"][0].id]
    # A browser that is not signed in does not see that listener's history.
    _, _, anonymous_root = _states()
    anonymous_home = _substate(anonymous_root, HomeState)
    run(HomeState.load, anonymous_home)
    assert anonymous_home.recently_played == []
