"""REST: live editorial shelves for anyone, feature management for administrators only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from spoticlone.models import PlaylistVisibility, Role
from tests import factories

PAST = (datetime.now(UTC) - timedelta(days=1)).isoformat()
FUTURE = (datetime.now(UTC) + timedelta(days=1)).isoformat()


def auth(session, user):
    return {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}


def _public(session, catalog, name):
    return factories.make_playlist(session, owner=factories.make_user(session), name=name,
                                   tracks=catalog.tracks[:1], visibility=PlaylistVisibility.PUBLIC)


def test_an_admin_curates_and_anyone_reads_the_live_shelves(api, session, catalog):
    admin = auth(session, factories.make_user(session, role=Role.ADMIN))
    a, b = _public(session, catalog, "Alpha"), _public(session, catalog, "Beta")
    added = api.post("/api/v1/editorial/features", headers=admin,
                     json={"playlist_id": a.id, "starts_at": PAST, "blurb": "Start here"})
    assert added.status_code == 201, added.text
    api.post("/api/v1/editorial/features", headers=admin, json={"playlist_id": b.id, "starts_at": PAST})
    api.post("/api/v1/editorial/features", headers=admin,
             json={"playlist_id": b.id, "starts_at": FUTURE, "shelf": "Soon"})
    shelves = api.get("/api/v1/editorial/shelves").json()
    assert [(s["name"], [f["playlist"]["name"] for f in s["features"]]) for s in shelves] == [
        ("Featured", ["Alpha", "Beta"])]
    assert shelves[0]["features"][0]["blurb"] == "Start here"
    rows = api.get("/api/v1/editorial/features", headers=admin).json()
    assert [r["status"] for r in rows] == ["live", "live", "scheduled"]
    moved = api.post(f"/api/v1/editorial/features/{rows[1]['id']}/move", headers=admin, json={"offset": -1})
    assert [r["playlist_name"] for r in moved.json()][:2] == ["Beta", "Alpha"]
    edited = api.put(f"/api/v1/editorial/features/{rows[2]['id']}", headers=admin,
                     json={"starts_at": PAST, "ends_at": FUTURE, "shelf": "Soon", "blurb": "Now"})
    assert edited.status_code == 200
    assert [s["name"] for s in api.get("/api/v1/editorial/shelves").json()] == ["Featured", "Soon"]
    assert api.get("/api/v1/editorial/shelves?shelf=Soon").json()[0]["features"][0]["blurb"] == "Now"
    assert api.delete(f"/api/v1/editorial/features/{rows[0]['id']}", headers=admin).status_code == 200
    assert len(api.get("/api/v1/editorial/features", headers=admin).json()) == 2


def test_listeners_and_strangers_are_refused(api, session, catalog):
    playlist = _public(session, catalog, "Alpha")
    listener = auth(session, factories.make_user(session))
    body = {"playlist_id": playlist.id, "starts_at": PAST}
    assert api.get("/api/v1/editorial/features").status_code == 401
    assert api.post("/api/v1/editorial/features", json=body).status_code == 401
    assert api.get("/api/v1/editorial/features", headers=listener).status_code == 403
    refused = api.post("/api/v1/editorial/features", headers=listener, json=body)
    assert refused.status_code == 403 and "detail" in refused.json()
    assert api.delete("/api/v1/editorial/features/1", headers=listener).status_code == 403
    assert api.get("/api/v1/editorial/shelves").json() == []


def test_bad_input_gets_a_clear_error(api, session, catalog):
    admin = auth(session, factories.make_user(session, role=Role.ADMIN))
    private = factories.make_playlist(session, owner=factories.make_user(session))
    post = lambda body: api.post("/api/v1/editorial/features", headers=admin, json=body)  # noqa: E731
    assert post({"playlist_id": private.id, "starts_at": PAST}).status_code == 422
    assert post({"playlist_id": 2**60, "starts_at": PAST}).status_code == 422  # past the id range
    assert post({"playlist_id": 999_999, "starts_at": PAST}).status_code == 404
    assert post({"playlist_id": private.id, "starts_at": "soon"}).status_code == 422
    playlist = _public(session, catalog, "Alpha")
    bad_period = post({"playlist_id": playlist.id, "starts_at": FUTURE, "ends_at": PAST})
    assert bad_period.status_code == 422 and "after the start" in bad_period.json()["detail"]
    assert post({"playlist_id": playlist.id, "starts_at": PAST, "blurb": "x" * 281}).status_code == 422
    assert post({"playlist_id": playlist.id, "starts_at": PAST}).status_code == 201
    assert post({"playlist_id": playlist.id, "starts_at": PAST}).status_code == 409
    feature = api.get("/api/v1/editorial/features", headers=admin).json()[0]["id"]
    assert api.post(f"/api/v1/editorial/features/{feature}/move", headers=admin,
                    json={"offset": 3}).status_code == 422
    assert api.delete("/api/v1/editorial/features/99999999999999999999", headers=admin).status_code in (404, 422)
    assert api.delete("/api/v1/editorial/features/424242", headers=admin).status_code == 404
    assert api.get("/api/v1/editorial/shelves?shelf=" + "s" * 61).status_code == 422


def test_the_routes_are_in_the_openapi_document(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    assert {"/api/v1/editorial/shelves", "/api/v1/editorial/features",
            "/api/v1/editorial/features/{feature_id}", "/api/v1/editorial/features/{feature_id}/move"} <= set(paths)
