"""The playlist page with unavailable rows, and plays from a page opened by a share link."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from spoticlone import routes
from spoticlone.models import PlayEvent, PlaylistTrack, Track, TrackStatus
from spoticlone.services.library.playlists import manage, tracks
from spoticlone.state.library.playlist import PlaylistState
from spoticlone.state.listening.player import PlayerState
from spoticlone.state.listening.queue import QueueState
from spoticlone.state.share import opened_from_share, play_source
from spoticlone.testing.driver import call, run, spec_args, spec_name
from tests import factories
from tests.state.conftest import make_state
from tests.state.playlist_helpers import load, on_page


@pytest.fixture
def world(session, store):
    owner = factories.make_user(session, username="owner")
    other = factories.make_user(session, username="other")
    artist = factories.make_artist(session, stage_name="Nova Drive")
    songs = [factories.make_track(session, artist_id=artist.id, title=f"Song {i}") for i in range(3)]
    playlist = manage.create_playlist(session, actor=owner, name="Mix", visibility="public")
    tracks.add_tracks(session, actor=owner, playlist_id=playlist.id, track_ids=[s.id for s in songs], store=store)
    session.delete(session.get(Track, songs[0].id))  # the artist deleted the first song
    session.commit()
    session.expire_all()
    return {"owner": owner, "other": other, "songs": songs, "playlist": playlist.id}


def test_the_page_shows_a_greyed_row_with_the_snapshot(session, world):
    state = load(on_page(session, PlaylistState, world["playlist"], world["other"]))
    gone, *rest = state.items
    assert (gone["available"], gone["title"], gone["artist_name"], gone["url"], gone["id"]) == (
        False, "Song 0", "Nova Drive", "", 0)
    assert gone["duration"] == "3:00"
    assert [i["available"] for i in rest] == [True, True]
    assert state.playable_ids == [s.id for s in world["songs"][1:]]
    assert state.playlist["songs_text"] == "2 songs" and state.playlist["unavailable_text"] == "1 unavailable"


def test_an_unavailable_row_is_never_played_or_queued(session, world):
    state = load(on_page(session, PlaylistState, world["playlist"], world["other"]))
    assert call(PlaylistState.play, state, 0) is None
    assert "no longer available" in state.error
    spec = call(PlaylistState.play, state, 2)
    assert spec_name(spec).endswith("QueueState.play_list")
    args = spec_args(spec)
    ids = [s.id for s in world["songs"][1:]]
    assert args["track_ids"] == ids and ids[args["index"]] == world["songs"][2].id
    whole = spec_args(call(PlaylistState.play_all, state))
    assert whole["track_ids"] == ids and whole["index"] == 0


@pytest.mark.parametrize("who", [None, "other"])
def test_only_editors_remove_an_unavailable_row(session, world, who):
    state = load(on_page(session, PlaylistState, world["playlist"], world[who] if who else None))
    call(PlaylistState.remove_item, state, state.items[0]["item_id"])
    assert len(session.exec(select(PlaylistTrack).where(PlaylistTrack.playlist_id == world["playlist"])).all()) == 3


def test_the_owner_removes_an_unavailable_row(session, world):
    state = load(on_page(session, PlaylistState, world["playlist"], world["owner"]))
    call(PlaylistState.remove_item, state, state.items[0]["item_id"])
    assert state.error == "" and [i["available"] for i in state.items] == [True, True]
    assert state.playlist["unavailable_text"] == ""


def test_a_withdrawn_song_comes_back_when_republished(session, world):
    song = session.get(Track, world["songs"][1].id)
    song.status = TrackStatus.WITHDRAWN
    session.commit()
    state = load(on_page(session, PlaylistState, world["playlist"]))
    assert [i["available"] for i in state.items] == [False, False, True]
    song.status = TrackStatus.PUBLISHED
    session.commit()
    assert [i["available"] for i in load(state).items] == [False, True, True]


def _queue_on(path: str, query: dict):
    queue = make_state(QueueState, routes.PLAYLIST_ROUTE, path, query)
    return queue, queue.parent_state.get_substate(PlayerState.get_full_name().split("."))


def _last_play(session: Session) -> PlayEvent:
    session.expire_all()
    return session.exec(select(PlayEvent).order_by(PlayEvent.id.desc())).first()


def test_a_play_from_a_shared_page_is_recorded_as_share(session, world):
    ref = f"{world['playlist']}-mix"
    queue, player = _queue_on(f"/playlist/{ref}?ref=share", {"playlist_ref": ref, "ref": "share"})
    ids = [s.id for s in world["songs"][1:]]
    run(QueueState.play_list, queue, ids, 0, "playlist", str(world["playlist"]))
    assert queue._queue["source"] == "share" and queue._queue["source_id"] == str(world["playlist"])
    run(PlayerState.playing, player)
    event = _last_play(session)
    assert (event.track_id, event.source.value, event.source_id) == (ids[0], "share", str(world["playlist"]))
    # Albums, artists, songs and genres start through play_context: the same rule.
    run(QueueState.play_context, queue, "track", str(ids[1]))
    assert queue._queue["source"] == "share"


def test_without_the_marker_the_source_is_unchanged(session, world):
    ref = f"{world['playlist']}-mix"
    queue, player = _queue_on(f"/playlist/{ref}?ref=other", {"playlist_ref": ref, "ref": "other"})
    run(QueueState.play_list, queue, [world["songs"][1].id], 0, "playlist", str(world["playlist"]))
    assert queue._queue["source"] == "playlist"
    run(PlayerState.playing, player)
    assert _last_play(session).source.value == "playlist"


def test_play_source_reads_only_the_exact_marker():
    class Url:
        def __init__(self, query):
            self.query_parameters = query

    class Router:
        def __init__(self, query):
            self.url = Url(query)

    assert play_source(Router({"ref": "share"}), "album") == "share"
    for query in ({}, {"ref": "SHARE"}, {"ref": "shared"}, {"page": "share"}):
        assert play_source(Router(query), "album") == "album"
    assert not opened_from_share(object())  # no page data at all
