"""Replacing a song's audio, and AIFF uploads: the song keeps everything but its sound."""

from __future__ import annotations

import hashlib

import pytest
from sqlmodel import select

from spoticlone.models import (
    AudioUpload,
    PlaylistTrack,
    Role,
    Track,
    TrackLike,
    TrackLoudness,
    TrackStatus,
    UploadStatus,
)
from tests import factories

UPLOADS = "/api/v1/studio/uploads"


def audio_url(track_id: int) -> str:
    return f"/api/v1/studio/tracks/{track_id}/audio"


@pytest.fixture
def world(session):
    owner = factories.make_user(session, username="owner", role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Nova Drive", user_id=owner.id)
    stranger = factories.make_user(session, username="stranger", role=Role.ARTIST)
    factories.make_artist(session, stage_name="Stranger", user_id=stranger.id)
    listener = factories.make_user(session, username="listener")
    admin = factories.make_user(session, username="admin", role=Role.ADMIN)
    factories.make_artist(session, stage_name="Admin Band", user_id=admin.id)
    return {"artist": artist.id, "listener_user": listener,
            **{name: factories.make_api_token(session, user) for name, user in
               (("owner", owner), ("stranger", stranger), ("listener", listener), ("admin", admin))}}


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def send(api, token, url, data: bytes, filename: str):
    return api.post(url, params={"filename": filename}, content=data,
                    headers={**auth(token), "Content-Type": "application/octet-stream"})


def test_an_aiff_upload_is_stored_as_aiff_with_its_tags(api, world, session, store, audio_samples):
    sent = send(api, world["owner"], UPLOADS, audio_samples["aiff"].read_bytes(), "take.aiff")
    assert sent.status_code == 202, sent.text
    body = sent.json()
    assert body["status"] == "ready", body
    track = session.get(Track, body["track_id"])
    assert (track.audio_format, track.mime_type, track.sample_rate) == ("aiff", "audio/aiff", 44100)
    assert track.audio_key.endswith(".aiff") and track.title == "Sine Song" and 2900 <= track.duration_ms <= 3100
    assert "First line" in track.lyrics and track.cover_key is not None
    assert store.path(track.audio_key).read_bytes() == audio_samples["aiff"].read_bytes()


def test_replacing_a_published_songs_audio_keeps_the_song(api, world, session, store, audio_samples):
    first = send(api, world["owner"], UPLOADS, audio_samples["mp3"].read_bytes(), "demo.mp3").json()
    track = session.get(Track, first["track_id"])
    track.status, track.title, track.play_count = TrackStatus.PUBLISHED, "Final Title", 42
    session.add(TrackLike(user_id=world["listener_user"].id, track_id=track.id))
    playlist = factories.make_playlist(session, owner=world["listener_user"], tracks=[track])
    measured = session.get(TrackLoudness, track.id) or TrackLoudness(track_id=track.id, integrated_lufs=0.0)
    measured.integrated_lufs = -99.0  # a figure of the old file, which must not outlive it
    session.add(measured)
    session.commit()
    old_key, track_id = track.audio_key, track.id

    replaced = send(api, world["owner"], audio_url(track_id), audio_samples["flac"].read_bytes(), "master.flac")
    assert replaced.status_code == 202, replaced.text
    body = replaced.json()
    assert body["status"] == "ready" and body["track_id"] == track_id and body["replace_track_id"] == track_id
    session.expire_all()
    track = session.get(Track, track_id)
    assert (track.title, track.status, track.play_count) == ("Final Title", TrackStatus.PUBLISHED, 42)
    assert (track.audio_format, track.mime_type) == ("flac", "audio/flac")
    assert track.audio_key != old_key and track.file_size == audio_samples["flac"].stat().st_size
    assert store.path(track.audio_key).read_bytes() == audio_samples["flac"].read_bytes()
    assert track.audio_sha256 == hashlib.sha256(audio_samples["flac"].read_bytes()).hexdigest()
    assert not store.exists(old_key)
    assert session.exec(select(TrackLike).where(TrackLike.track_id == track_id)).one()
    row = session.exec(select(PlaylistTrack).where(PlaylistTrack.playlist_id == playlist.id)).one()
    assert row.track_id == track_id
    loudness = session.get(TrackLoudness, track_id)  # measured again (the job runs inline here)
    assert loudness is None or loudness.integrated_lufs != -99.0
    assert len(session.exec(select(Track)).all()) == 1


def test_only_the_songs_artist_may_replace_its_audio(api, world, session, store, audio_samples):
    first = send(api, world["owner"], UPLOADS, audio_samples["mp3"].read_bytes(), "demo.mp3").json()
    track_id, old_key = first["track_id"], session.get(Track, first["track_id"]).audio_key
    data = audio_samples["ogg"].read_bytes()
    for name in ("stranger", "admin"):
        refused = send(api, world[name], audio_url(track_id), data, "evil.ogg")
        assert refused.status_code == 404 and refused.json() == {"detail": "That song does not exist.",
                                                                 "code": "not_found"}, name
    assert send(api, world["listener"], audio_url(track_id), data, "x.ogg").status_code == 403
    assert api.post(audio_url(track_id), params={"filename": "x.ogg"}, content=data).status_code == 401
    for missing in (track_id + 999, 2**53 - 1):
        assert send(api, world["owner"], audio_url(missing), data, "x.ogg").status_code == 404
    assert send(api, world["owner"], audio_url(2**64), data, "x.ogg").status_code in (404, 422)
    stranger_session = api.post(f"{UPLOADS}/sessions", headers=auth(world["stranger"]),
                                json={"filename": "x.ogg", "size": len(data), "replace_track_id": track_id})
    assert stranger_session.status_code == 404
    session.expire_all()
    assert session.get(Track, track_id).audio_key == old_key and store.exists(old_key)


def test_a_bad_replacement_changes_nothing(api, world, session, store, audio_samples):
    first = send(api, world["owner"], UPLOADS, audio_samples["mp3"].read_bytes(), "demo.mp3").json()
    track_id = first["track_id"]
    before = session.get(Track, track_id).model_dump()
    data = audio_samples["flac"].read_bytes()
    cut = send(api, world["owner"], audio_url(track_id), data[: len(data) // 2], "cut.flac")
    assert cut.status_code == 202 and cut.json()["status"] == "failed"
    assert "incomplete" in cut.json()["error"]
    assert send(api, world["owner"], audio_url(track_id), b"not audio " * 200, "x.flac").status_code == 422
    session.expire_all()
    assert session.get(Track, track_id).model_dump() == before and store.exists(before["audio_key"])
    assert [p for p in store.root.rglob("*.flac")] == []  # the refused file was not kept


def test_a_replacement_sent_in_pieces_and_a_song_deleted_meanwhile(api, world, session, store, audio_samples):
    first = send(api, world["owner"], UPLOADS, audio_samples["mp3"].read_bytes(), "demo.mp3").json()
    track_id = first["track_id"]
    data = audio_samples["aiff"].read_bytes()
    opened = api.post(f"{UPLOADS}/sessions", headers=auth(world["owner"]),
                      json={"filename": "master.aiff", "size": len(data), "replace_track_id": track_id})
    assert opened.status_code == 201 and opened.json()["replace_track_id"] == track_id
    done = api.put(f"{UPLOADS}/sessions/{opened.json()['id']}", content=data,
                   headers={**auth(world["owner"]), "Upload-Offset": "0"}).json()
    assert done["upload"]["status"] == "ready" and done["upload"]["track_id"] == track_id
    session.expire_all()
    assert session.get(Track, track_id).audio_format == "aiff"

    opened = api.post(f"{UPLOADS}/sessions", headers=auth(world["owner"]),
                      json={"filename": "late.ogg", "size": audio_samples["ogg"].stat().st_size,
                            "replace_track_id": track_id}).json()
    assert api.delete(f"/api/v1/studio/tracks/{track_id}", headers=auth(world["owner"])).status_code == 204
    late = api.put(f"{UPLOADS}/sessions/{opened['id']}", content=audio_samples["ogg"].read_bytes(),
                   headers={**auth(world["owner"]), "Upload-Offset": "0"}).json()
    assert late["upload"]["status"] == "failed" and "no longer exists" in late["upload"]["error"]
    assert session.exec(select(AudioUpload).where(AudioUpload.status == UploadStatus.FAILED)).one()
