"""Audio streaming: exact byte ranges, conditional requests, and drafts that stay hidden."""

from __future__ import annotations

import os
import re
from email.utils import formatdate
from pathlib import Path

import pytest

from spoticlone import routes
from spoticlone.models import Role, TrackStatus
from spoticlone.services.core.errors import NotFound
from spoticlone.services.listening.streaming import resolve_stream
from tests import factories
from tests.sql_log import statements_run


@pytest.fixture
def song(session, store, audio_samples):
    """A published track backed by a real MP3 in the media store; returns (track, bytes)."""
    path: Path = audio_samples["mp3"]
    key = store.put_file("audio", "mp3", path)
    data = path.read_bytes()
    track = factories.make_track(
        session, audio_key=key, mime_type="audio/mpeg", file_size=len(data)
    )
    return track, data


@pytest.fixture
def big(session, store):
    """A published track larger than several streaming chunks (random, so offsets matter)."""
    data = os.urandom(300_000)
    key = store.put_bytes("audio", "flac", data)
    track = factories.make_track(
        session, audio_key=key, audio_format="flac", mime_type="audio/flac", file_size=len(data)
    )
    return track, data


def _url(track) -> str:
    return routes.stream_url(track.id)


def _parse_multipart(response) -> list[tuple[str, str, bytes]]:
    """(Content-Type, Content-Range, body) of each part of a multipart/byteranges body."""
    match = re.fullmatch(
        r"multipart/byteranges; boundary=(\S+)", response.headers["content-type"]
    )
    assert match, response.headers["content-type"]
    delimiter = b"--" + match.group(1).encode()
    body = response.content
    assert body.endswith(delimiter + b"--\r\n")
    chunks = body[: -len(delimiter + b"--\r\n")].split(delimiter)
    assert chunks[0] == b""
    parts = []
    for chunk in chunks[1:]:
        assert chunk.startswith(b"\r\n") and chunk.endswith(b"\r\n")
        head, _, payload = chunk[2:-2].partition(b"\r\n\r\n")
        fields = dict(line.split(": ", 1) for line in head.decode().split("\r\n"))
        parts.append((fields["Content-Type"], fields["Content-Range"], payload))
    return parts


def test_whole_file(api, song):
    track, data = song
    response = api.get(_url(track))
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-type"] == "audio/mpeg"
    assert response.headers["content-length"] == str(len(data))
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["cache-control"] == "private, max-age=3600"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-range" not in response.headers
    assert "content-disposition" not in response.headers


def test_etag_is_strong_and_last_modified_is_the_file_mtime(api, song, store):
    track, data = song
    response = api.get(_url(track))
    etag = response.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]+-[0-9a-f]+"', etag), etag
    assert Path(track.audio_key).stem in etag and f"{len(data):x}" in etag
    mtime = store.path(track.audio_key).stat().st_mtime
    assert response.headers["last-modified"] == formatdate(int(mtime), usegmt=True)


def test_exact_range(api, song):
    track, data = song
    response = api.get(_url(track), headers={"Range": "bytes=100-199"})
    assert response.status_code == 206
    assert response.content == data[100:200]
    assert len(response.content) == 100
    assert response.headers["content-length"] == "100"
    assert response.headers["content-range"] == f"bytes 100-199/{len(data)}"
    assert response.headers["content-type"] == "audio/mpeg"
    assert response.headers["accept-ranges"] == "bytes"


def test_open_ended_range(api, song):
    track, data = song
    response = api.get(_url(track), headers={"Range": "bytes=100-"})
    assert response.status_code == 206
    assert response.content == data[100:]
    assert response.headers["content-range"] == f"bytes 100-{len(data) - 1}/{len(data)}"
    assert response.headers["content-length"] == str(len(data) - 100)


def test_suffix_range(api, song):
    track, data = song
    response = api.get(_url(track), headers={"Range": "bytes=-500"})
    assert response.status_code == 206
    assert response.content == data[-500:]
    assert response.headers["content-range"] == (
        f"bytes {len(data) - 500}-{len(data) - 1}/{len(data)}"
    )


def test_range_past_the_end_is_clamped(api, song):
    track, data = song
    response = api.get(_url(track), headers={"Range": f"bytes={len(data) - 10}-{len(data) * 2}"})
    assert response.status_code == 206
    assert response.content == data[-10:]
    assert response.headers["content-range"] == (
        f"bytes {len(data) - 10}-{len(data) - 1}/{len(data)}"
    )


@pytest.mark.parametrize(
    ("header", "start", "stop"),
    [
        ("bytes=0-299999", 0, 300_000),
        ("bytes=65530-65545", 65_530, 65_546),  # across a chunk boundary
        ("bytes=100000-250000", 100_000, 250_001),
        ("bytes=-70000", 230_000, 300_000),
    ],
)
def test_ranges_over_several_chunks_are_exact(api, big, header, start, stop):
    track, data = big
    response = api.get(_url(track), headers={"Range": header})
    assert response.status_code == 206
    assert response.content == data[start:stop]
    assert response.headers["content-length"] == str(stop - start)


def test_big_whole_file(api, big):
    track, data = big
    response = api.get(_url(track))
    assert response.status_code == 200 and response.content == data
    assert response.headers["content-type"] == "audio/flac"


def test_multiple_ranges_are_multipart(api, song):
    track, data = song
    response = api.get(_url(track), headers={"Range": "bytes=0-9,20-29,-5"})
    assert response.status_code == 206
    assert "content-range" not in response.headers
    assert response.headers["content-length"] == str(len(response.content))
    size = len(data)
    assert _parse_multipart(response) == [
        ("audio/mpeg", f"bytes 0-9/{size}", data[0:10]),
        ("audio/mpeg", f"bytes 20-29/{size}", data[20:30]),
        ("audio/mpeg", f"bytes {size - 5}-{size - 1}/{size}", data[-5:]),
    ]


def test_multiple_ranges_over_chunks(api, big):
    track, data = big
    response = api.get(_url(track), headers={"Range": "bytes=200000-299999,1-70000"})
    assert response.status_code == 206
    assert [p[2] for p in _parse_multipart(response)] == [data[200_000:], data[1:70_001]]


@pytest.mark.parametrize(
    "header",
    [
        "bytes=999999-",
        "bytes=-0",
        "bytes=abc",
        "items=0-1",
        "bytes=5-2",
        "",
        "bytes=0-9,5-14",
        "bytes=" + ",".join(f"{n * 10}-{n * 10 + 1}" for n in range(17)),
    ],
)
def test_bad_ranges_are_416(api, song, header):
    track, data = song
    response = api.get(_url(track), headers={"Range": header})
    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{len(data)}"
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["content-type"] == "application/json"
    assert response.json()["detail"]
    assert data[:20] not in response.content


def test_head_whole_file(api, song):
    track, data = song
    response = api.head(_url(track))
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == str(len(data))
    assert response.headers["content-type"] == "audio/mpeg"
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["etag"] == api.get(_url(track)).headers["etag"]


def test_head_range(api, song):
    track, data = song
    response = api.head(_url(track), headers={"Range": "bytes=100-199"})
    assert response.status_code == 206
    assert response.content == b""
    assert response.headers["content-length"] == "100"
    assert response.headers["content-range"] == f"bytes 100-199/{len(data)}"


def test_head_multiple_ranges_length_matches_get(api, song):
    track, _ = song
    headers = {"Range": "bytes=0-9,20-29"}
    head = api.head(_url(track), headers=headers)
    get = api.get(_url(track), headers=headers)
    assert head.status_code == get.status_code == 206
    # Boundaries are random but always the same length, so lengths must agree.
    assert head.headers["content-length"] == get.headers["content-length"]


def test_if_none_match_gives_304(api, song):
    track, _ = song
    etag = api.get(_url(track)).headers["etag"]
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = api.get(_url(track), headers={"If-None-Match": header})
        assert response.status_code == 304, header
        assert response.content == b""
        assert response.headers["etag"] == etag
        assert response.headers["cache-control"] == "private, max-age=3600"
    assert api.head(_url(track), headers={"If-None-Match": etag}).status_code == 304
    # If-None-Match wins over Range (RFC 9110 13.2.2).
    ranged = api.get(_url(track), headers={"If-None-Match": etag, "Range": "bytes=0-1"})
    assert ranged.status_code == 304
    assert api.get(_url(track), headers={"If-None-Match": '"other"'}).status_code == 200


def test_if_range_with_matching_validators_honours_the_range(api, song):
    track, data = song
    first = api.get(_url(track))
    for validator in (first.headers["etag"], first.headers["last-modified"]):
        response = api.get(_url(track), headers={"Range": "bytes=0-9", "If-Range": validator})
        assert response.status_code == 206, validator
        assert response.content == data[:10]


@pytest.mark.parametrize(
    "if_range", ['"stale"', "W/{etag}", "Mon, 01 Jan 2001 00:00:00 GMT", "garbage"]
)
def test_if_range_mismatch_sends_the_whole_file(api, song, if_range):
    track, data = song
    etag = api.get(_url(track)).headers["etag"]
    response = api.get(
        _url(track), headers={"Range": "bytes=0-9", "If-Range": if_range.format(etag=etag)}
    )
    assert response.status_code == 200
    assert response.content == data
    assert "content-range" not in response.headers


def test_if_range_mismatch_ignores_even_a_bad_range(api, song):
    track, data = song
    response = api.get(_url(track), headers={"Range": "bytes=abc", "If-Range": '"stale"'})
    assert response.status_code == 200 and response.content == data


def test_draft_is_404_for_anonymous(api, session, store):
    key = store.put_bytes("audio", "mp3", b"ID3 secret demo bytes")
    draft = factories.make_track(session, audio_key=key, status=TrackStatus.DRAFT)
    for method in (api.get, api.head):
        response = method(_url(draft), headers={"Range": "bytes=0-3"})
        assert response.status_code == 404
    response = api.get(_url(draft))
    assert response.json() == {"detail": "That track does not exist.", "code": "not_found"}
    assert b"secret" not in response.content


def test_unknown_track_is_404_json(api, song):
    response = api.get(routes.stream_url(999_999))
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"detail": "That track does not exist.", "code": "not_found"}
    assert api.head(routes.stream_url(999_999)).status_code == 404


def test_missing_file_is_404(api, session):
    track = factories.make_track(session)  # factory key points at no stored file
    response = api.get(_url(track))
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "track_id",
    [
        "..%2F..%2Fetc%2Fpasswd",
        "..%2Fmedia%2Faudio",
        "%2Fetc%2Fpasswd",
        "audio%2F00%2Fabc.mp3",
        "1.5",
        "-1",
        "0",
        "abc",
        str(2**64),
    ],
)
def test_non_id_values_never_reach_the_disk(api, song, track_id):
    response = api.get(f"/api/v1/tracks/{track_id}/stream")
    assert response.status_code in (404, 422), response.status_code
    assert response.headers["content-type"] == "application/json"
    assert response.json()["detail"]


def test_path_traversal_in_url_is_404(api, song):
    response = api.get("/api/v1/tracks/../../../etc/passwd/stream")
    assert response.status_code in (404, 422)
    assert b"root:" not in response.content


def test_wrong_method_is_405(api, song):
    track, _ = song
    response = api.post(_url(track))
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]


def test_route_is_in_the_openapi_spec(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/tracks/{track_id}/stream"]


# The service's access decision, per actor.


@pytest.fixture
def draft(session, store):
    owner = factories.make_user(session, role=Role.ARTIST)
    artist = factories.make_artist(session, user_id=owner.id)
    key = store.put_bytes("audio", "ogg", b"OggS draft")
    track = factories.make_track(
        session, artist_id=artist.id, audio_key=key, mime_type="audio/ogg",
        status=TrackStatus.DRAFT,
    )
    return track, owner


def test_owner_and_admin_may_stream_a_draft(session, store, draft):
    track, owner = draft
    admin = factories.make_user(session, role=Role.ADMIN)
    for actor in (owner, admin):
        info = resolve_stream(session, track_id=track.id, actor=actor, store=store)
        assert info.key == track.audio_key
        assert info.mime_type == "audio/ogg"
        assert info.file_size == len(b"OggS draft")
        assert info.published is False


def test_others_may_not_stream_a_draft(session, store, draft):
    track, owner = draft
    others = [
        None,
        factories.make_user(session),
        factories.make_user(session, role=Role.ARTIST),
        factories.make_user(session, role=Role.ADMIN, suspended=True),
    ]
    # Another artist's owner, and the owner once suspended, get nothing either.
    factories.make_artist(session, user_id=others[2].id)
    owner.suspended = True
    session.add(owner)
    session.commit()
    for actor in [*others, owner]:
        with pytest.raises(NotFound):
            resolve_stream(session, track_id=track.id, actor=actor, store=store)


def test_published_track_streams_for_anyone(session, store, song):
    track, data = song
    info = resolve_stream(session, track_id=track.id, store=store)
    assert info.file_size == len(data) and info.published is True


def test_file_size_comes_from_the_disk(session, store):
    key = store.put_bytes("audio", "mp3", b"x" * 50)
    track = factories.make_track(session, audio_key=key, file_size=9999)
    assert resolve_stream(session, track_id=track.id, store=store).file_size == 50


def test_database_session_ends_before_the_body_is_sent(engine, session, store, monkeypatch):
    """A long download must not hold a database connection for its whole duration."""
    from fastapi.testclient import TestClient

    from spoticlone.api.app import create_api
    from spoticlone.api.deps import get_session
    from spoticlone.api.routers.listening import streaming
    from spoticlone.db import session_scope

    events: list[str] = []

    def session_override():
        with session_scope(engine) as scoped:
            yield scoped
        events.append("session closed")

    real_read = streaming._read

    def spy(*args):
        events.append("body started")
        yield from real_read(*args)

    monkeypatch.setattr(streaming, "_read", spy)
    app = create_api()
    app.dependency_overrides[get_session] = session_override
    key = store.put_bytes("audio", "mp3", b"x" * 10)
    track = factories.make_track(session, audio_key=key)
    with TestClient(app) as client:
        assert client.get(_url(track)).status_code == 200
    assert events == ["session closed", "body started"]


# The route passes the signed-in caller (cookie or bearer) to the service.


def test_artist_streams_own_draft_over_http_with_bearer_or_cookie(api, session, draft):
    from spoticlone.api.session_cookie import SESSION_COOKIE
    from spoticlone.services.auth.api_sessions import start_api_session
    from spoticlone.services.auth.sessions import create_session

    track, owner = draft
    access = start_api_session(session, user_id=owner.id).access_token
    cookie = create_session(session, user_id=owner.id)
    for headers in ({"Authorization": f"Bearer {access}"}, {"Cookie": f"{SESSION_COOKIE}={cookie}"}):
        response = api.get(_url(track), headers=headers)
        assert response.status_code == 200, response.text
        assert response.content == b"OggS draft"
    assert api.get(_url(track)).status_code == 404


def test_other_callers_get_404_for_a_draft_and_a_bad_token_is_401(api, session, draft):
    from spoticlone.services.auth.api_sessions import start_api_session

    track, _ = draft
    stranger = factories.make_user(session, role=Role.ARTIST)
    access = start_api_session(session, user_id=stranger.id).access_token
    assert api.get(_url(track), headers={"Authorization": f"Bearer {access}"}).status_code == 404
    bad = api.get(_url(track), headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401 and bad.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_players_range_of_a_published_song_skips_the_session_check(api, session, song):
    """Every range request of a signed-in player carries the cookie: for a published song the
    answer is everyone's, so the session is not looked up (a bad bearer token still is: 401)."""
    from spoticlone.api.session_cookie import SESSION_COOKIE
    from spoticlone.services.auth.sessions import create_session

    track, data = song
    listener = factories.make_user(session)
    cookie = create_session(session, user_id=listener.id)
    session.commit()
    with statements_run(session.get_bind()) as statements:
        response = api.get(_url(track), headers={"Cookie": f"{SESSION_COOKIE}={cookie}", "Range": "bytes=0-99"})
    assert response.status_code == 206 and response.content == data[:100]
    assert statements and not [s for s in statements if "authsession" in s.lower() or 'FROM "user"' in s]
    bad = api.get(_url(track), headers={"Authorization": "Bearer not-a-token", "Range": "bytes=0-99"})
    assert bad.status_code == 401
