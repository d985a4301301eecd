"""The app behind Debian's nginx: the app decides who may listen, nginx sends the bytes.

A real nginx (the Makefile installs it) runs the config ``cli nginx-config`` writes, in front of
the API served by uvicorn with ``SPOTICLONE_NGINX_MEDIA_LOCATION`` set. Streams must arrive byte
for byte, ranges included, drafts stay 404, and the internal media location answers nobody who
asks for it directly.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from spoticlone import routes
from spoticlone.cli.deploy import NginxOptions, render_nginx_config, standalone_nginx_conf
from spoticlone.models import TrackStatus
from tests import factories
from tests.api.subsonic.conftest import AUDIO, library  # noqa: F401  (a fixture)

LOCATION = "/_media/"


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        pytest.fail("nginx is missing: `make test` installs it from Debian (make nginx)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise AssertionError(f"{url} never answered")


@pytest.fixture
def app_port(settings, engine, monkeypatch):
    """The API on uvicorn in a thread, handing streams to nginx's internal location."""
    import uvicorn

    from spoticlone.api.app import create_api
    from spoticlone.api.deps import get_session
    from spoticlone.config import get_settings
    from spoticlone.db import session_scope

    monkeypatch.setenv("SPOTICLONE_NGINX_MEDIA_LOCATION", LOCATION)
    get_settings.cache_clear()
    app = create_api()

    def session_override():
        with session_scope(engine) as session:
            yield session

    app.dependency_overrides[get_session] = session_override
    app.state.stream_hits = hits = []

    @app.middleware("http")
    async def count_streams(request, call_next):
        if request.url.path.endswith("/stream"):
            hits.append(request.headers.get("x-spoticlone-access-check", ""))
        return await call_next(request)

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off",
                                        timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    _wait_for(f"http://127.0.0.1:{port}/api/v1/openapi.json")
    yield port, hits
    server.should_exit = True
    thread.join(timeout=10)
    get_settings.cache_clear()


@pytest.fixture
def frontend(tmp_path) -> Path:
    root = tmp_path / "frontend"
    (root / "assets").mkdir(parents=True)
    (root / "assets" / "app-3f9c2d.js").write_text("console.log('built once');")
    return root


@pytest.fixture
def nginx_url(tmp_path, settings, app_port, frontend):
    port = _free_port()
    prefix = tmp_path / "nginx"
    conf = standalone_nginx_conf(render_nginx_config(NginxOptions(
        listen=f"127.0.0.1:{port}", upstreams=(f"127.0.0.1:{app_port[0]}",), media_dir=settings.media_dir.resolve(),
        frontend_dir=frontend.resolve(), media_location=LOCATION, cache_dir=(tmp_path / "nginx-cache").resolve())),
        prefix=prefix, connections=256)
    process = subprocess.Popen([_nginx(), "-p", str(prefix), "-e", str(prefix / "error.log"),
                                "-c", str(conf)], start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url + "/assets/app-3f9c2d.js")
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


@pytest.fixture
def song(session, store):
    data = os.urandom(700_000)  # random bytes: any offset mistake shows
    key = store.put_bytes("audio", "mp3", data)
    track = factories.make_track(session, audio_key=key, mime_type="audio/mpeg", file_size=len(data))
    return track, key, data


def test_nginx_sends_the_whole_file_and_exact_ranges(nginx_url, song):
    track, _, data = song
    url = nginx_url + routes.stream_url(track.id)
    whole = httpx.get(url)
    assert whole.status_code == 200 and whole.content == data
    assert whole.headers["content-type"] == "audio/mpeg"
    assert whole.headers["x-stream-quality"] == "original"
    assert "x-accel-redirect" not in whole.headers
    rng = random.Random(7)
    for _ in range(25):
        first = rng.randrange(0, len(data) - 65536)
        part = httpx.get(url, headers={"Range": f"bytes={first}-{first + 65535}"})
        assert part.status_code == 206
        assert part.headers["content-range"] == f"bytes {first}-{first + 65535}/{len(data)}"
        assert part.content == data[first:first + 65536]
    tail = httpx.get(url, headers={"Range": "bytes=-100"})
    assert tail.status_code == 206 and tail.content == data[-100:]


def test_a_song_asks_the_app_once_then_nginx_answers_its_ranges(nginx_url, app_port, song):
    track, _, data = song
    _, hits = app_port
    url = nginx_url + routes.stream_url(track.id) + "?quality=original"
    for first in range(0, 640_000, 64_000):
        part = httpx.get(url, headers={"Range": f"bytes={first}-{first + 9}"})
        assert part.status_code == 206 and part.content == data[first:first + 10]
    assert hits == ["1"], "every range after the first went to Python"
    # Each listener's own answer: a bearer token is a different key, so the app is asked again.
    httpx.get(url, headers={"Range": "bytes=0-9", "Authorization": "Bearer not-a-real-token"})
    assert len(hits) >= 2


def test_the_internal_location_is_closed_from_outside(nginx_url, song):
    _, key, data = song
    direct = httpx.get(f"{nginx_url}{LOCATION}{key}")
    assert direct.status_code == 404
    assert data[:64] not in direct.content


def test_drafts_stay_hidden_through_nginx(nginx_url, session, store):
    key = store.put_bytes("audio", "mp3", b"ID3 secret demo bytes" * 100)
    draft = factories.make_track(session, audio_key=key, status=TrackStatus.DRAFT)
    response = httpx.get(nginx_url + routes.stream_url(draft.id), headers={"Range": "bytes=0-9"})
    assert response.status_code == 404
    assert response.json() == {"detail": "That track does not exist.", "code": "not_found"}


def test_the_app_only_hands_the_key_over(app_port, song):
    track, key, _ = song
    response = httpx.get(f"http://127.0.0.1:{app_port[0]}{routes.stream_url(track.id)}")
    assert response.status_code == 200 and response.content == b""
    assert response.headers["x-accel-redirect"] == LOCATION + key
    assert response.headers["content-type"] == "audio/mpeg"


def test_assets_come_from_the_build_and_the_rest_from_the_app(nginx_url, song):
    asset = httpx.get(nginx_url + "/assets/app-3f9c2d.js")
    assert asset.status_code == 200 and asset.text == "console.log('built once');"
    assert "immutable" in asset.headers["cache-control"]
    missing = httpx.get(nginx_url + "/assets/not-built.js")
    assert missing.status_code == 404  # answered by the app, not a directory listing
    track, _, _ = song
    api = httpx.get(f"{nginx_url}/api/v1/tracks/{track.id}")
    assert api.status_code == 200 and api.json()["id"] == track.id


@pytest.mark.parametrize("change, message", [
    ({"listen": "80; include /etc/passwd"}, "--listen"),
    ({"upstreams": ("127.0.0.1:3000;evil",)}, "--app"),
    ({"media_dir": Path("relative/media")}, "--media-dir"),
    ({"media_dir": Path("/srv/media files")}, "--media-dir"),
    ({"media_location": "/_media"}, "--media-location"),
    ({"server_name": "x; return 301 http://evil"}, "--server-name"),
])
def test_values_nginx_would_misread_are_refused(change, message):
    options = dict(listen="8080", upstreams=("127.0.0.1:3000",), media_dir=Path("/srv/media"),
                   frontend_dir=Path("/srv/web"))
    options.update(change)
    with pytest.raises(ValueError, match=message):
        render_nginx_config(NginxOptions(**options))


def test_subsonic_apps_stream_through_nginx_too(nginx_url, library):  # noqa: F811  (the fixture)
    track = library.tracks[0]
    params = {"u": "ann", "p": library.ann_key, "c": "pytest", "f": "json", "id": track.id}
    whole = httpx.get(nginx_url + "/rest/stream", params=params)
    assert whole.status_code == 200 and whole.content == AUDIO
    part = httpx.get(nginx_url + "/rest/stream.view", params=params, headers={"Range": "bytes=100-299"})
    assert part.status_code == 206 and part.content == AUDIO[100:300]
    download = httpx.get(nginx_url + "/rest/download", params=params)
    assert download.content == AUDIO and "attachment" in download.headers["content-disposition"]
    hidden = httpx.get(nginx_url + "/rest/stream", params={**params, "id": library.draft.id})
    assert b"secret" not in hidden.content
