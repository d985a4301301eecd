"""The playlist access-control matrix through the REST API, with bearer tokens.

Same table as the service test (``tests/services/test_access_matrix.py``), mapped to
HTTP: ok -> 2xx, nf -> 404, deny -> 403, bad -> 422. An anonymous caller of a
route that needs an account gets 401 before any playlist is looked up (so a private
playlist's existence is not revealed to it either).
"""

from __future__ import annotations

import pytest

from tests import factories
from tests.access_matrix import ACTORS, EXPECTED, KINDS, OPS, build_world, first_item, snapshot

STATUS = {"ok": {200, 201, 204}, "nf": {404}, "deny": {403}, "bad": {422}}
NEEDS_ACCOUNT = {"add", "remove", "reorder", "rename", "delete", "follow"}


def call(api, session, world, op, pl, headers):
    base = f"/api/v1/playlists/{pl.id}"
    if op == "read":
        return api.get(base, headers=headers)
    if op == "play":
        return api.get(f"{base}/queue", headers=headers)
    if op == "add":
        body = {"track_ids": [world.tracks[2].id], "allow_duplicate": True}
        return api.post(f"{base}/tracks", json=body, headers=headers)
    if op == "remove":
        return api.delete(f"{base}/tracks/{first_item(session, pl.id)}", headers=headers)
    if op == "reorder":
        return api.post(f"{base}/tracks/reorder", json={"item_id": first_item(session, pl.id), "to_position": 1},
                        headers=headers)
    if op == "rename":
        return api.patch(base, json={"name": "Renamed"}, headers=headers)
    if op == "delete":
        return api.delete(base, headers=headers)
    if op == "follow":
        return api.put(f"{base}/follow", headers=headers)
    raise AssertionError(op)


@pytest.mark.parametrize("actor_name", ACTORS)
def test_api_access_matrix(api, session, store, monkeypatch, actor_name):
    from spoticlone.integrations import media_store

    monkeypatch.setattr(media_store, "default_store", lambda: store)
    world = build_world(session)
    user = world.users[actor_name]
    headers = {"Authorization": f"Bearer {factories.make_api_token(session, user)}"} if user else {}
    unexpected = []
    for kind in KINDS:
        for op, expected in zip(OPS, EXPECTED[(actor_name, kind)], strict=True):
            pl = world.playlist(session, kind)
            before = snapshot(session, pl.id)
            response = call(api, session, world, op, pl, headers)
            allowed = {401} if user is None and op in NEEDS_ACCOUNT else STATUS[expected]
            if response.status_code not in allowed:
                unexpected.append(f"{actor_name} {op} {kind}: expected {sorted(allowed)}, got "
                                  f"{response.status_code} {response.text[:80]}")
            elif response.status_code >= 400:
                assert snapshot(session, pl.id) == before, f"{actor_name} {op} {kind} refused but changed data"
                assert response.json()["detail"]
    assert unexpected == []
