"""Swagger UI and ReDoc are served by the app itself: no CDN, no Google font.

The browser check (the pages render with no network but loopback) is
``tests/e2e/test_api_docs_offline.py``; these check what the pages reference.
"""

from __future__ import annotations

import re

import pytest

from spoticlone.api.docs import ASSETS_URL, asset_url, assets_dir

PAGES = ("/api/docs", "/api/redoc")


def _references(html: str) -> list[str]:
    return re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)["\']', html) + re.findall(
        r"""url:\s*['"]([^'"]+)['"]""", html
    )


@pytest.mark.parametrize("path", PAGES)
def test_docs_pages_reference_only_their_own_assets(api, path):
    response = api.get(path)
    assert response.status_code == 200
    references = _references(response.text)
    assert references, response.text
    assert all(ref.startswith("/api/") for ref in references), references
    assert "googleapis" not in response.text and "jsdelivr" not in response.text
    for ref in references:
        if ref.startswith(ASSETS_URL):
            asset = api.get(ref)
            assert asset.status_code == 200, ref
            assert len(asset.content) > 1000
            assert "immutable" in asset.headers["cache-control"]


def test_docs_assets_have_their_types(api):
    page = api.get("/api/docs").text
    script = next(ref for ref in _references(page) if "swagger-ui-bundle.js" in ref)
    style = next(ref for ref in _references(page) if "swagger-ui.css" in ref)
    assert api.get(script).headers["content-type"].startswith("text/javascript")
    assert api.get(style).headers["content-type"].startswith("text/css")


@pytest.mark.parametrize("name", ["nope.js", "..%2F..%2Fstatic%2Fswagger-ui.css", "__init__.py"])
def test_only_listed_assets_are_served(api, name):
    response = api.get(f"{ASSETS_URL}/{name}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")


def test_oauth2_redirect_page_is_still_served(api):
    response = api.get("/api/docs/oauth2-redirect")
    assert response.status_code == 200 and "oauth2" in response.text.lower()


def test_redoc_bundle_fetches_nothing_from_a_cdn(api):
    """The shipped bundle's "Redocly" badge loads its logo from cdn.redoc.ly; ours does not."""
    shipped = (assets_dir() / "redoc.standalone.js").read_text(encoding="utf-8")
    assert "cdn.redoc.ly" in shipped  # else this test proves nothing: drop the patch instead
    served = api.get(asset_url("redoc.standalone.js"))
    assert served.status_code == 200
    assert "cdn.redoc.ly" not in served.text
    assert "API docs by Redocly" in served.text  # only the image went; the bundle is intact
    assert len(served.content) > len(shipped.encode()) - 500
    assert served.headers["content-type"].startswith("text/javascript")


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def test_picture_uploads_name_every_format_the_server_reads(api):
    """Where the API's docs say which pictures an upload takes they name every format ``media.images``
    reads (a list starts "JPEG, PNG"; pictures are stored, and year cards made, as one format)."""
    from spoticlone.services.media.images import FORMAT_NAMES

    schema = api.get("/api/openapi.json").json()
    mentions = [text for text in _strings(schema) if "JPEG, PNG" in text]
    assert len(mentions) >= 4, mentions  # playlist and release covers, avatar, artist picture
    for text in mentions:
        assert all(name in text for name in FORMAT_NAMES), text
