"""Security headers: on API answers, on streamed audio, and on page HTML with hashed inline scripts."""

from __future__ import annotations

import base64
import gzip
import hashlib

import pytest
from fastapi.testclient import TestClient
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket

from spoticlone.api.app import create_api
from spoticlone.middleware.security_headers import (
    PERMISSIONS_POLICY,
    inline_script_hashes,
    security_headers_middleware,
)
from spoticlone.middleware.social_meta import social_meta_middleware

THEME = "document.documentElement.classList.add('dark')"
BOOT = 'import("/assets/entry.client.js");\nwindow.__ctx = {"a": 1};'
PAGE = (
    "<!DOCTYPE html><html><head><title>x</title>"
    f"<script>{THEME}</script>"
    '<script defer="" src="/player.js"></script>'
    f'<script type="module" async="">{BOOT}</script>'
    "</head><body><div id=root></div>"
    f"<script>{THEME}</script>"  # the same script twice is listed once
    "</body></html>"
)


def _sha(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def _directives(response) -> dict[str, list[str]]:
    policy = response.headers["content-security-policy"]
    out = {}
    for part in policy.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def _html_app(body: bytes | str = PAGE, headers: dict | None = None, status: int = 200):
    async def app(scope, receive, send):
        if scope["type"] == "websocket":
            websocket = WebSocket(scope, receive, send)
            await websocket.accept()
            await websocket.send_text("hello")
            await websocket.close()
            return
        await HTMLResponse(body, status_code=status, headers=headers)(scope, receive, send)

    return app


def _assert_baseline(response) -> None:
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-frame-options"] == "DENY"
    assert headers["permissions-policy"] == PERMISSIONS_POLICY
    assert "camera=()" in headers["permissions-policy"] and "microphone=()" in headers["permissions-policy"]
    directives = _directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:", "blob:"]
    assert directives["media-src"] == ["'self'", "blob:"]
    assert directives["connect-src"] == ["'self'", "ws://127.0.0.1:3000"]
    assert "'unsafe-inline'" not in directives["script-src"]


@pytest.fixture
def api_client(engine):
    from spoticlone.api.deps import get_session
    from spoticlone.db import session_scope

    app = create_api()

    def session_override():
        with session_scope(engine) as session:
            yield session

    app.dependency_overrides[get_session] = session_override
    with TestClient(security_headers_middleware(app)) as client:
        yield client


def test_api_answers_carry_the_headers(api_client):
    for response in (
        api_client.get("/api/v1/genres"),
        api_client.get("/api/v1/no-such-endpoint"),
        api_client.post("/api/v1/auth/login", json={}),
    ):
        _assert_baseline(response)
        assert _directives(response)["script-src"] == ["'self'", "'unsafe-eval'"]  # JSON: no inline script


def test_streamed_audio_carries_the_headers_once(api_client, session, store):
    from spoticlone import routes
    from tests import factories

    key = store.put_bytes("audio", "mp3", b"ID3" + b"\0" * 500)
    track = factories.make_track(session, audio_key=key, mime_type="audio/mpeg")
    response = api_client.get(routes.stream_url(track.id), headers={"Range": "bytes=0-9"})
    assert response.status_code == 206 and len(response.content) == 10
    _assert_baseline(response)
    raw = [k for k, _ in response.headers.raw if k.lower() == b"x-content-type-options"]
    assert len(raw) == 1  # the route's own nosniff is replaced, not doubled


def test_page_html_lists_exactly_its_inline_scripts(settings):
    response = TestClient(security_headers_middleware(_html_app())).get("/")
    _assert_baseline(response)
    script_src = _directives(response)["script-src"]
    assert script_src == ["'self'", "'unsafe-eval'", _sha(THEME), _sha(BOOT)]
    assert response.text == PAGE  # the body is passed on untouched


def test_gzipped_html_is_hashed_and_passed_on_compressed(settings):
    body = gzip.compress(PAGE.encode())
    app = _html_app(body, headers={"Content-Encoding": "gzip"})
    response = TestClient(security_headers_middleware(app)).get("/", headers={"Accept-Encoding": "gzip"})
    assert _sha(BOOT) in _directives(response)["script-src"]
    assert response.text == PAGE  # httpx decoded the gzip we passed through


def test_unreadable_encodings_fall_back_to_allowing_inline_scripts(settings):
    app = _html_app(b"\x8b\x00 not brotli really", headers={"Content-Encoding": "br"})
    response = TestClient(security_headers_middleware(app)).get("/", headers={"Accept-Encoding": "identity"})
    assert "'unsafe-inline'" in _directives(response)["script-src"]


def test_docs_pages_allow_no_outside_host(api_client):
    for path in ("/api/docs", "/api/redoc"):
        response = api_client.get(path)
        assert response.status_code == 200
        directives = _directives(response)
        assert "'unsafe-inline'" not in directives["script-src"]
        sources = [value for values in directives.values() for value in values]
        assert not [value for value in sources if value.startswith("http")], sources
    # Swagger's inline bootstrap runs by its hash; ReDoc needs a blob: worker.
    assert any(v.startswith("'sha256-") for v in _directives(api_client.get("/api/docs"))["script-src"])
    assert _directives(api_client.get("/api/redoc"))["worker-src"] == ["'self'", "blob:"]


def test_media_keeps_its_own_strict_policy(api_client, store):
    from spoticlone.api.routers.media import SECURITY_HEADERS

    key = store.put_bytes("covers", "png", b"\x89PNG\r\n\x1a\nfake")
    first = api_client.get(f"/api/v1/media/{key}")
    again = api_client.get(f"/api/v1/media/{key}", headers={"If-None-Match": first.headers["etag"]})
    assert (first.status_code, again.status_code) == (200, 304)
    for response in (first, again):
        policies = response.headers.get_list("content-security-policy")
        assert policies == [SECURITY_HEADERS["Content-Security-Policy"]]
        assert "sandbox" in policies[0] and "default-src 'none'" in policies[0]
        assert response.headers["x-frame-options"] == "DENY"  # site-wide headers still added
        assert len(response.headers.get_list("x-content-type-options")) == 1


def test_crlf_is_normalised_before_hashing():
    assert inline_script_hashes("<script>a\r\nb</script>") == inline_script_hashes("<script>a\nb</script>")
    assert inline_script_hashes('<script src="/x.js"></script><script type="module"></script>') == [
        _sha("")[len("'sha256-"):-1]
    ]


def test_head_and_websockets_pass(settings):
    client = TestClient(security_headers_middleware(_html_app()))
    head = client.head("/")
    assert head.status_code == 200 and head.headers["x-frame-options"] == "DENY"
    with client.websocket_connect("/_event") as websocket:
        assert websocket.receive_text() == "hello"


def test_https_deployments_get_hsts(monkeypatch, settings):
    from spoticlone.config import get_settings

    monkeypatch.setenv("SPOTICLONE_PUBLIC_URL", "https://music.example")
    get_settings.cache_clear()
    response = TestClient(security_headers_middleware(_html_app())).get("/")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")
    directives = _directives(response)
    assert directives["connect-src"] == ["'self'", "wss://music.example"]
    assert "upgrade-insecure-requests" in directives


def test_link_previews_still_work_under_the_headers(catalog, settings):
    """social_meta rewrites the head inside; the hashes match the HTML that leaves."""
    app = security_headers_middleware(social_meta_middleware(_html_app()))
    album = catalog.album
    response = TestClient(app).get(f"/album/{album.id}-{album.slug}")
    assert response.status_code == 200
    assert 'property="og:title" content="Night Run"' in response.text
    assert _directives(response)["script-src"][2:] == [_sha(THEME), _sha(BOOT)]
    assert response.headers["content-length"] == str(len(response.content))


def test_no_body_responses_keep_working(settings):
    async def app(scope, receive, send):
        await Response(status_code=304, headers={"content-type": "text/html"})(scope, receive, send)

    response = TestClient(security_headers_middleware(app)).get("/")
    assert response.status_code == 304 and response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/_upload/evil.html", "/api/v1/media/x.html"])
def test_html_from_uploads_or_the_api_gets_no_script_hashes(settings, path):
    response = TestClient(security_headers_middleware(_html_app())).get(path)
    script_src = _directives(response)["script-src"]
    assert script_src == ["'self'", "'unsafe-eval'"]
    assert ("sandbox" in _directives(response)) == path.startswith("/_upload")


def test_html_sent_as_a_file_by_pathsend_is_hashed_and_sent_whole(settings, tmp_path):
    """Granian serves prerendered pages with ``http.response.pathsend``: no body passes by."""
    from tests.aio import run_async

    page = tmp_path / "index.html"
    page.write_text(PAGE)

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html; charset=utf-8")]})
        await send({"type": "http.response.pathsend", "path": str(page)})

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": "GET", "path": "/signin/", "headers": [],
             "extensions": {"http.response.pathsend": {}}}
    run_async(security_headers_middleware(app)(scope, receive, send))
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    headers = dict(sent[0]["headers"])
    assert _sha(BOOT) in headers[b"content-security-policy"].decode()
    assert sent[1]["body"] == PAGE.encode()


def test_not_modified_answers_keep_the_cached_pages_script_hashes(settings):
    """A 304 must not carry a hash-less CSP: browsers merge it into the cached page."""
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", b'"abc"')]})
        await send({"type": "http.response.body", "body": b""})

    response = TestClient(security_headers_middleware(app)).get("/", headers={"If-None-Match": '"abc"'})
    assert response.status_code == 304
    assert "content-security-policy" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"
