"""``/api/v1/studio/profile`` and ``POST /api/v1/me/artist``: wiring, refusals, other people's ids."""

from __future__ import annotations

import pytest

from spoticlone.models import Role
from spoticlone.services.media.picture_uploads import MAX_PICTURE_BYTES
from tests import factories, images


@pytest.fixture
def people(session):
    ada = factories.make_user(session, username="ada")
    bob = factories.make_user(session, username="bob")
    root = factories.make_user(session, username="root", role=Role.ADMIN)
    return {name: {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}
            for name, user in (("ada", ada), ("bob", bob), ("root", root))}


def _become(api, headers, **body) -> dict:
    response = api.post("/api/v1/me/artist", headers=headers, json={"stage_name": "Nova", **body})
    assert response.status_code == 201, response.text
    return api.get("/api/v1/studio/profile", headers=headers).json()


def test_become_with_a_full_profile_then_edit(api, people):
    ada = people["ada"]
    assert api.get("/api/v1/studio/profile", headers=ada).status_code == 403
    mine = _become(api, ada, slug="nova-x", bio="Hello <script>", links=[{"url": "https://nova.example.com"}])
    assert (mine["slug"], mine["bio"], mine["links"]) == (
        "nova-x", "Hello <script>", [{"label": "nova.example.com", "url": "https://nova.example.com"}])
    response = api.patch("/api/v1/studio/profile", headers=ada,
                         json={"slug": "nova-y", "links": [{"label": "Shop", "url": "https://shop.example.com"}]})
    assert response.status_code == 200, response.text
    assert response.json()["previous_slugs"] == ["nova-x"] and response.json()["links"][0]["label"] == "Shop"
    assert api.get("/api/v1/artists/nova-y").status_code == 200
    assert api.patch("/api/v1/studio/profile", headers=ada, json={"links": None}).json()["links"] == []


def test_old_clients_still_become_artists(api, people):
    response = api.post("/api/v1/me/artist", headers=people["ada"], json={"stage_name": "Ada Waves"})
    assert response.status_code == 201 and response.json()["artist"]["slug"] == "ada-waves"


@pytest.mark.parametrize("body,status", [
    ({"slug": "admin"}, 422), ({"slug": "a b"}, 422), ({"slug": "x" * 5000}, 422), ({"slug": "taken"}, 409),
    ({"links": [{"url": "javascript:alert(1)"}]}, 422), ({"links": [{"url": "data:text/html,x"}]}, 422),
    ({"links": [{"url": f"https://s{n}.example.com"} for n in range(9)]}, 422),
    ({"links": [{"url": "https://a.example.com"}] * 100}, 422), ({"bio": "x" * 100_000}, 422),
    ({"stage_name": ""}, 422), ({"stage_name": "x" * 300}, 422), ({"nonsense": 1}, 422),
    ({"links": [{"url": "https://a.example.com", "onclick": "x"}]}, 422),
])
def test_bad_edits_change_nothing(api, people, body, status):
    _become(api, people["bob"], slug="taken")
    before = _become(api, people["ada"], slug="nova")
    response = api.patch("/api/v1/studio/profile", headers=people["ada"], json=body)
    assert response.status_code == status, response.text
    answer = response.json()
    assert set(answer) <= {"detail", "code", "errors"} and answer["detail"] and answer["code"]
    assert api.get("/api/v1/studio/profile", headers=people["ada"]).json() == before


def test_slug_check(api, people):
    _become(api, people["bob"], slug="taken")
    check = api.get("/api/v1/studio/profile/slug-check", params={"slug": "taken"}, headers=people["ada"]).json()
    assert check["available"] is False and "taken" in check["message"]
    free = api.get("/api/v1/studio/profile/slug-check", params={"slug": "Free-One"}, headers=people["ada"]).json()
    assert free == {"slug": "free-one", "available": True, "message": "/artist/free-one is available."}
    assert api.get("/api/v1/studio/profile/slug-check", params={"slug": "x"}).status_code == 401


def test_other_peoples_ids(api, people):
    ada_profile = _become(api, people["ada"])
    _become(api, people["bob"], slug="bob")
    for path in (f"/api/v1/studio/artists/{ada_profile['id']}/profile", "/api/v1/studio/artists/999999/profile"):
        assert api.get(path, headers=people["bob"]).status_code == 404
        assert api.patch(path, headers=people["bob"], json={"bio": "pwned"}).status_code == 404
        assert api.put(path + "/image", headers=people["bob"],
                       files={"file": ("x.png", images.png(), "image/png")}).status_code == 404
        assert api.delete(path + "/image", headers=people["bob"]).status_code == 404
    for bad in ("0", "-1", "99999999999999999999999", "abc"):
        assert api.get(f"/api/v1/studio/artists/{bad}/profile", headers=people["root"]).status_code in (404, 422)
    assert api.get("/api/v1/studio/profile", headers=people["ada"]).json()["bio"] == ""
    edited = api.patch(f"/api/v1/studio/artists/{ada_profile['id']}/profile", headers=people["root"],
                       json={"bio": "Checked by an admin"})
    assert edited.status_code == 200 and edited.json()["bio"] == "Checked by an admin"
    assert api.get("/api/v1/studio/profile").status_code == 401


def test_image_upload_and_removal(api, people, store):
    ada = people["ada"]
    assert api.put("/api/v1/studio/profile/image", headers=ada,
                   files={"file": ("x.png", images.png(), "image/png")}).status_code == 403
    _become(api, ada)
    response = api.put("/api/v1/studio/profile/image", headers=ada,
                       files={"file": ("me.png", images.jpeg_with_metadata(), "image/png")})
    assert response.status_code == 200, response.text
    image_url = response.json()["image_url"]
    served = api.get(image_url)
    assert served.status_code == 200 and images.CAMERA_TAG.encode() not in served.content
    assert api.get("/api/v1/artists/nova").json()["artist"]["image_url"] == image_url
    refused = api.put("/api/v1/studio/profile/image", headers=ada,
                      files={"file": ("evil.png", b"<svg onload=alert(1)>", "image/png")})
    assert refused.status_code == 422 and refused.json()["detail"]
    too_big = api.put("/api/v1/studio/profile/image", headers=ada,
                      files={"file": ("big.png", b"\0" * (MAX_PICTURE_BYTES + 70_000), "image/png")})
    assert too_big.status_code == 413
    assert api.put("/api/v1/studio/profile/image", headers=ada, content=b"raw").status_code == 400
    assert api.get("/api/v1/studio/profile", headers=ada).json()["image_url"] == image_url
    cleared = api.delete("/api/v1/studio/profile/image", headers=ada)
    assert cleared.status_code == 200 and cleared.json()["image_url"] is None
    assert api.get(image_url).status_code == 404


def test_documented_in_openapi(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    assert {"get", "patch"} <= set(paths["/api/v1/studio/profile"])
    assert {"put", "delete"} <= set(paths["/api/v1/studio/profile/image"])
    assert "multipart/form-data" in paths["/api/v1/studio/profile/image"]["put"]["requestBody"]["content"]
    assert "/api/v1/studio/profile/slug-check" in paths
    assert {"get", "patch"} <= set(paths["/api/v1/studio/artists/{artist_id}/profile"])
