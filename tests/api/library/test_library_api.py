"""REST: liked songs, saved albums, library overview."""

from __future__ import annotations

from tests import factories


def auth(session, user):
    return {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}


def test_likes_round_trip(api, session, catalog):
    me = factories.make_user(session)
    h = auth(session, me)
    t1, t2, t3 = catalog.tracks
    assert api.get("/api/v1/me/likes").status_code == 401
    for track in (t1, t3, t1):
        assert api.put(f"/api/v1/me/likes/{track.id}", headers=h).status_code == 204
    assert api.put(f"/api/v1/me/likes/{catalog.draft.id}", headers=h).status_code == 404
    page = api.get("/api/v1/me/likes", headers=h).json()
    assert page["total"] == 2 and {t["id"] for t in page["items"]} == {t1.id, t3.id}
    ids = f"{t3.id},{t2.id},{t1.id}"
    assert api.get(f"/api/v1/me/likes/contains?ids={ids}", headers=h).json() == {"liked": [t3.id, t1.id]}
    assert api.get(f"/api/v1/me/likes/contains?ids={ids}").json() == {"liked": []}
    assert api.get("/api/v1/me/likes/contains?ids=1;DROP").status_code == 422
    assert api.delete(f"/api/v1/me/likes/{t1.id}", headers=h).status_code == 204
    assert api.get("/api/v1/me/likes", headers=h).json()["total"] == 1


def test_saved_albums_and_overview(api, session, catalog):
    me = factories.make_user(session)
    h = auth(session, me)
    assert api.put(f"/api/v1/me/albums/{catalog.album.id}", headers=h).status_code == 204
    assert api.put(f"/api/v1/me/albums/{catalog.draft_only_album.id}", headers=h).status_code == 404
    assert [a["id"] for a in api.get("/api/v1/me/albums", headers=h).json()["items"]] == [catalog.album.id]
    api.post("/api/v1/playlists", json={"name": "Mine"}, headers=h)
    api.put(f"/api/v1/me/likes/{catalog.tracks[0].id}", headers=h)
    overview = api.get("/api/v1/me/library?sort=name", headers=h).json()
    assert overview["liked_count"] == 1
    assert [(i["kind"], i["title"]) for i in overview["items"]] == [("playlist", "Mine"), ("album", "Night Run")]
    assert api.get("/api/v1/me/library?kind=album", headers=h).json()["total"] == 1
    assert api.get("/api/v1/me/library?sort=size", headers=h).status_code == 422
    assert api.delete(f"/api/v1/me/albums/{catalog.album.id}", headers=h).status_code == 204
    assert api.get("/api/v1/me/library?kind=album", headers=h).json()["total"] == 0
