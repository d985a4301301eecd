"""Static pages answer at their own URL instead of redirecting to a trailing slash."""

from __future__ import annotations

from fastapi.testclient import TestClient
from starlette.staticfiles import StaticFiles

from spoticlone import routes
from spoticlone.middleware.clean_urls import clean_urls_middleware


def _client(tmp_path) -> TestClient:
    for folder in ("signin", "settings/security", "assets"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "signin" / "index.html").write_text("<p>sign in</p>")
    (tmp_path / "settings" / "security" / "index.html").write_text("<p>security</p>")
    (tmp_path / "assets" / "index.html").write_text("<p>not a page</p>")
    app = StaticFiles(directory=tmp_path, html=True)
    return TestClient(clean_urls_middleware(app), follow_redirects=False)


def test_static_pages_are_served_without_a_redirect(tmp_path):
    client = _client(tmp_path)
    assert client.get(routes.SIGN_IN).text == "<p>sign in</p>"
    assert client.get(routes.SETTINGS_SECURITY).status_code == 200
    assert client.head(routes.SIGN_IN).status_code == 200


def test_other_paths_are_left_alone(tmp_path):
    client = _client(tmp_path)
    assert client.get("/assets").status_code == 307  # not a page route: Starlette's own answer
    assert client.get(routes.SIGN_IN + "/").status_code == 200
    assert client.get(routes.SIGN_IN + "?next=/x").text == "<p>sign in</p>"
