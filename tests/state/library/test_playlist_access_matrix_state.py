"""The playlist access matrix again, through the Reflex state handlers the pages use.

Same actors, playlists, operations and expected table as the service and REST API
matrices (``tests/services/test_access_matrix.py``). Each case runs the real handler
with the actor's session cookie in the websocket headers and reads the outcome the
way a listener would see it: the page loads or shows not-found, songs get queued, a
message is shown, or a signed-out visitor is sent to sign in. Any unexpected allow
or deny fails, and a refused operation must leave the playlist exactly as it was.
"""

from __future__ import annotations

import pytest

from spoticlone import routes
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.library.playlists.access import PLAYLIST_NOT_FOUND
from spoticlone.state.library.add_to_playlist import AddToPlaylistState
from spoticlone.state.library.playlist import PlaylistState
from spoticlone.state.library.playlist_edit import PlaylistEditState
from spoticlone.testing.driver import call, is_sign_in_redirect, spec_args, spec_name
from tests.access_matrix import ACTORS, EXPECTED, KINDS, OPS, build_world, first_item, snapshot
from tests.state.conftest import make_state

# The refusals ``services.library.playlists.access`` gives a signed-in actor who may read but not change.
DENIED = {
    "Only the owner and invited collaborators can change this playlist's tracks.",
    "Only the playlist's owner can change its details.",
    "Only the playlist's owner can delete it.",
}


def _classify(message: str, returned) -> str:
    if is_sign_in_redirect(returned):
        return "deny"  # anonymous: "sign in to do that" becomes the sign-in page
    if message == PLAYLIST_NOT_FOUND:
        return "nf"
    if message in DENIED:
        return "deny"
    return "bad" if message else "ok"


def _state(cls, playlist_id: int, token: str | None):
    ref = f"{playlist_id}-x"
    return make_state(cls, routes.PLAYLIST_ROUTE, f"/playlist/{ref}", {"playlist_ref": ref}, session_token=token)


def run_state_op(session, world, op: str, playlist_id: int, token: str | None) -> str:
    """Run ``op`` through its handler and say what the listener saw: ok, nf, deny or bad."""
    page = _state(PlaylistState, playlist_id, token)
    if op == "read":
        call(PlaylistState.load, page)
        return "nf" if page.not_found else ("ok" if page.ready else "bad")
    if op == "play":
        returned = call(PlaylistState.play, page, 0)
        if returned is not None and spec_name(returned).endswith("QueueState.play_list"):
            assert spec_args(returned)["track_ids"] == [t.id for t in world.tracks[:2]]
            return "ok"
        return _classify(page.error, returned)
    if op == "add":
        adder = _state(AddToPlaylistState, playlist_id, token)
        returned = call(AddToPlaylistState.add, adder, playlist_id, world.tracks[2].id)
        if isinstance(returned, list) and "Added to" in str(returned[0]):
            return "ok"
        return _classify(adder.error, returned)
    if op in ("remove", "reorder"):
        item = first_item(session, playlist_id)
        if op == "remove":
            returned = call(PlaylistState.remove_item, page, item)
        else:
            returned = call(PlaylistState.move_item, page, item, 1)
        return _classify(page.error, returned)
    if op == "follow":
        returned = call(PlaylistState.follow, page)
        return _classify(page.error, returned)
    editor = _state(PlaylistEditState, playlist_id, token)
    if op == "rename":
        returned = call(PlaylistEditState.save_details, editor, {"name": "Renamed", "description": "",
                                                                 "visibility": "private"})
    else:
        returned = call(PlaylistEditState.delete, editor)
    return _classify(editor.error, returned)


@pytest.mark.parametrize("actor_name", ACTORS)
def test_state_access_matrix(session, store, actor_name):
    world = build_world(session)
    actor = world.users[actor_name]
    token = create_session(session, user_id=actor.id) if actor is not None else None
    unexpected = []
    for kind in KINDS:
        for op, expected in zip(OPS, EXPECTED[(actor_name, kind)], strict=True):
            pl = world.playlist(session, kind)
            before = snapshot(session, pl.id)
            got = run_state_op(session, world, op, pl.id, token)
            session.expire_all()
            if got != expected:
                unexpected.append(f"{actor_name} {op} {kind}: expected {expected}, got {got}")
            elif got != "ok":
                assert snapshot(session, pl.id) == before, f"{actor_name} {op} {kind} was refused but changed data"
            elif op in ("add", "remove", "reorder", "rename", "delete", "follow"):
                assert snapshot(session, pl.id) != before, f"{actor_name} {op} {kind} was allowed but did nothing"
    assert unexpected == []


def test_no_case_is_left_out():
    assert len(EXPECTED) == len(ACTORS) * len(KINDS) and all(len(row) == len(OPS) for row in EXPECTED.values())
