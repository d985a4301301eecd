"""``/api/v1/studio/tracks/{id}/lyrics``: read, save, import and export, for the track's artist only."""

from __future__ import annotations

import pytest

from spoticlone.models import Role, Track, TrackStatus
from tests import factories


@pytest.fixture
def world(session):
    owner = factories.make_user(session, username="owner", role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Nova Drive", user_id=owner.id)
    track = factories.make_track(session, title="Secret Demo", artist_id=artist.id, status=TrackStatus.DRAFT,
                                 duration_ms=60_000)
    other = factories.make_user(session, username="other")
    return {"owner": factories.make_api_token(session, owner), "other": factories.make_api_token(session, other),
            "track": track.id}


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def url(world, tail: str = "lyrics") -> str:
    return f"/api/v1/studio/tracks/{world['track']}/{tail}"


def test_owner_saves_and_reads_lyrics(api, world):
    body = {"plain": "One\nTwo", "lines": [{"time_ms": 1000, "text": "One"}, {"time_ms": 2000, "text": "Two"}]}
    saved = api.put(url(world), json=body, headers=auth(world["owner"]))
    assert saved.status_code == 200, saved.text
    got = api.get(url(world), headers=auth(world["owner"])).json()
    assert got["plain"] == "One\nTwo" and got["synced"] is True and got["duration_ms"] == 60_000
    assert got["lines"] == [{"time_ms": 1000, "text": "One"}, {"time_ms": 2000, "text": "Two"}]


def test_refusals_are_json_and_change_nothing(api, world, session):
    bad = api.put(url(world), json={"plain": "New", "lines": [{"time_ms": 5000, "text": "b"},
                                                              {"time_ms": 1000, "text": "a"}]},
                  headers=auth(world["owner"]))
    assert bad.status_code == 422 and "before line 1" in bad.json()["detail"]
    assert api.put(url(world), json={"lines": [{"time_ms": -5, "text": "a"}]},
                   headers=auth(world["owner"])).status_code == 422
    session.expire_all()
    track = session.get(Track, world["track"])
    assert (track.lyrics, track.synced_lyrics) == ("", "")


@pytest.mark.parametrize(("method", "tail"), [("get", "lyrics"), ("put", "lyrics"), ("post", "lyrics/import"),
                                              ("get", "lyrics.lrc")])
def test_only_the_owner_gets_anything(api, world, method, tail):
    kwargs = {"json": {"plain": "x"}} if method == "put" else ({"content": b"[00:01]x"} if method == "post" else {})
    assert getattr(api, method)(url(world, tail), **kwargs).status_code == 401
    stranger = getattr(api, method)(url(world, tail), headers=auth(world["other"]), **kwargs)
    assert stranger.status_code == 404 and stranger.json()["detail"] == "That song does not exist."


def test_import_then_export_as_a_download(api, world):
    imported = api.post(url(world, "lyrics/import"), content="\ufeff[00:01.50]Hello\n".encode(),
                        headers={**auth(world["owner"]), "Content-Type": "text/plain"})
    assert imported.status_code == 200, imported.text
    assert imported.json()["lines"] == [{"time_ms": 1500, "text": "Hello"}]
    out = api.get(url(world, "lyrics.lrc"), headers=auth(world["owner"]))
    assert out.status_code == 200
    assert out.headers["content-disposition"] == 'attachment; filename="secret-demo.lrc"'
    assert out.text.splitlines()[:2] == ["[ti:Secret Demo]", "[ar:Nova Drive]"]
    assert out.text.splitlines()[-1] == "[00:01.50]Hello"


def test_import_refuses_binary_and_oversized_bodies(api, world):
    binary = api.post(url(world, "lyrics/import"), content=b"\x00\x01\x02PK\x03\x04", headers=auth(world["owner"]))
    assert binary.status_code == 422 and "not a text file" in binary.json()["detail"]
    huge = api.post(url(world, "lyrics/import"), content=b"[00:01]a\n" * 40_000, headers=auth(world["owner"]))
    assert huge.status_code == 413 and "256 KB" in huge.json()["detail"]


def test_export_without_synced_lyrics_is_404_with_a_reason(api, world):
    out = api.get(url(world, "lyrics.lrc"), headers=auth(world["owner"]))
    assert out.status_code == 404 and "no synced lyrics" in out.json()["detail"]
