"""Cover art and images from the media store; audio and malformed keys never leak."""

from __future__ import annotations

import pytest

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_serves_an_image_with_cache_headers(api, store):
    key = store.put_bytes("covers", "png", PNG)
    response = api.get(f"/api/v1/media/{key}")
    assert response.status_code == 200
    assert response.content == PNG
    assert response.headers["content-type"] == "image/png"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["x-content-type-options"] == "nosniff"
    etag = response.headers["etag"]
    assert etag.strip('"') in key


@pytest.mark.parametrize(("kind", "ext", "mime"), [
    ("images", "jpg", "image/jpeg"), ("avatars", "webp", "image/webp"),
    ("covers", "avif", "image/avif"),
])
def test_content_type_follows_the_key(api, store, kind, ext, mime):
    key = store.put_bytes(kind, ext, b"data")
    assert api.get(f"/api/v1/media/{key}").headers["content-type"] == mime


def test_if_none_match_gives_304(api, store):
    key = store.put_bytes("covers", "png", PNG)
    etag = api.get(f"/api/v1/media/{key}").headers["etag"]
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = api.get(f"/api/v1/media/{key}", headers={"If-None-Match": header})
        assert response.status_code == 304, header
        assert response.content == b""
        assert response.headers["etag"] == etag
        assert response.headers["cache-control"].endswith("immutable")
    stale = api.get(f"/api/v1/media/{key}", headers={"If-None-Match": '"other"'})
    assert stale.status_code == 200


def test_head_has_headers_and_no_body(api, store):
    key = store.put_bytes("covers", "png", PNG)
    response = api.head(f"/api/v1/media/{key}")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == str(len(PNG))


def test_range_requests_work(api, store):
    key = store.put_bytes("covers", "png", PNG)
    response = api.get(f"/api/v1/media/{key}", headers={"Range": "bytes=0-3"})
    assert response.status_code == 206 and response.content == PNG[:4]


def test_audio_is_not_served(api, store):
    key = store.put_bytes("audio", "mp3", b"ID3 not public")
    assert store.exists(key)
    response = api.get(f"/api/v1/media/{key}")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such media.", "code": "not_found"}


def test_missing_file_is_404(api, store):
    assert api.get(f"/api/v1/media/covers/ab/{'ab' * 16}.png").status_code == 404


@pytest.mark.parametrize("key", [
    "../spoticlone.db",
    "covers/../../spoticlone.db",
    "covers/ab/..%2F..%2Fspoticlone.db",
    "%2e%2e/%2e%2e/etc/passwd",
    "/etc/passwd",
    "covers/AB/" + "AB" * 16 + ".png",
    "covers/ab/notahexname.png",
    "covers/ab/" + "ab" * 16 + ".png/extra",
    "thumbs/ab/" + "ab" * 16 + ".png",
    "",
])
def test_malformed_keys_are_404(api, store, settings, key):
    secret = settings.data_dir / "spoticlone.db"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_bytes(b"SQLite format 3")
    response = api.get(f"/api/v1/media/{key}")
    assert response.status_code == 404
    assert b"SQLite" not in response.content
