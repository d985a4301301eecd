"""What a crawler and a plain HTTP client get from the real production server.

Chat apps and search engines do not run JavaScript, so the Open Graph tags must be in
the HTML the server sends for that very album, not only in the browser after hydration.
"""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.e2e


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _get(url: str, headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, _lower(err.headers), err.read()


def _meta(page: str, prop: str) -> list[str]:
    pattern = rf'<meta[^>]+(?:property|name)="{re.escape(prop)}"[^>]+content="([^"]*)"'
    return [html.unescape(v) for v in re.findall(pattern, page)]


def _first_album(app_url: str) -> dict:
    """The newest album that has a cover (other journeys publish releases without one)."""
    status, _, body = _get(f"{app_url}/api/v1/albums?page_size=100")
    assert status == 200
    return next(album for album in json.loads(body)["items"] if album["cover_url"])


def test_album_page_html_carries_its_own_open_graph_tags(app_url):
    album = _first_album(app_url)
    status, headers, body = _get(app_url + album["url"], {"User-Agent": "facebookexternalhit/1.1"})
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert _meta(page, "og:title") == [album["title"]]
    assert _meta(page, "og:image") == [app_url + album["cover_url"]]
    assert _meta(page, "og:url") == [app_url + album["url"]]
    assert _meta(page, "twitter:card") == ["summary_large_image"]
    image_status, image_headers, _ = _get(app_url + album["cover_url"])
    assert image_status == 200 and image_headers["content-type"] == "image/jpeg"


def test_unknown_album_page_is_a_real_404_for_crawlers(app_url):
    status, _, _ = _get(f"{app_url}/album/999999-nothing-here")
    assert status == 404


def test_stream_range_returns_exactly_the_requested_bytes(app_url):
    album = _first_album(app_url)
    _, _, body = _get(f"{app_url}/api/v1/albums/{album['id']}")
    track = json.loads(body)["tracks"][0]
    status, headers, whole = _get(app_url + track["stream_url"])
    assert status == 200 and len(whole) > 200
    status, headers, part = _get(app_url + track["stream_url"], {"Range": "bytes=100-199"})
    assert status == 206
    assert headers["content-range"] == f"bytes 100-199/{len(whole)}"
    assert part == whole[100:200]
