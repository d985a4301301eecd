"""REST: playlist CRUD, songs, cover, collaborators, follow, browse, and the OpenAPI spec."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests import factories


def auth(session, user):
    return {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}


@pytest.fixture(autouse=True)
def test_store(monkeypatch, store):
    from spoticlone.integrations import media_store

    monkeypatch.setattr(media_store, "default_store", lambda: store)
    return store


def test_playlist_lifecycle(api, session, catalog):
    owner, friend = factories.make_user(session, username="owner"), factories.make_user(session, username="friend")
    ho, hf = auth(session, owner), auth(session, friend)
    created = api.post("/api/v1/playlists", json={"name": "  Drive  ", "description": "night"}, headers=ho)
    assert created.status_code == 201
    pl = created.json()
    assert (pl["name"], pl["visibility"], pl["url"]) == ("Drive", "private", f"/playlist/{pl['id']}-drive")
    assert api.post("/api/v1/playlists", json={"name": " "}, headers=ho).status_code == 422
    base = f"/api/v1/playlists/{pl['id']}"
    t1, t2, t3 = (t.id for t in catalog.tracks)
    detail = api.post(f"{base}/tracks", json={"track_ids": [t1, t2, t3, t1]}, headers=ho).json()
    assert [i["track"]["id"] for i in detail["items"]] == [t1, t2, t3, t1]
    last = detail["items"][-1]["item_id"]
    moved = api.post(f"{base}/tracks/reorder", json={"item_id": last, "to_position": 0}, headers=ho).json()
    assert [i["track"]["id"] for i in moved["items"]] == [t1, t1, t2, t3]
    assert [i["position"] for i in moved["items"]] == [0, 1, 2, 3]
    after = api.delete(f"{base}/tracks/{moved['items'][1]['item_id']}", headers=ho).json()
    assert [i["track"]["id"] for i in after["items"]] == [t1, t2, t3]
    assert api.get(f"{base}/queue", headers=ho).json() == [t1, t2, t3]
    assert api.get(base, headers=hf).status_code == 404  # private
    patched = api.patch(base, json={"visibility": "public", "collaborative": True}, headers=ho).json()
    assert (patched["visibility"], patched["collaborative"], patched["name"]) == ("public", True, "Drive")
    assert api.get(base).json()["total"] == 3  # public: anyone, even anonymous
    assert api.put(f"{base}/follow", headers=hf).json()["follower_count"] == 1
    assert api.post(f"{base}/collaborators", json={"username": "friend"}, headers=ho).json()[0]["username"] == "friend"
    again = api.post(f"{base}/tracks", json={"track_ids": [t2]}, headers=hf)  # already in: ask first
    assert again.status_code == 409 and "already in this playlist" in again.json()["detail"]
    assert api.get(base).json()["total"] == 3
    assert api.post(f"{base}/tracks", json={"track_ids": [t2], "allow_duplicate": True}, headers=hf).status_code == 200
    assert api.patch(base, json={"name": "Stolen"}, headers=hf).status_code == 403
    copy = api.post(f"{base}/duplicate", headers=hf)
    assert copy.status_code == 201 and copy.json()["owner"]["username"] == "friend"
    assert api.delete(f"{base}/collaborators/friend", headers=ho).json() == []
    assert api.delete(base, headers=hf).status_code == 403
    assert api.delete(base, headers=ho).status_code == 204
    assert api.get(base, headers=ho).status_code == 404


def test_cover_upload_is_reencoded_and_limited(api, session, test_store):
    owner = factories.make_user(session)
    h = auth(session, owner)
    pl = api.post("/api/v1/playlists", json={"name": "Art"}, headers=h).json()
    png = io.BytesIO()
    Image.new("RGB", (64, 64), "purple").save(png, "PNG")
    response = api.put(f"/api/v1/playlists/{pl['id']}/cover", content=png.getvalue(),
                       headers={**h, "Content-Type": "image/png"})
    assert response.status_code == 200
    cover = response.json()["cover_url"]
    key = cover.split("/media/", 1)[1]
    assert key.endswith(".jpg") and test_store.exists(key)
    bad = api.put(f"/api/v1/playlists/{pl['id']}/cover", content=b"<svg/>", headers=h)
    assert bad.status_code == 422 and "picture" in bad.json()["detail"]
    huge = api.put(f"/api/v1/playlists/{pl['id']}/cover", content=b"\0" * (10 * 1024 * 1024 + 1), headers=h)
    assert huge.status_code == 413
    assert api.get(f"/api/v1/playlists/{pl['id']}", headers=h).json()["playlist"]["cover_url"] == cover
    assert api.delete(f"/api/v1/playlists/{pl['id']}/cover", headers=h).json()["cover_url"] is None


def test_browse_public_playlists(api, session, catalog):
    owner = factories.make_user(session)
    h = auth(session, owner)
    for name, visibility in (("Neon", "public"), ("Secret", "private")):
        pl = api.post("/api/v1/playlists", json={"name": name, "visibility": visibility}, headers=h).json()
        api.post(f"/api/v1/playlists/{pl['id']}/tracks", json={"track_ids": [catalog.tracks[0].id]}, headers=h)
    assert [p["name"] for p in api.get("/api/v1/playlists").json()["items"]] == ["Neon"]
    assert [p["name"] for p in api.get("/api/v1/playlists?genre=synthwave").json()["items"]] == ["Neon"]
    assert api.get("/api/v1/playlists?genre=ambient").json()["total"] == 0
    assert [p["name"] for p in api.get("/api/v1/playlists?artist=nova-drive").json()["items"]] == ["Neon"]
    assert api.get("/api/v1/playlists?order=random").status_code == 422
    assert api.get("/api/v1/playlists?genre=polka").status_code == 404


def test_openapi_documents_the_new_routes(api):
    spec = api.get("/api/openapi.json").json()
    tags = {t["name"] for t in spec["tags"]}
    assert {"library", "playlists", "follows", "ratings", "charts"} <= tags
    for path in ("/api/v1/me/likes", "/api/v1/playlists/{playlist_id}/tracks/reorder",
                 "/api/v1/artists/{slug}/follow", "/api/v1/ratings/tracks/{target_id}", "/api/v1/charts"):
        assert path in spec["paths"], path
        for operation in spec["paths"][path].values():
            assert operation.get("summary") and operation.get("tags")
    operation_ids = [op["operationId"] for p in spec["paths"].values() for op in p.values()]
    assert len(operation_ids) == len(set(operation_ids))
