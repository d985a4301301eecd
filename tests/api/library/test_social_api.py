"""REST: follows, follower lists, the feed, ratings."""

from __future__ import annotations

from tests import factories


def auth(session, user):
    return {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}


def test_follow_artist_and_users(api, session, catalog):
    ann, bob = factories.make_user(session, username="ann"), factories.make_user(session, username="bob")
    ha, hb = auth(session, ann), auth(session, bob)
    assert api.put("/api/v1/artists/nova-drive/follow").status_code == 401
    assert api.put("/api/v1/artists/nova-drive/follow", headers=ha).json() == {"following": True, "follower_count": 1,
                                                                            "is_self": False}
    assert api.get("/api/v1/artists/nova-drive/follow").json() == {
        "following": False, "follower_count": 1, "is_self": False,
    }
    assert api.get("/api/v1/artists/nova-drive").status_code == 200  # the catalog route still answers
    assert api.put("/api/v1/artists/nobody/follow", headers=ha).status_code == 404
    assert api.put("/api/v1/users/bob/follow", headers=ha).json()["follower_count"] == 1
    assert api.put("/api/v1/users/ann/follow", headers=ha).status_code == 422
    assert [u["username"] for u in api.get("/api/v1/users/bob/followers").json()["items"]] == ["ann"]
    assert [u["username"] for u in api.get("/api/v1/users/ann/following").json()["items"]] == ["bob"]
    pl = api.post("/api/v1/playlists", json={"name": "Bob's", "visibility": "public"}, headers=hb).json()
    feed = api.get("/api/v1/me/feed", headers=ha).json()["items"]
    assert {(i["kind"], (i["album"] or i["playlist"])["id"]) for i in feed} == {
        ("album", catalog.album.id), ("playlist", pl["id"])}
    assert [p["name"] for p in api.get("/api/v1/users/bob/playlists").json()] == ["Bob's"]
    assert api.delete("/api/v1/users/bob/follow", headers=ha).json()["follower_count"] == 0


def test_ratings(api, session, catalog):
    ann, bob = factories.make_user(session), factories.make_user(session)
    track = catalog.tracks[0].id
    assert api.put(f"/api/v1/ratings/tracks/{track}", json={"stars": 5}, headers=auth(session, ann)).json() == {
        "average": 5.0, "count": 1, "mine": 5}
    hb = auth(session, bob)
    assert api.put(f"/api/v1/ratings/tracks/{track}", json={"stars": 2}, headers=hb).json()["average"] == 3.5
    assert api.put(f"/api/v1/ratings/tracks/{track}", json={"stars": 6}, headers=hb).status_code == 422
    assert api.put(f"/api/v1/ratings/tracks/{catalog.draft.id}", json={"stars": 3}, headers=hb).status_code == 404
    assert api.put(f"/api/v1/ratings/albums/{catalog.album.id}", json={"stars": 4}, headers=hb).status_code == 200
    assert api.get("/api/v1/artists/nova-drive/rating").json() == {"average": 3.67, "count": 3, "mine": None}
    assert api.delete(f"/api/v1/ratings/tracks/{track}", headers=hb).json()["count"] == 1
    assert api.get(f"/api/v1/ratings/tracks/{track}").json() == {"average": 5.0, "count": 1, "mine": None}
