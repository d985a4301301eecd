"""Release covers and featured artists over REST: the wiring, JSON refusals, other people's ids."""

from __future__ import annotations

import pytest

from spoticlone.models import Role, TrackStatus
from spoticlone.services.media.picture_uploads import MAX_PICTURE_BYTES
from tests import factories, images

BASE = "/api/v1/studio"


def _bearer(session, user) -> dict[str, str]:
    return {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}


@pytest.fixture
def world(api, session, store):
    owner = factories.make_user(session, role=Role.ARTIST, email_verified=True)
    artist = factories.make_artist(session, user_id=owner.id, stage_name="Vela Kite")
    tag_key = store.put_bytes("covers", "jpg", images.png(32, 32))
    tracks = [factories.make_track(session, title=f"Demo {i}", artist_id=artist.id, status=TrackStatus.DRAFT,
                                   cover_key=tag_key if i == 0 else None) for i in range(2)]
    guest = factories.make_artist(session, stage_name="Nova Drive")
    other = factories.make_user(session, role=Role.ARTIST, email_verified=True)
    factories.make_artist(session, user_id=other.id, stage_name="Other")
    admin = factories.make_user(session, role=Role.ADMIN, email_verified=True)
    headers = {"owner": _bearer(session, owner), "other": _bearer(session, other), "admin": _bearer(session, admin),
               "anonymous": {}}
    release = api.post(f"{BASE}/releases", headers=headers["owner"],
                       json={"title": "Comet", "track_ids": [t.id for t in tracks]}).json()
    return dict(headers=headers, album_id=release["id"], tracks=[t.id for t in tracks], guest=guest.id,
                tag_key=tag_key)


def test_upload_pick_and_remove_the_cover(api, world):
    owner, album_id = world["headers"]["owner"], world["album_id"]
    put = api.put(f"{BASE}/releases/{album_id}/cover", headers={**owner, "Content-Type": "image/png"},
                  content=images.png(300, 200))
    assert put.status_code == 200, put.text
    uploaded = put.json()["cover_url"]
    assert uploaded and not uploaded.endswith(world["tag_key"])
    picked = api.put(f"{BASE}/releases/{album_id}/cover/from-track", headers=owner,
                     json={"track_id": world["tracks"][0]})
    assert picked.status_code == 200 and picked.json()["cover_url"].endswith(world["tag_key"])
    assert api.get(uploaded).status_code == 404  # the replaced upload is gone
    assert api.get(picked.json()["cover_url"]).status_code == 200
    no_tag = api.put(f"{BASE}/releases/{album_id}/cover/from-track", headers=owner,
                     json={"track_id": world["tracks"][1]})
    assert no_tag.status_code == 422 and "no cover picture" in no_tag.json()["detail"]
    removed = api.delete(f"{BASE}/releases/{album_id}/cover", headers=owner)
    assert removed.status_code == 200 and removed.json()["cover_url"] is None


def test_bad_cover_uploads_are_refused_in_words(api, world):
    owner, album_id = world["headers"]["owner"], world["album_id"]
    url = f"{BASE}/releases/{album_id}/cover"
    junk = api.put(url, headers=owner, content=b"MZ\x90\x00 an executable")
    assert junk.status_code == 422 and "could not be read" in junk.json()["detail"]
    empty = api.put(url, headers=owner, content=b"")
    assert empty.status_code == 422
    huge = api.put(url, headers=owner, content=b"\0" * (MAX_PICTURE_BYTES + 1))
    assert huge.status_code == 413 and "too big" in huge.json()["detail"]
    assert api.put(f"{BASE}/releases/{2 ** 70}/cover", headers=owner, content=images.png()).status_code == 422
    assert api.get(f"{BASE}/releases/{album_id}", headers=owner).json()["cover_url"].endswith(world["tag_key"])


@pytest.mark.parametrize("who, status", [("other", 404), ("admin", 403), ("anonymous", 401)])
def test_strangers_cannot_touch_cover_or_featured(api, world, who, status):
    headers, album_id, track_id = world["headers"][who], world["album_id"], world["tracks"][0]
    assert api.put(f"{BASE}/releases/{album_id}/cover", headers=headers, content=images.png()).status_code == status
    assert api.delete(f"{BASE}/releases/{album_id}/cover", headers=headers).status_code == status
    assert api.put(f"{BASE}/releases/{album_id}/cover/from-track", headers=headers,
                   json={"track_id": track_id}).status_code == status
    assert api.post(f"{BASE}/tracks/{track_id}/featured", headers=headers,
                    json={"artist_id": world["guest"]}).status_code == status
    owner = world["headers"]["owner"]
    assert api.get(f"{BASE}/tracks/{track_id}", headers=owner).json()["featured"] == []


def test_find_feature_and_unfeature_an_artist(api, world):
    owner, track_id, guest = world["headers"]["owner"], world["tracks"][0], world["guest"]
    found = api.get(f"{BASE}/artists", headers=owner, params={"q": "nova"})
    assert found.status_code == 200 and [a["name"] for a in found.json()] == ["Nova Drive"]
    assert api.get(f"{BASE}/artists", headers=owner, params={"q": "vela"}).json() == []  # not oneself
    assert api.get(f"{BASE}/artists", headers=owner, params={"q": "a", "limit": 1000}).status_code == 422
    added = api.post(f"{BASE}/tracks/{track_id}/featured", headers=owner, json={"artist_id": guest})
    assert added.status_code == 200 and [a["id"] for a in added.json()] == [guest]
    again = api.post(f"{BASE}/tracks/{track_id}/featured", headers=owner, json={"artist_id": guest})
    assert again.status_code == 409 and "already featured" in again.json()["detail"]
    missing = api.post(f"{BASE}/tracks/{track_id}/featured", headers=owner, json={"artist_id": 999_999})
    assert missing.status_code == 422
    assert api.post(f"{BASE}/tracks/{track_id}/featured", headers=owner,
                    json={"artist_id": "x"}).status_code == 422
    release = api.get(f"{BASE}/releases/{world['album_id']}", headers=owner).json()
    assert [a["name"] for a in release["tracks"][0]["featured"]] == ["Nova Drive"]
    gone = api.delete(f"{BASE}/tracks/{track_id}/featured/{guest}", headers=owner)
    assert gone.status_code == 200 and gone.json() == []
    assert api.delete(f"{BASE}/tracks/{track_id}/featured/{guest}", headers=owner).status_code == 404
