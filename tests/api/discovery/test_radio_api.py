"""REST radio: start, next batch, feedback; sign-in required, stations private, bounds as 422/404."""

from __future__ import annotations

from spoticlone.models import PlaylistVisibility
from tests import factories


def auth(session, user):
    return {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}


def test_radio_needs_a_signed_in_caller(api, catalog):
    assert api.post("/api/v1/radio/stations", json={"kind": "artist", "ref": catalog.artist.slug}).status_code == 401
    assert api.post("/api/v1/radio/stations/1/next").status_code == 401
    assert api.get("/api/v1/radio/stations/1").status_code == 401


def test_start_next_and_feedback(api, session, catalog):
    h = auth(session, factories.make_user(session))
    started = api.post("/api/v1/radio/stations", json={"kind": "artist", "ref": catalog.artist.slug, "size": 2},
                       headers=h)
    assert started.status_code == 201, started.text
    body = started.json()
    station = body["station"]
    assert station["label"] == "Radio: Nova Drive" and station["url"] == f"/radio/artist/{catalog.artist.slug}"
    first = [t["id"] for t in body["tracks"]]
    assert len(first) == 2 and catalog.draft.id not in first
    more = api.post(f"/api/v1/radio/stations/{station['id']}/next?size=5", headers=h).json()
    later = [t["id"] for t in more["tracks"]]
    assert later and not set(first) & set(later) and catalog.draft.id not in later
    assert more["station"]["served"] == len(first) + len(later)
    liked = api.post(f"/api/v1/radio/stations/{station['id']}/feedback", headers=h,
                     json={"track_id": first[0], "action": "like"})
    assert liked.status_code == 200 and liked.json()["liked"] == 1
    assert api.get(f"/api/v1/radio/stations/{station['id']}", headers=h).json()["served"] == len(first + later)


def test_bad_input_and_other_peoples_stations(api, session, catalog):
    me, other = factories.make_user(session), factories.make_user(session)
    h = auth(session, me)
    station = api.post("/api/v1/radio/stations", json={"kind": "genre", "ref": catalog.genre.slug},
                       headers=h).json()["station"]
    theirs = auth(session, other)
    assert api.post(f"/api/v1/radio/stations/{station['id']}/next", headers=theirs).status_code == 404
    assert api.get(f"/api/v1/radio/stations/{station['id']}", headers=theirs).status_code == 404
    for path in (f"/api/v1/radio/stations/{station['id']}/next?size=26", "/api/v1/radio/stations/0/next",
                 f"/api/v1/radio/stations/{2**64}/next"):
        assert api.post(path, headers=h).status_code in (404, 422), path
    for body in ({"kind": "artist", "ref": ""}, {"kind": "Artist!", "ref": "x"},
                 {"kind": "genre", "ref": catalog.genre.slug, "size": 1000}):
        assert api.post("/api/v1/radio/stations", json=body, headers=h).status_code == 422, body
    assert api.post("/api/v1/radio/stations", json={"kind": "mood", "ref": "x"}, headers=h).status_code == 404
    secret = factories.make_playlist(session, owner=other, tracks=catalog.tracks,
                                     visibility=PlaylistVisibility.PRIVATE)
    refused = api.post("/api/v1/radio/stations", json={"kind": "playlist", "ref": str(secret.id)}, headers=h)
    assert refused.status_code == 404 and refused.json() == {"detail": "That playlist does not exist.",
                                                             "code": "not_found"}
    wrong = api.post(f"/api/v1/radio/stations/{station['id']}/feedback", headers=h,
                     json={"track_id": catalog.tracks[0].id, "action": "love"})
    assert wrong.status_code == 422


def test_radio_is_in_the_openapi_document(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    assert {"/api/v1/radio/stations", "/api/v1/radio/stations/{station_id}/next",
            "/api/v1/radio/stations/{station_id}/feedback"} <= set(paths)
