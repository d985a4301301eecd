"""Resumable uploads over REST: announce, send pieces by offset, resume after a cut, complete."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlmodel import select

from spoticlone.models import AudioUpload, Role, Track, TrackStatus, UploadSession, UploadStatus, utcnow
from spoticlone.services.studio import chunked, uploads
from tests import factories
from tests.aio import run_async

URL = "/api/v1/studio/uploads/sessions"


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


def start(api, token, data: bytes, name="song.mp3", **extra):
    return api.post(URL, json={"filename": name, "size": len(data), **extra}, headers=auth(token))


def piece(api, token, session_id, offset: int, data: bytes):
    return api.put(f"{URL}/{session_id}", content=data,
                   headers={**auth(token), "Upload-Offset": str(offset), "Content-Type": "application/octet-stream"})


def leftovers(settings) -> list:
    folder = settings.data_dir / uploads.FOLDER
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_file_sent_in_pieces_becomes_a_draft(api, world, session, settings, audio_samples):
    data = audio_samples["flac"].read_bytes()
    opened = start(api, world["owner"], data, "sine.flac", sha256=hashlib.sha256(data).hexdigest().upper())
    assert opened.status_code == 201, opened.text
    body = opened.json()
    assert body["offset"] == 0 and body["status"] == "open" and body["size"] == len(data)
    assert body["piece_size"] > 0 and opened.headers["Location"] == f"{URL}/{body['id']}"
    sid, third = body["id"], len(data) // 3

    first = piece(api, world["owner"], sid, 0, data[:third])
    assert first.status_code == 200 and first.json()["offset"] == third
    assert first.headers["Upload-Offset"] == str(third)
    head = api.head(f"{URL}/{sid}", headers=auth(world["owner"]))
    assert head.status_code == 200 and head.headers["Upload-Offset"] == str(third) and head.content == b""
    assert head.headers["Upload-Length"] == str(len(data))
    assert piece(api, world["owner"], sid, third, data[third:2 * third]).json()["offset"] == 2 * third

    last = piece(api, world["owner"], sid, 2 * third, data[2 * third:])
    assert last.status_code == 200, last.text
    done = last.json()
    assert done["status"] == "complete" and done["offset"] == len(data)
    assert done["upload"]["status"] == "ready" and done["upload"]["filename"] == "sine.flac"
    track = session.get(Track, done["upload"]["track_id"])
    assert track.status == TrackStatus.DRAFT and track.artist_id == world["artist"] and track.title == "Sine Song"
    assert done["upload"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert api.get(f"{URL}/{sid}", headers=auth(world["owner"])).json()["upload"]["id"] == done["upload"]["id"]
    assert leftovers(settings) == []
    again = piece(api, world["owner"], sid, len(data), b"x")
    assert again.status_code == 409 and "already arrived" in again.json()["detail"]


def test_pieces_out_of_order_overlapping_or_too_long_are_refused(api, world, audio_samples, settings):
    data = audio_samples["mp3"].read_bytes()
    sid = start(api, world["owner"], data).json()["id"]
    assert piece(api, world["owner"], sid, 0, data[:4096]).status_code == 200

    ahead = piece(api, world["owner"], sid, 8192, data[8192:9000])
    assert ahead.status_code == 409 and "holds 4096 bytes" in ahead.json()["detail"]
    overlap = piece(api, world["owner"], sid, 1000, data[1000:6000])
    assert overlap.status_code == 409 and "from byte 4096" in overlap.json()["detail"]
    past_end = piece(api, world["owner"], sid, 4096, data[4096:] + b"extra bytes")
    assert past_end.status_code == 413 and "past the end" in past_end.json()["detail"]
    empty = piece(api, world["owner"], sid, 4096, b"")
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]
    for bad in ("-1", "abc", "1e3", str(2**64)):
        refused = api.put(f"{URL}/{sid}", content=b"x", headers={**auth(world["owner"]), "Upload-Offset": bad})
        assert refused.status_code == 422, bad
    missing = api.put(f"{URL}/{sid}", content=b"x", headers=auth(world["owner"]))
    assert missing.status_code == 422
    # None of the refusals moved the offset or left bytes past it.
    assert api.get(f"{URL}/{sid}", headers=auth(world["owner"])).json()["offset"] == 4096
    assert [p.stat().st_size for p in leftovers(settings)] == [4096]
    assert piece(api, world["owner"], sid, 4096, data[4096:]).json()["status"] == "complete"


def test_only_the_sessions_artist_may_touch_it(api, world, audio_samples, settings):
    data = audio_samples["mp3"].read_bytes()
    sid = start(api, world["owner"], data).json()["id"]
    for name in ("stranger", "listener", "admin"):
        for response in (api.get(f"{URL}/{sid}", headers=auth(world[name])),
                         api.head(f"{URL}/{sid}", headers=auth(world[name])),
                         piece(api, world[name], sid, 0, data),
                         api.delete(f"{URL}/{sid}", headers=auth(world[name]))):
            assert response.status_code == 404, (name, response.request.method)
    assert api.get(f"{URL}/{sid}").status_code == 401
    assert api.put(f"{URL}/{sid}", content=data, headers={"Upload-Offset": "0"}).status_code == 401
    assert api.post(URL, json={"filename": "a.mp3", "size": len(data)}).status_code == 401
    refused = start(api, world["listener"], data)
    assert refused.status_code == 403 and "artist profile" in refused.json()["detail"]
    for unknown in (sid + 1000, 2**53 - 1):
        assert api.get(f"{URL}/{unknown}", headers=auth(world["owner"])).status_code == 404
    assert api.get(f"{URL}/{2**63}", headers=auth(world["owner"])).status_code in (404, 422)
    assert api.get(f"{URL}/{sid}", headers=auth(world["owner"])).json()["offset"] == 0


def test_size_cap_and_quota_are_checked_when_announced(api, world, monkeypatch):
    from spoticlone.config import get_settings

    monkeypatch.setenv("SPOTICLONE_MAX_UPLOAD_MB", "2")
    monkeypatch.setenv("SPOTICLONE_ARTIST_QUOTA_MB", "3")
    get_settings.cache_clear()
    mib = 1024 * 1024
    big = api.post(URL, json={"filename": "big.wav", "size": 2 * mib + 1}, headers=auth(world["owner"]))
    assert big.status_code == 413 and "2 MB limit" in big.json()["detail"]
    assert api.post(URL, json={"filename": "a.wav", "size": 2 * mib}, headers=auth(world["owner"])).status_code == 201
    # The first file's announced size is reserved while it arrives.
    over = api.post(URL, json={"filename": "b.wav", "size": 2 * mib}, headers=auth(world["owner"]))
    assert over.status_code == 413 and "storage" in over.json()["detail"]
    for bad in ({"filename": "x", "size": -1}, {"filename": "x", "size": "12"}, {"filename": "", "size": 5000},
                {"filename": "x", "size": 2**60}, {"filename": "x", "size": 5000, "sha256": "zz"}):
        assert api.post(URL, json=bad, headers=auth(world["owner"])).status_code in (413, 422), bad
    tiny = api.post(URL, json={"filename": "x.mp3", "size": 10}, headers=auth(world["owner"]))
    assert tiny.status_code == 422 and "too small" in tiny.json()["detail"]


def test_a_wrong_checksum_or_a_non_audio_start_fails_the_session_and_leaves_nothing(
    api, world, session, settings, audio_samples
):
    data = audio_samples["ogg"].read_bytes()
    sid = start(api, world["owner"], data, "x.ogg", sha256="0" * 64).json()["id"]
    refused = piece(api, world["owner"], sid, 0, data)
    assert refused.status_code == 422 and "checksum" in refused.json()["detail"]
    status = api.get(f"{URL}/{sid}", headers=auth(world["owner"])).json()
    assert status["status"] == "failed" and "checksum" in status["error"]
    assert piece(api, world["owner"], sid, len(data), b"x").status_code in (409, 422)

    text = b"Just some lyrics, not a song at all. " * 100
    sid = start(api, world["owner"], text, "lyrics.mp3").json()["id"]
    early = piece(api, world["owner"], sid, 0, text[:512])
    assert early.status_code == 422 and "not an audio file" in early.json()["detail"]
    assert leftovers(settings) == []
    assert session.exec(select(Track)).all() == [] and session.exec(select(AudioUpload)).all() == []


def test_cancelling_removes_the_bytes_and_frees_the_quota(api, world, session, settings, audio_samples):
    data = audio_samples["mp3"].read_bytes()
    sid = start(api, world["owner"], data).json()["id"]
    piece(api, world["owner"], sid, 0, data[:2000])
    assert leftovers(settings)
    assert uploads.storage_used(session, artist_id=world["artist"]) == len(data)
    assert api.delete(f"{URL}/{sid}", headers=auth(world["owner"])).status_code == 204
    assert leftovers(settings) == [] and api.get(f"{URL}/{sid}", headers=auth(world["owner"])).status_code == 404
    session.expire_all()
    assert uploads.storage_used(session, artist_id=world["artist"]) == 0


def _asgi_put(app, token: str, session_id: int, data: bytes, *, cut_after: int) -> None:
    """PUT ``data`` straight to the ASGI app, dropping the connection after ``cut_after`` bytes."""
    path = f"{URL}/{session_id}"
    headers = [(b"host", b"testserver"), (b"authorization", f"Bearer {token}".encode()),
               (b"upload-offset", b"0"), (b"content-length", str(len(data)).encode())]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "PUT",
             "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "", "query_string": b"",
             "headers": headers, "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    sent = 0

    async def receive():
        nonlocal sent
        if sent >= cut_after:
            return {"type": "http.disconnect"}
        piece_ = data[sent:min(sent + 1000, cut_after)]
        sent += len(piece_)
        return {"type": "http.request", "body": piece_, "more_body": True}

    async def send(message):
        return None

    async def run():
        try:
            await app(scope, receive, send)
        except Exception:  # noqa: BLE001 - the server may re-raise the client's disconnect
            pass

    run_async(run())


def test_a_connection_cut_mid_piece_resumes_from_the_bytes_that_arrived(
    api, world, engine, session, settings, audio_samples
):
    from spoticlone.api.app import create_api
    from spoticlone.api.deps import get_session
    from spoticlone.db import session_scope

    data = audio_samples["wav"].read_bytes()
    sid = start(api, world["owner"], data, "take.wav").json()["id"]
    app = create_api()

    def session_override():
        with session_scope(engine) as db:
            yield db

    app.dependency_overrides[get_session] = session_override
    _asgi_put(app, world["owner"], sid, data, cut_after=150_000)

    head = api.head(f"{URL}/{sid}", headers=auth(world["owner"]))
    assert head.headers["Upload-Offset"] == "150000"
    resumed = piece(api, world["owner"], sid, 150_000, data[150_000:])
    assert resumed.status_code == 200, resumed.text
    upload = resumed.json()["upload"]
    assert upload["status"] == "ready" and upload["sha256"] == hashlib.sha256(data).hexdigest()
    assert session.get(Track, upload["track_id"]).audio_format == "wav"


def test_the_sweep_removes_abandoned_sessions_with_their_bytes(api, world, session, settings, audio_samples):
    data = audio_samples["mp3"].read_bytes()
    abandoned = start(api, world["owner"], data).json()["id"]
    piece(api, world["owner"], abandoned, 0, data[:3000])
    fresh = start(api, world["owner"], data, "other.mp3").json()["id"]
    assert uploads.sweep_incoming(session, older_than=timedelta(0)) == 0  # open sessions keep their files
    row = session.get(UploadSession, abandoned)
    row.updated_at = utcnow() - chunked.ABANDONED_AFTER - timedelta(minutes=1)
    session.commit()
    assert chunked.expire_sessions(session) == 1
    assert session.get(UploadSession, abandoned) is None and session.get(UploadSession, fresh) is not None
    assert len(leftovers(settings)) == 1
    assert chunked.expire_sessions(session, now=utcnow() + chunked.ABANDONED_AFTER * 2) == 1
    assert leftovers(settings) == []


def test_two_writers_at_once_are_refused_not_interleaved(api, world, session, audio_samples):
    data = audio_samples["mp3"].read_bytes()
    sid = start(api, world["owner"], data).json()["id"]
    row = session.get(UploadSession, sid)
    row.writer, row.writer_until = "someone-else", utcnow() + timedelta(minutes=1)
    session.commit()
    busy = piece(api, world["owner"], sid, 0, data)
    assert busy.status_code == 409 and "Another request" in busy.json()["detail"]
    row.writer_until = utcnow() - timedelta(seconds=1)  # that request died: its claim lapsed
    session.commit()
    assert piece(api, world["owner"], sid, 0, data).json()["status"] == "complete"
    assert session.exec(select(AudioUpload)).one().status == UploadStatus.READY


def test_a_duplicate_sent_in_pieces_is_named(api, world, audio_samples):
    data = audio_samples["mp3"].read_bytes()
    assert piece(api, world["owner"], start(api, world["owner"], data).json()["id"], 0, data).status_code == 200
    sid = start(api, world["owner"], data, "again.mp3").json()["id"]
    twice = piece(api, world["owner"], sid, 0, data)
    assert twice.status_code == 409 and "“Sine Song”" in twice.json()["detail"]


def test_the_protocol_is_in_the_openapi_document(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    for path, methods in ((URL, {"post"}), (URL + "/{session_id}", {"get", "head", "put", "delete"}),
                          ("/api/v1/studio/tracks/{track_id}/audio", {"post"})):
        assert methods <= set(paths[path]), path
    put = paths[URL + "/{session_id}"]["put"]
    assert any(p["name"] == "Upload-Offset" for p in put["parameters"])
    assert "application/octet-stream" in put["requestBody"]["content"]
