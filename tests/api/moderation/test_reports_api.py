"""Reports and takedowns over HTTP: filing, the admin queue, and a hidden track gone from
streaming, Subsonic and link previews until it is restored."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from spoticlone.middleware.social_meta import social_meta_middleware
from spoticlone.models import Role
from spoticlone.services.auth import app_passwords
from tests import factories
from tests.api.page_shell import shell_app

AUDIO = bytes(range(256)) * 8


@pytest.fixture
def people(session, catalog):
    owner = factories.make_account(session, username="nova", email="nova@example.test", role=Role.ARTIST)
    catalog.artist.user_id = owner.id
    session.add(catalog.artist)
    session.commit()
    admin = factories.make_account(session, username="root", email="root@example.test", role=Role.ADMIN)
    ann = factories.make_account(session, username="ann", email="ann@example.test")
    key = app_passwords.create_app_password(session, actor=ann, name="Phone").key
    session.commit()
    return dict(owner=owner, admin=admin, ann=ann, key=key,
                admin_auth={"Authorization": f"Bearer {factories.make_api_token(session, admin)}"},
                owner_auth={"Authorization": f"Bearer {factories.make_api_token(session, owner)}"},
                ann_auth={"Authorization": f"Bearer {factories.make_api_token(session, ann)}"})


@pytest.fixture
def song(session, store, catalog):
    track = catalog.tracks[0]
    track.audio_key, track.file_size = store.put_bytes("audio", "mp3", AUDIO), len(AUDIO)
    session.add(track)
    session.commit()
    return track


def _subsonic(api, people, method: str, **params):
    return api.get(f"/rest/{method}", params={"u": "ann", "p": people["key"], "c": "pytest", "f": "json", **params})


def _report(api, song, **extra):
    body = dict(target_type="track", target_id=song.id, reason="copyright",
                statement="My recording, uploaded without a licence.", contact_email="label@example.com")
    body.update(extra)
    return api.post("/api/v1/reports", json=body)


def test_anonymous_reports_need_an_email_and_are_bounded(api, song):
    refused = _report(api, song, contact_email=None)
    assert refused.status_code in (400, 422) and "email address" in refused.json()["detail"]
    assert _report(api, song, statement="x" * 5000).status_code == 422
    assert _report(api, song, target_id=2**63).status_code == 422
    assert _report(api, song, reason="spam").status_code == 422
    created = _report(api, song)
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "open" and created.json()["target_id"] == song.id


def test_only_admins_see_the_queue_and_decide(api, song, people):
    _report(api, song)
    assert api.get("/api/v1/admin/reports").status_code == 401
    assert api.get("/api/v1/admin/reports", headers=people["ann_auth"]).status_code == 403
    assert api.post(f"/api/v1/admin/reports/track/{song.id}/hide", headers=people["owner_auth"]).status_code == 403
    [item] = api.get("/api/v1/admin/reports", headers=people["admin_auth"]).json()
    assert item["target_id"] == song.id and item["reports"][0]["contact_email"] == "label@example.com"


def test_a_hidden_track_is_gone_from_streaming_subsonic_and_previews_until_restored(api, song, people, catalog):
    previews = TestClient(social_meta_middleware(shell_app()))
    assert api.get(f"/api/v1/tracks/{song.id}/stream").status_code == 200
    assert _subsonic(api, people, "getSong", id=song.id).json()["subsonic-response"]["status"] == "ok"
    _report(api, song)
    hidden = api.post(f"/api/v1/admin/reports/track/{song.id}/hide", headers=people["admin_auth"])
    assert hidden.status_code == 204, hidden.text

    assert api.get(f"/api/v1/tracks/{song.id}/stream").status_code == 404
    assert api.get(f"/api/v1/tracks/{song.id}").status_code == 404
    assert _subsonic(api, people, "getSong", id=song.id).json()["subsonic-response"]["error"]["code"] == 70
    assert _subsonic(api, people, "stream", id=song.id).json()["subsonic-response"]["error"]["code"] == 70
    found = _subsonic(api, people, "search3", query="Night Run 1").json()["subsonic-response"]["searchResult3"]
    assert str(song.id) not in [s["id"] for s in found.get("song", [])]
    assert previews.get(f"/track/{song.id}-{song.slug}").status_code == 404
    notice = api.get(f"/api/v1/reports/notices/track/{song.id}", headers=people["owner_auth"]).json()
    assert notice["is_owner"] and notice["message"] == "This song is unavailable following a report."
    assert api.get("/api/v1/me/hidden", headers=people["owner_auth"]).json()[0]["target_id"] == song.id

    answer = api.post("/api/v1/reports/counter-notices", headers=people["owner_auth"],
                      json=dict(target_type="track", target_id=song.id, statement="I hold the master rights."))
    assert answer.status_code == 201 and answer.json()["counter_notice_sent"]
    assert api.post(f"/api/v1/admin/reports/track/{song.id}/restore",
                    headers=people["admin_auth"]).status_code == 204

    assert api.get(f"/api/v1/tracks/{song.id}/stream").content == AUDIO
    assert _subsonic(api, people, "getSong", id=song.id).json()["subsonic-response"]["status"] == "ok"
    assert previews.get(f"/track/{song.id}-{song.slug}").status_code == 200
    assert api.get(f"/api/v1/reports/notices/track/{song.id}").status_code == 404


def test_dismiss_and_the_openapi_document(api, song, people):
    _report(api, song)
    assert api.post(f"/api/v1/admin/reports/track/{song.id}/dismiss",
                    headers=people["admin_auth"]).status_code == 204
    assert api.post(f"/api/v1/admin/reports/track/{song.id}/dismiss",
                    headers=people["admin_auth"]).status_code == 409
    paths = api.get("/api/openapi.json").json()["paths"]
    for path in ("/api/v1/reports", "/api/v1/admin/reports", "/api/v1/reports/counter-notices",
                 "/api/v1/admin/reports/{target_type}/{target_id}/hide",
                 "/api/v1/admin/reports/{target_type}/{target_id}/restore"):
        assert path in paths
