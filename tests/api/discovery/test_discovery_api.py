"""REST: recommendations, mixes, "not interested", taste picks, similar tracks and fans also like."""

from __future__ import annotations

from sqlmodel import select

from spoticlone.models import Playlist, PlaylistTrack
from tests import factories


def auth(session, user):
    return {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}


def test_everything_under_me_needs_a_signed_in_caller(api, catalog):
    for method, path in (("get", "/api/v1/me/recommendations"), ("get", "/api/v1/me/mixes"),
                         ("get", "/api/v1/me/mixes/discover-weekly"), ("get", "/api/v1/me/taste"),
                         ("put", "/api/v1/me/taste"),
                         ("post", f"/api/v1/me/not-interested/tracks/{catalog.tracks[0].id}"),
                         ("post", "/api/v1/me/mixes/discover-weekly/playlist")):
        assert getattr(api, method)(path).status_code == 401, path


def test_recommendations_with_reasons_and_not_interested_hides_at_once(api, session, catalog):
    me = factories.make_user(session)
    h = auth(session, me)
    picks = api.get("/api/v1/me/recommendations?limit=5", headers=h).json()
    assert picks and all(p["reason"] == "Popular right now" for p in picks)
    assert catalog.draft.id not in {p["track"]["id"] for p in picks}
    top = picks[0]["track"]["id"]
    hidden = api.post(f"/api/v1/me/not-interested/tracks/{top}", headers=h)
    assert hidden.status_code == 200 and hidden.json()["hidden_track_ids"] == [top]
    assert top not in {p["track"]["id"] for p in api.get("/api/v1/me/recommendations", headers=h).json()}
    weekly = api.get("/api/v1/me/mixes/discover-weekly", headers=h).json()
    assert top not in {t["id"] for t in weekly["tracks"]}
    assert api.delete(f"/api/v1/me/not-interested/tracks/{top}", headers=h).json()["hidden_track_ids"] == []
    artist = catalog.artist.id
    assert api.post(f"/api/v1/me/not-interested/artists/{artist}", headers=h).json()["hidden_artist_ids"] == [artist]
    assert artist not in {p["track"]["artist"]["id"] for p in api.get("/api/v1/me/recommendations", headers=h).json()}
    assert api.delete(f"/api/v1/me/not-interested/artists/{artist}", headers=h).status_code == 200


def test_one_listeners_choices_never_touch_anothers(api, session, catalog):
    me, other = factories.make_user(session), factories.make_user(session)
    top = catalog.tracks[-1].id
    api.post(f"/api/v1/me/not-interested/tracks/{top}", headers=auth(session, me))
    api.put("/api/v1/me/taste", json={"genre_ids": [catalog.genre.id]}, headers=auth(session, me))
    theirs = api.get("/api/v1/me/taste", headers=auth(session, other)).json()
    assert theirs == {"hidden_track_ids": [], "hidden_artist_ids": [], "genre_ids": [], "artist_ids": []}
    assert top in {p["track"]["id"] for p in api.get("/api/v1/me/recommendations",
                                                        headers=auth(session, other)).json()}


def test_bad_input_is_refused_and_changes_nothing(api, session, catalog):
    me = factories.make_user(session)
    h = auth(session, me)
    assert api.get("/api/v1/me/recommendations?limit=0", headers=h).status_code == 422
    assert api.get("/api/v1/me/recommendations?limit=51", headers=h).status_code == 422
    assert api.post(f"/api/v1/me/not-interested/tracks/{catalog.draft.id}", headers=h).status_code == 404
    assert api.post("/api/v1/me/not-interested/tracks/99999999", headers=h).status_code == 404
    assert api.post("/api/v1/me/not-interested/artists/0", headers=h).status_code == 422
    assert api.post(f"/api/v1/me/not-interested/tracks/{2**64}", headers=h).status_code == 422
    api.put("/api/v1/me/taste", json={"genre_ids": [catalog.genre.id]}, headers=h)
    unknown = api.put("/api/v1/me/taste", json={"genre_ids": [catalog.genre.id, 99999]}, headers=h)
    assert unknown.status_code == 422 and "genre_ids" in unknown.json()["detail"]
    assert api.put("/api/v1/me/taste", json={"artist_ids": ["1"]}, headers=h).status_code == 422
    assert api.put("/api/v1/me/taste", json={"artist_ids": list(range(1, 30))}, headers=h).status_code == 422
    assert api.get("/api/v1/me/taste", headers=h).json()["genre_ids"] == [catalog.genre.id]
    assert api.get("/api/v1/me/mixes/daily-genre-99999", headers=h).status_code == 404
    assert api.get("/api/v1/me/mixes/NOPE", headers=h).status_code == 422


def test_mixes_list_detail_and_save_as_playlist(api, session, catalog):
    me = factories.make_user(session)
    h = auth(session, me)
    mixes = api.get("/api/v1/me/mixes", headers=h).json()
    titles = [m["title"] for m in mixes]
    assert "Synthwave Mix" in titles and titles[-2:] == ["Discover Weekly", "Release Radar"]
    synth = next(m for m in mixes if m["title"] == "Synthwave Mix")
    assert synth["url"] == f"/mix/{synth['id']}" and synth["covers"]
    detail = api.get(f"/api/v1/me/mixes/{synth['id']}", headers=h).json()
    assert [t["id"] for t in detail["tracks"]] == [t.id for t in reversed(catalog.tracks)]
    saved = api.post(f"/api/v1/me/mixes/{synth['id']}/playlist", json={"name": "My synth"}, headers=h)
    assert saved.status_code == 201 and saved.json()["name"] == "My synth"
    playlist = session.get(Playlist, saved.json()["id"])
    assert playlist.owner_id == me.id
    items = session.exec(select(PlaylistTrack.track_id).where(PlaylistTrack.playlist_id == playlist.id)
                         .order_by(PlaylistTrack.position)).all()
    assert list(items) == [t["id"] for t in detail["tracks"]]
    assert api.post(f"/api/v1/me/mixes/{synth['id']}/playlist", json={"name": "   "}, headers=h).status_code == 422


def test_similar_tracks_and_fans_also_like_are_public(api, session, catalog):
    found = api.get(f"/api/v1/tracks/{catalog.tracks[0].id}/similar").json()
    assert {t["id"] for t in found} == {t.id for t in catalog.tracks[1:]}
    assert api.get(f"/api/v1/tracks/{catalog.draft.id}/similar").status_code == 404
    assert api.get(f"/api/v1/tracks/{catalog.tracks[0].id}/similar?limit=21").status_code == 422
    other = factories.make_artist(session, stage_name="Neon Twin")
    factories.make_track(session, artist_id=other.id, genre_id=catalog.genre.id)
    fans = api.get(f"/api/v1/artists/{catalog.artist.slug}/fans-also-like").json()
    assert [a["name"] for a in fans][:1] == ["Neon Twin"] and "Nova Drive" not in {a["name"] for a in fans}
    assert api.get("/api/v1/artists/nobody-here/fans-also-like").status_code == 404


def test_the_routes_are_in_the_openapi_document(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    for path in ("/api/v1/me/recommendations", "/api/v1/me/mixes", "/api/v1/me/mixes/{mix_id}",
                 "/api/v1/me/mixes/{mix_id}/playlist", "/api/v1/me/taste",
                 "/api/v1/me/not-interested/tracks/{track_id}", "/api/v1/me/not-interested/artists/{artist_id}",
                 "/api/v1/tracks/{track_id}/similar", "/api/v1/artists/{slug}/fans-also-like"):
        assert path in paths, path
