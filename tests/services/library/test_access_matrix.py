"""Access-control matrix for playlists, through the services.

Every actor x playlist kind x operation has an explicit expected outcome
(``tests/access_matrix.py``). The test runs each case against a fresh playlist and fails
on any unexpected allow *or* deny; when an operation is refused, the playlist must be exactly as before. The REST
API runs the same table (``tests/api/test_access_matrix_api.py``).
"""

from __future__ import annotations

import pytest
from sqlmodel import Session

from spoticlone.models import Playlist, User
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.library.playlists import manage, tracks
from tests.access_matrix import ACTORS, EXPECTED, KINDS, OPS, World, build_world, first_item, snapshot


def run_service_op(session: Session, world: World, actor: User | None, op: str, pl: Playlist, store) -> None:
    pid = pl.id
    if op == "read":
        manage.get_playlist(session, actor=actor, playlist_id=pid)
    elif op == "play":
        queued = tracks.queue_track_ids(session, actor=actor, playlist_id=pid)
        assert queued == [t.id for t in world.tracks[:2]]
    elif op == "add":
        tracks.add_tracks(session, actor=actor, playlist_id=pid, track_ids=[world.tracks[2].id],
                                   allow_duplicate=True, store=store)
    elif op == "remove":
        item_id = first_item(session, pid)
        tracks.remove_item(session, actor=actor, playlist_id=pid, item_id=item_id, store=store)
    elif op == "reorder":
        tracks.move_item(session, actor=actor, playlist_id=pid, item_id=first_item(session, pid),
                                  to_position=1, store=store)
    elif op == "rename":
        manage.update_playlist(session, actor=actor, playlist_id=pid, name="Renamed")
    elif op == "delete":
        manage.delete_playlist(session, actor=actor, playlist_id=pid, store=store)
    elif op == "follow":
        manage.follow_playlist(session, actor=actor, playlist_id=pid)
    else:  # pragma: no cover
        raise AssertionError(op)


OUTCOME = {NotFound: "nf", PermissionDenied: "deny", Invalid: "bad"}


def test_the_table_covers_every_case():
    assert set(EXPECTED) == {(a, k) for a in ACTORS for k in KINDS}
    assert all(len(row) == len(OPS) for row in EXPECTED.values())


@pytest.mark.parametrize("actor_name", ACTORS)
def test_service_access_matrix(session, store, actor_name):
    world = build_world(session)
    actor = world.users[actor_name]
    unexpected = []
    for kind in KINDS:
        for op, expected in zip(OPS, EXPECTED[(actor_name, kind)], strict=True):
            pl = world.playlist(session, kind)
            before = snapshot(session, pl.id)
            try:
                run_service_op(session, world, actor, op, pl, store)
                got = "ok"
            except (NotFound, PermissionDenied, Invalid) as exc:
                session.rollback()
                got = OUTCOME[type(exc)]
            if got != expected:
                unexpected.append(f"{actor_name} {op} {kind}: expected {expected}, got {got}")
            elif got != "ok":
                assert snapshot(session, pl.id) == before, f"{actor_name} {op} {kind} was refused but changed data"
            elif op in ("add", "remove", "reorder", "rename", "delete", "follow"):
                assert snapshot(session, pl.id) != before, f"{actor_name} {op} {kind} was allowed but did nothing"
    assert unexpected == []
