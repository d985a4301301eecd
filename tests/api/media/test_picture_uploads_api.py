"""Picture uploads over HTTP: bounded memory, one size cap, throttling, hostile files.

A 6320×6320 RGBA PNG is only ~155 KB yet 160 MB of pixels; decoded in the server it
once cost 600 MB per upload. The memory test uploads exactly that through the real
routes, in a process of its own (``measure_picture_upload``), and bounds how much the
server process's peak memory may grow.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import select

from spoticlone.models import Playlist, Role, User
from spoticlone.services.media import picture_uploads
from tests import factories, images

ROOT = Path(__file__).resolve().parents[3]
#: Allowed growth of the server's peak memory for one upload. The upload itself is
#: 155 KB; the server keeps the body, the clean 1600 px JPEG and its crops (~20 MB).
MEMORY_BUDGET_MB = 100


def _auth(session, user) -> dict[str, str]:
    return {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}


def _files(store) -> set[str]:
    return {p.relative_to(store.root).as_posix() for p in store.root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def huge_png(tmp_path_factory) -> Path:
    """6320×6320 RGBA (39.9 MP, under the 40 MP pixel check), ~155 KB as PNG."""
    picture = Image.new("RGBA", (6320, 6320), (30, 140, 200, 255))
    picture.paste((250, 20, 20, 128), (100, 100, 600, 600))
    path = tmp_path_factory.mktemp("pictures") / "huge.png"
    picture.save(path, "PNG")
    assert path.stat().st_size < 300_000
    return path


@pytest.mark.parametrize("route, size", [("avatar", (512, 512)), ("playlist", (800, 800))])
def test_a_small_file_of_many_pixels_stays_within_the_memory_budget(tmp_path, huge_png, route, size):
    proc = subprocess.run(
        [sys.executable, "-m", "tests.api.measure_picture_upload", str(tmp_path / "data"), str(huge_png), route],
        cwd=ROOT, capture_output=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    result = json.loads(proc.stdout)
    assert result["status"] == 200, result
    assert result["growth_mb"] < MEMORY_BUDGET_MB, result
    # Re-encoded to what the page shows: a 512 px avatar, an 800 px playlist cover.
    assert result["picture"] == ["JPEG", *size]


def test_the_api_and_the_ui_share_one_too_big_message(api, session, store):
    owner = factories.make_user(session)
    headers = _auth(session, owner)
    playlist = api.post("/api/v1/playlists", json={"name": "Art"}, headers=headers).json()
    body = b"\0" * (picture_uploads.MAX_PICTURE_BYTES + 1)
    cover = api.put(f"/api/v1/playlists/{playlist['id']}/cover", content=body, headers=headers)
    avatar = api.put("/api/v1/me/avatar", headers=headers, files={"file": ("a.png", body, "image/png")})
    assert (cover.status_code, avatar.status_code) == (413, 413)
    assert cover.json()["detail"] == avatar.json()["detail"] == picture_uploads.TOO_BIG


@pytest.mark.parametrize("route", ["/api/v1/me/avatar", "/api/v1/studio/profile/image"])
def test_every_picture_route_says_how_to_send_a_picture_it_cannot_read(api, session, store, route):
    """The profile and artist routes read pictures one way (``api.picture_form``): same sentences."""
    owner = factories.make_user(session, role=Role.ARTIST)
    factories.make_artist(session, stage_name="Form Reader", user_id=owner.id)
    headers = _auth(session, owner)
    before = _files(store)
    raw = api.put(route, content=images.png(64, 64), headers={**headers, "Content-Type": "image/png"})
    broken = api.put(route, content=b"--x\r\nnot a part", headers={
        **headers, "Content-Type": "multipart/form-data; boundary=x"})
    unnamed = api.put(route, headers=headers, files={"picture": ("a.png", images.png(64, 64), "image/png")})
    declared = api.put(route, content=b"", headers={
        **headers, "Content-Type": "multipart/form-data; boundary=x",
        "Content-Length": str(picture_uploads.MAX_PICTURE_BYTES * 2)})
    assert raw.status_code == 400 and raw.json()["detail"] == (
        "Send the picture as multipart/form-data in a field named `file`.")
    assert broken.status_code == 400 and broken.json()["detail"].startswith("The upload could not be read")
    assert unnamed.status_code == 400 and unnamed.json()["detail"] == (
        "Send the picture in a multipart field named `file`.")
    assert declared.status_code == 413 and declared.json()["detail"] == picture_uploads.TOO_BIG
    assert _files(store) == before


def test_a_decompression_bomb_gets_a_clear_error_and_changes_nothing(api, session, store):
    owner = factories.make_user(session)
    headers = _auth(session, owner)
    playlist = api.post("/api/v1/playlists", json={"name": "Art"}, headers=headers).json()
    bomb = images.decompression_bomb()  # 48 MP in a few kB
    avatar = api.put("/api/v1/me/avatar", headers=headers, files={"file": ("b.png", bomb, "image/png")})
    cover = api.put(f"/api/v1/playlists/{playlist['id']}/cover", content=bomb, headers=headers)
    for response in (avatar, cover):
        assert response.status_code == 422
        assert "too large (8000×6000 pixels)" in response.json()["detail"]
    session.expire_all()
    assert session.get(User, owner.id).avatar_key is None
    assert session.get(Playlist, playlist["id"]).cover_kind != "custom"
    assert _files(store) == set()


def _use_up(session, *, user_id: int, client_ip: str | None, times: int) -> None:
    for _ in range(times):
        picture_uploads.count_upload(session, user_id=user_id, client_ip=client_ip)


def test_uploads_are_throttled_per_account(api, session, store):
    owner = factories.make_user(session)
    headers = _auth(session, owner)
    playlist = api.post("/api/v1/playlists", json={"name": "Art"}, headers=headers).json()
    _use_up(session, user_id=owner.id, client_ip=None, times=picture_uploads.PER_ACCOUNT[0])
    avatar = api.put("/api/v1/me/avatar", headers=headers, files={"file": ("a.png", images.png(), "image/png")})
    cover = api.put(f"/api/v1/playlists/{playlist['id']}/cover", content=images.png(), headers=headers)
    for response in (avatar, cover):
        assert response.status_code == 429
        assert "uploaded a lot of pictures" in response.json()["detail"]
        assert int(response.headers["Retry-After"]) > 0
    session.expire_all()
    assert session.get(User, owner.id).avatar_key is None and _files(store) == set()
    # Another account is not affected by this one's budget.
    other = factories.make_user(session)
    ok = api.put("/api/v1/me/avatar", headers=_auth(session, other),
                 files={"file": ("a.png", images.png(), "image/png")})
    assert ok.status_code == 200


def test_uploads_are_throttled_per_client_address(api, session, store):
    # Many accounts behind one address share its budget; TestClient's peer is "testclient".
    for n in range(picture_uploads.PER_ADDRESS[0]):
        _use_up(session, user_id=10_000 + n, client_ip="testclient", times=1)
    fresh = factories.make_user(session)
    response = api.put("/api/v1/me/avatar", headers=_auth(session, fresh),
                       files={"file": ("a.png", images.png(), "image/png")})
    assert response.status_code == 429
    session.expire_all()
    assert session.get(User, fresh.id).avatar_key is None
    assert not session.exec(select(User).where(User.avatar_key.is_not(None))).first()
