"""Drafts and releases over REST: the album builder's journey, refusals in JSON, and the access matrix."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from spoticlone.models import Role, TrackFeaturedArtist, TrackStatus, utcnow
from tests import factories, images
from tests.studio_matrix import expected

BASE = "/api/v1/studio"


def _bearer(session, user) -> dict[str, str]:
    return {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}


@pytest.fixture
def people(session):
    owner = factories.make_user(session, role=Role.ARTIST, email_verified=True)
    artist = factories.make_artist(session, user_id=owner.id, stage_name="Vela Kite")
    other = factories.make_user(session, role=Role.ARTIST, email_verified=True)
    factories.make_artist(session, user_id=other.id)
    listener = factories.make_user(session, email_verified=True)
    admin = factories.make_user(session, role=Role.ADMIN, email_verified=True)
    headers = {"anonymous": {}, "listener": _bearer(session, listener), "owner": _bearer(session, owner),
               "other_artist": _bearer(session, other), "admin": _bearer(session, admin)}
    return artist, headers


def _drafts(session, store, artist, n=2):
    return [factories.make_track(session, title=f"Demo {i}", artist_id=artist.id, status=TrackStatus.DRAFT,
                                 audio_key=store.put_bytes("audio", "mp3", b"ID3 demo"))
            for i in range(n)]


def test_an_artist_builds_edits_schedules_and_deletes_a_release(api, session, store, people):
    artist, headers = people
    owner = headers["owner"]
    drafts = _drafts(session, store, artist)
    listed = api.get(f"{BASE}/drafts", headers=owner)
    assert listed.status_code == 200 and listed.json()["total"] == 2
    created = api.post(f"{BASE}/releases", headers=owner, json={
        "title": "Comet Tails", "kind": "single", "track_ids": [drafts[1].id, drafts[0].id]})
    assert created.status_code == 201, created.text
    release = created.json()
    assert [t["id"] for t in release["tracks"]] == [drafts[1].id, drafts[0].id]
    assert release["status"] == "draft"
    patched = api.patch(f"{BASE}/releases/{release['id']}", headers=owner, json={"title": "Tails", "kind": "ep"})
    assert (patched.json()["title"], patched.json()["kind"]) == ("Tails", "ep")
    track = api.patch(f"{BASE}/tracks/{drafts[0].id}", headers=owner,
                      json={"isrc": "USRC17607839", "licence": "CC BY 4.0", "explicit": True})
    assert track.status_code == 200, track.text
    assert track.json()["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    bad_isrc = api.patch(f"{BASE}/tracks/{drafts[0].id}", headers=owner, json={"isrc": "nope"})
    assert bad_isrc.status_code == 422 and "12 characters" in bad_isrc.json()["detail"]

    no_rights = api.post(f"{BASE}/releases/{release['id']}/publish", headers=owner, json={"affirm_rights": False})
    assert no_rights.status_code == 422 and "rights" in no_rights.json()["detail"]
    naive = api.post(f"{BASE}/releases/{release['id']}/publish", headers=owner,
                     json={"affirm_rights": True, "publish_at": "2030-01-01T09:00:00"})
    assert naive.status_code == 422 and "time zone" in naive.json()["detail"]
    when = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    scheduled = api.post(f"{BASE}/releases/{release['id']}/publish", headers=owner,
                         json={"affirm_rights": True, "publish_at": when.isoformat()})
    assert scheduled.status_code == 200, scheduled.text
    assert scheduled.json()["status"] == "scheduled"
    assert datetime.fromisoformat(scheduled.json()["release_at"]) == when
    assert api.get(f"/api/v1/albums/{release['id']}").status_code == 404
    refused = api.delete(f"{BASE}/releases/{release['id']}", headers=owner)
    assert refused.status_code == 409 and "unpublish it first" in refused.json()["detail"]
    cancelled = api.post(f"{BASE}/releases/{release['id']}/unpublish", headers=owner)
    assert cancelled.json()["status"] == "draft"
    assert api.delete(f"{BASE}/releases/{release['id']}", headers=owner).status_code == 204
    assert api.get(f"{BASE}/releases/{release['id']}", headers=owner).status_code == 404


def test_publishing_now_shows_the_release_to_listeners(api, session, store, people):
    artist, headers = people
    drafts = _drafts(session, store, artist, 1)
    release = api.post(f"{BASE}/releases", headers=headers["owner"],
                       json={"title": "Out Now", "track_ids": [drafts[0].id]}).json()
    assert api.get(f"/api/v1/tracks/{drafts[0].id}").status_code == 404
    published = api.post(f"{BASE}/releases/{release['id']}/publish", headers=headers["owner"],
                         json={"affirm_rights": True})
    assert published.json()["status"] == "published"
    assert api.get(f"/api/v1/tracks/{drafts[0].id}").status_code == 200
    assert api.get(f"/api/v1/albums/{release['id']}").status_code == 200


@pytest.mark.parametrize("body", [
    {"title": "x", "track_ids": []},
    {"title": "x", "track_ids": ["1"]},
    {"title": "x", "track_ids": [2**63]},
    {"title": "", "track_ids": [1]},
    {"title": "x", "kind": "mixtape", "track_ids": [1]},
])
def test_bad_release_bodies_are_json_422(api, session, store, people, body):
    artist, headers = people
    _drafts(session, store, artist, 1)
    response = api.post(f"{BASE}/releases", headers=headers["owner"], json=body)
    assert response.status_code == 422 and isinstance(response.json()["detail"], str)
    assert api.get(f"{BASE}/releases", headers=headers["owner"]).json()["total"] == 0


def test_the_licences_and_the_endpoints_are_documented(api):
    assert len(api.get(f"{BASE}/licences").json()) == 8
    spec = api.get("/api/openapi.json").json()
    for path in ("/drafts", "/releases", "/releases/{album_id}", "/releases/{album_id}/publish",
                 "/releases/{album_id}/unpublish", "/tracks/{track_id}"):
        for operation in spec["paths"][BASE + path].values():
            assert operation["summary"] and "studio" in operation["tags"], path


def _request(api, operation: str, headers: dict, album_id: int, track_id: int, guests: tuple[int, int]):
    release, track = f"{BASE}/releases/{album_id}", f"{BASE}/tracks/{track_id}"
    already, next_guest = guests
    calls = {
        "read_release": lambda: api.get(release, headers=headers),
        "read_track": lambda: api.get(track, headers=headers),
        "stream": lambda: api.get(f"/api/v1/tracks/{track_id}/stream", headers=headers),
        "edit_release": lambda: api.patch(release, headers=headers, json={"title": "Edited"}),
        "edit_track": lambda: api.patch(track, headers=headers, json={"explicit": True}),
        "publish": lambda: api.post(f"{release}/publish", headers=headers, json={"affirm_rights": True}),
        "unpublish": lambda: api.post(f"{release}/unpublish", headers=headers),
        "delete_release": lambda: api.delete(release, headers=headers),
        "delete_track": lambda: api.delete(track, headers=headers),
        "upload_cover": lambda: api.put(f"{release}/cover", headers={**headers, "Content-Type": "image/png"},
                                        content=images.png(40, 30)),
        "track_cover": lambda: api.put(f"{release}/cover/from-track", headers=headers, json={"track_id": track_id}),
        "remove_cover": lambda: api.delete(f"{release}/cover", headers=headers),
        "add_featured": lambda: api.post(f"{track}/featured", headers=headers, json={"artist_id": next_guest}),
        "remove_featured": lambda: api.delete(f"{track}/featured/{already}", headers=headers),
    }
    return calls[operation]()


def test_the_access_matrix_holds_over_the_api(api, session, store, people):
    """Every cell on a fresh release whose song has an embedded cover and features one guest."""
    artist, headers = people
    already, next_guest = (factories.make_artist(session).id for _ in range(2))
    unexpected_allows, unexpected_denies, server_errors = [], [], []
    for (actor, state, operation), expected_allowed in expected().items():
        album = factories.make_album(session, artist_id=artist.id, release_at=(
            utcnow() + timedelta(days=1) if state == "scheduled" else None))
        track = factories.make_track(session, artist_id=artist.id, album_id=album.id,
                                     status=TrackStatus(state),
                                     audio_key=store.put_bytes("audio", "mp3", b"ID3 matrix"),
                                     cover_key=store.put_bytes("covers", "jpg", images.png(16, 16)))
        session.add(TrackFeaturedArtist(track_id=track.id, artist_id=already))
        session.commit()
        response = _request(api, operation, headers[actor], album.id, track.id, (already, next_guest))
        if response.status_code >= 500:
            server_errors.append((actor, state, operation, response.status_code))
        allowed = response.status_code < 300
        if allowed and not expected_allowed:
            unexpected_allows.append((actor, state, operation, response.status_code))
        if expected_allowed and not allowed:
            unexpected_denies.append((actor, state, operation, response.status_code, response.text[:120]))
    assert server_errors == []
    assert unexpected_allows == []
    assert unexpected_denies == []
