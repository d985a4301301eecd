"""Link previews: the middleware rewrites page HTML and leaves everything else alone."""

from __future__ import annotations

import asyncio
import gzip

import pytest
from fastapi.testclient import TestClient
from starlette.responses import JSONResponse, Response

from spoticlone.middleware.social_meta import social_meta_middleware
from spoticlone.models import Role
from spoticlone.services.studio import profile
from tests import factories
from tests.aio import run_async
from tests.api.page_shell import SHELL, Head, shell_app


@pytest.fixture
def client():
    return TestClient(social_meta_middleware(shell_app()))


def test_album_page_gets_full_preview(client, catalog, settings):
    album = catalog.album
    response = client.get(f"/album/{album.id}-{album.slug}")
    assert response.status_code == 200
    head = Head(response.text)
    assert head.titles == ["Night Run - Nova Drive | Spoticlone"]
    assert head.one("og:title") == "Night Run"
    assert head.one("og:type") == "music.album"
    assert head.one("og:site_name") == "Spoticlone"
    assert head.one("og:url") == f"http://127.0.0.1:3000/album/{album.id}-night-run"
    image = f"http://127.0.0.1:3000/api/v1/media/{album.cover_key}"
    assert head.one("og:image") == image and head.one("twitter:image") == image
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("description") == head.one("og:description") == head.one("twitter:description")
    assert head.one("og:description") == "Album · Nova Drive · 2023 · 3 songs"
    assert head.one("twitter:title") == "Night Run"
    assert head.values("og:image:width") == []  # described the old image
    assert head.one("viewport")  # unrelated tags stay
    assert "keep me" in response.text  # the body is never rewritten
    assert response.headers["content-length"] == str(len(response.content))
    assert response.headers["x-frontend"] == "reflex"
    assert response.headers["content-type"].startswith("text/html")


def test_track_page(client, catalog):
    track = catalog.tracks[1]
    head = Head(client.get(f"/track/{track.id}-whatever-old-slug").text)
    assert head.one("og:type") == "music.song"
    assert head.one("og:title") == "Night Run 2"
    assert head.one("og:description") == "Song · Nova Drive · Night Run"
    assert head.one("og:url").endswith(f"/track/{track.id}-night-run-2")  # canonical slug
    assert head.one("og:image").endswith(catalog.album.cover_key)  # album cover fallback


def test_artist_page_escapes_user_text(client, session, store):
    image = store.put_bytes("images", "jpg", b"jpeg")
    evil = '"><script>alert(1)</script> & <b>bold</b>'
    artist = factories.make_artist(session, stage_name='The "Quotes" & <Tags>', bio=evil,
                                   image_key=image)
    factories.make_track(session, artist_id=artist.id)
    response = client.get(f"/artist/{artist.slug}")
    assert "<script>alert(1)" not in response.text
    assert "<b>bold" not in response.text
    head = Head(response.text)
    assert head.one("og:type") == "profile"
    assert head.one("og:title") == 'The "Quotes" & <Tags>'  # round-trips after unescaping
    assert head.one("og:description") == " ".join(evil.split())
    assert head.one("og:image").endswith(image)


def test_genre_page_uses_an_album_cover(client, catalog):
    head = Head(client.get("/genre/synthwave").text)
    assert head.one("og:type") == "website"
    assert head.one("og:title") == "Synthwave"
    assert head.one("og:description") == "Neon & <chrome>"
    assert head.one("og:image").endswith(catalog.album.cover_key)


@pytest.mark.parametrize(("path", "title"), [("/", "Spoticlone"), ("/browse", "Browse"),
                                             ("/browse/", "Browse")])
def test_site_pages(client, engine, path, title):
    head = Head(client.get(path).text)
    assert head.one("og:title") == title
    assert head.one("og:type") == "website"
    assert head.values("og:image") == [] and head.one("twitter:card") == "summary"


@pytest.mark.parametrize("path", ["/album/999999-nope", "/album/not-a-ref", "/track/999999",
                                  "/artist/nobody", "/genre/nothing"])
def test_unknown_entities_are_404_with_the_shell_untouched(client, engine, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.text == SHELL
    assert response.headers["content-length"] == str(len(SHELL.encode()))


def test_draft_track_is_404(client, catalog):
    assert client.get(f"/track/{catalog.draft.id}-secret-demo").status_code == 404


def test_head_request_has_rewritten_length_and_no_body(client, catalog):
    path = f"/album/{catalog.album.id}-night-run"
    full = client.get(path)
    head = client.head(path)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(full.content))
    assert head.headers["etag"] == full.headers["etag"]


def test_conditional_request_uses_the_rewritten_etag(catalog):
    seen: list = []
    client = TestClient(social_meta_middleware(shell_app(headers={"ETag": '"file"'}, seen=seen)))
    path = f"/album/{catalog.album.id}-night-run"
    etag = client.get(path).headers["etag"]
    assert etag != '"file"'
    cached = client.get(path, headers={"If-None-Match": etag})
    assert cached.status_code == 304 and cached.content == b""
    # The file's own ETag must not short-circuit us into a stale 304 from the inner app.
    assert client.get(path, headers={"If-None-Match": '"file"'}).status_code == 200
    assert all(b"if-none-match" not in dict(s["headers"]) for s in seen)


def test_inner_app_is_asked_for_identity_encoding_and_no_pathsend(catalog):
    seen: list = []
    client = TestClient(social_meta_middleware(shell_app(seen=seen)))
    client.get("/", headers={"Accept-Encoding": "gzip, br", "Range": "bytes=0-10"})
    headers = dict(seen[0]["headers"])
    assert b"accept-encoding" not in headers and b"range" not in headers
    assert "http.response.pathsend" not in seen[0].get("extensions", {})


def test_gzip_body_is_decompressed_and_rewritten(catalog):
    async def always_gzip(scope, receive, send):
        await Response(gzip.compress(SHELL.encode()), media_type="text/html",
                       headers={"Content-Encoding": "gzip"})(scope, receive, send)

    response = TestClient(social_meta_middleware(always_gzip)).get(
        f"/album/{catalog.album.id}", headers={"Accept-Encoding": "identity"}
    )
    assert "content-encoding" not in response.headers
    assert Head(response.text).one("og:title") == "Night Run"
    assert response.headers["content-length"] == str(len(response.content))


def test_unknown_encoding_passes_through_untouched(catalog):
    async def brotli(scope, receive, send):
        await Response(b"\x8b\x00binary", media_type="text/html",
                       headers={"Content-Encoding": "br"})(scope, receive, send)

    raw = run_async(call(social_meta_middleware(brotli), f"/album/{catalog.album.id}"))
    assert raw["start"]["status"] == 200
    assert raw["body"] == b"\x8b\x00binary"


def test_reflex_precompressed_static_files(tmp_path, catalog):
    """The real static server Reflex uses in prod, with a .gz sidecar for the shell."""
    from reflex.utils.precompressed_staticfiles import PrecompressedStaticFiles

    (tmp_path / "404.html").write_text(SHELL)
    (tmp_path / "404.html.gz").write_bytes(gzip.compress(SHELL.encode()))
    (tmp_path / "app.js").write_text("console.log(1)")
    (tmp_path / "app.js.gz").write_bytes(gzip.compress(b"console.log(1)"))
    static = PrecompressedStaticFiles(
        directory=tmp_path, html=True, encodings=["gzip"],
        router=lambda path: "album" if path.startswith("/album/") else None,
    )
    client = TestClient(social_meta_middleware(static))
    page = client.get(f"/album/{catalog.album.id}-night-run", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200
    assert "content-encoding" not in page.headers
    assert Head(page.text).one("og:title") == "Night Run"
    asset = client.get("/app.js", headers={"Accept-Encoding": "gzip"})
    assert asset.headers["content-encoding"] == "gzip"  # assets keep their sidecars


def test_non_html_on_a_page_path_passes_through(engine):
    async def json_app(scope, receive, send):
        await JSONResponse({"ok": True})(scope, receive, send)

    response = TestClient(social_meta_middleware(json_app)).get("/browse")
    assert response.json() == {"ok": True}


@pytest.mark.parametrize("path", ["/assets/entry.js", "/api/v1/genres", "/_event",
                                  "/album/1/extra", "/search"])
def test_other_paths_are_not_buffered(path):
    """A streaming response must reach the client chunk by chunk."""

    async def streaming(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"first", "more_body": True})
        await asyncio.wait_for(first_seen.wait(), timeout=2)  # deadlocks if buffered
        await send({"type": "http.response.body", "body": b"second", "more_body": False})

    first_seen = asyncio.Event()
    raw = run_async(call(social_meta_middleware(streaming), path, on_body=first_seen.set))
    assert raw["body"] == b"firstsecond"


def test_post_to_a_page_path_is_untouched(engine):
    seen: list = []
    client = TestClient(social_meta_middleware(shell_app(seen=seen)))
    response = client.post("/", headers={"Accept-Encoding": "gzip"})
    assert response.text == SHELL
    assert b"accept-encoding" in dict(seen[0]["headers"])


def test_lookup_failure_serves_the_original_page(catalog, caplog):
    def broken_session():
        raise RuntimeError("database exploded")

    client = TestClient(social_meta_middleware(shell_app(), session_factory=broken_session))
    response = client.get(f"/album/{catalog.album.id}")
    assert response.status_code == 200 and response.text == SHELL
    assert "could not build link preview" in caplog.text


def test_pathsend_message_is_read(tmp_path, catalog):
    shell = tmp_path / "index.html"
    shell.write_text(SHELL)

    async def pathsend(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html; charset=utf-8")]})
        await send({"type": "http.response.pathsend", "path": str(shell)})

    raw = run_async(call(social_meta_middleware(pathsend), f"/album/{catalog.album.id}"))
    assert b'property="og:title" content="Night Run"' in raw["body"]


async def call(app, path: str, *, method: str = "GET", on_body=None) -> dict:
    """Drive an ASGI app directly and collect what it sends."""
    scope = {"type": "http", "method": method, "path": path, "root_path": "",
             "headers": [(b"accept-encoding", b"gzip")], "query_string": b"",
             "extensions": {"http.response.pathsend": {}}}
    collected: dict = {"body": b""}

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            collected["start"] = message
        elif message["type"] == "http.response.body":
            collected["body"] += message.get("body", b"")
            if on_body is not None:
                on_body()

    await app(scope, receive, send)
    return collected


def test_an_artists_old_address_is_a_permanent_redirect_to_the_new_one(client, session):
    """Links shared before an artist renamed their URL keep working, for people and crawlers."""
    user = factories.make_user(session, username="mover", role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Mover", slug="old-mover", user_id=user.id)
    factories.make_track(session, artist_id=artist.id)
    profile.update_artist_profile(session, actor=user, slug="new-mover")
    moved = client.get("/artist/old-mover", follow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["location"] == "/artist/new-mover"
    assert client.get("/artist/new-mover").status_code == 200
    assert client.get("/artist/never-anyones", follow_redirects=False).status_code == 404
