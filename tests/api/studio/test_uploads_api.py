"""``/api/v1/studio/uploads``: send audio as the raw body, then follow it until it is a draft."""

from __future__ import annotations

import pytest

from spoticlone.models import Role, Track, TrackStatus
from tests import factories

URL = "/api/v1/studio/uploads"


@pytest.fixture
def world(session):
    owner = factories.make_user(session, username="owner", role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Nova Drive", user_id=owner.id)
    stranger = factories.make_user(session, username="stranger", role=Role.ARTIST)
    factories.make_artist(session, stage_name="Stranger", user_id=stranger.id)
    listener = factories.make_user(session, username="listener")
    admin = factories.make_user(session, username="admin", role=Role.ADMIN)
    return {"artist": artist.id, **{name: factories.make_api_token(session, user) for name, user in
                                    (("owner", owner), ("stranger", stranger), ("listener", listener),
                                     ("admin", admin))}}


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def send(api, token: str | None, data: bytes, filename: str = "song.mp3"):
    headers = auth(token) if token else {}
    return api.post(URL, params={"filename": filename}, content=data,
                    headers={**headers, "Content-Type": "application/octet-stream"})


def test_an_artist_uploads_and_follows_the_draft(api, world, session, audio_samples):
    sent = send(api, world["owner"], audio_samples["opus"].read_bytes(), "sine.opus")
    assert sent.status_code == 202, sent.text
    body = sent.json()
    assert body["status"] == "ready" and body["filename"] == "sine.opus" and body["track_title"] == "Sine Song"
    track = session.get(Track, body["track_id"])
    assert track.status == TrackStatus.DRAFT and track.artist_id == world["artist"]

    got = api.get(f"{URL}/{body['id']}", headers=auth(world["owner"]))
    assert got.status_code == 200 and got.json() == body
    listed = api.get(URL, params={"page_size": 5}, headers=auth(world["owner"])).json()
    assert [u["id"] for u in listed["items"]] == [body["id"]] and listed["total"] == 1
    assert api.get(f"{URL}/{body['id']}", headers=auth(world["admin"])).status_code == 200
    assert api.get(URL, params={"artist_id": world["artist"]}, headers=auth(world["admin"])).json()["total"] == 1

    for name in ("stranger", "listener"):
        hidden = api.get(f"{URL}/{body['id']}", headers=auth(world[name]))
        assert hidden.status_code == 404 and hidden.json() == {"detail": "That upload does not exist.",
                                                               "code": "not_found"}
    assert api.get(URL, params={"artist_id": world["artist"]}, headers=auth(world["stranger"])).status_code == 404


def test_who_may_upload(api, world):
    assert send(api, None, b"ID3").status_code == 401
    refused = send(api, world["listener"], b"ID3")
    assert refused.status_code == 403 and "artist profile" in refused.json()["detail"]
    assert api.get(URL, headers=auth(world["listener"])).status_code == 403


def test_refusals_are_clear_json(api, world, session, audio_samples, monkeypatch):
    from spoticlone.config import get_settings

    data = audio_samples["mp3"].read_bytes()
    assert send(api, world["owner"], data).status_code == 202
    again = send(api, world["owner"], data, "copy.mp3")
    assert again.status_code == 409 and "“Sine Song”" in again.json()["detail"]

    empty = send(api, world["owner"], b"")
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]
    text = send(api, world["owner"], b"not music at all " * 100, "notes.mp3")
    assert text.status_code == 422 and "not an audio file" in text.json()["detail"]

    monkeypatch.setenv("SPOTICLONE_MAX_UPLOAD_MB", "1")
    get_settings.cache_clear()
    big = send(api, world["owner"], b"\0" * (1024 * 1024 + 1))
    assert big.status_code == 413
    assert big.json() == {"detail": "This file is larger than the 1 MB limit for audio uploads.",
                          "code": "too_large"}

    monkeypatch.setenv("SPOTICLONE_ARTIST_QUOTA_MB", "1")
    get_settings.cache_clear()
    factories.make_track(session, artist_id=world["artist"], file_size=1024 * 1024 - 60_000)
    full = send(api, world["owner"], audio_samples["flac"].read_bytes(), "next.flac")
    assert full.status_code == 413 and "storage" in full.json()["detail"]


@pytest.mark.parametrize("query, status", [
    ({}, 422),  # no file name
    ({"filename": ""}, 422),
    ({"filename": "x" * 1001}, 422),
])
def test_the_file_name_is_required_and_bounded(api, world, query, status):
    assert api.post(URL, params=query, content=b"ID3", headers=auth(world["owner"])).status_code == status


@pytest.mark.parametrize("path", ["/0", "/9007199254740992", "/abc"])
def test_ids_are_bounded(api, world, path):
    assert api.get(URL + path, headers=auth(world["owner"])).status_code == 422
    assert api.get(URL + "/12345", headers=auth(world["owner"])).status_code == 404


def test_the_upload_is_documented(api):
    spec = api.get("/api/openapi.json").json()
    post = spec["paths"][URL]["post"]
    assert "application/octet-stream" in post["requestBody"]["content"]
    assert {"202", "409", "413", "422"} <= set(post["responses"])
    assert "get" in spec["paths"][URL + "/{upload_id}"]
