"""Only the configured public origin may make cross-origin calls to the API.

Reflex wraps the api_transformer app in a CORSMiddleware built from rxconfig's
``cors_allowed_origins``; ``cors_options`` is that exact configuration, pinned to
``settings.public_origin``, and these tests run it around ``create_api()``.
"""

from __future__ import annotations

import runpy

import pytest
from fastapi.testclient import TestClient
from starlette.middleware.cors import CORSMiddleware

from spoticlone.api.app import cors_options, create_api
from spoticlone.config import PROJECT_ROOT

EVIL = "https://evil.example"


@pytest.fixture
def client(engine, settings):
    app = create_api()
    app.add_middleware(CORSMiddleware, **cors_options(settings))
    return TestClient(app)


def test_options_pin_the_public_origin(settings):
    assert cors_options(settings)["allow_origins"] == [settings.public_origin]
    assert "*" not in cors_options(settings)["allow_origins"]


def test_create_api_adds_no_cors_of_its_own(settings):
    assert not any(m.cls is CORSMiddleware for m in create_api().user_middleware)


def test_configured_origin_is_allowed(client, settings):
    response = client.get("/api/health", headers={"Origin": settings.public_origin,
                                                  "Cookie": "session=x"})
    assert response.headers["access-control-allow-origin"] == settings.public_origin
    assert response.headers["access-control-allow-credentials"] == "true"


def test_other_origin_gets_no_cors_headers(client):
    response = client.get("/api/health", headers={"Origin": EVIL, "Cookie": "session=x"})
    assert response.status_code == 200  # CORS is enforced by the browser, not by refusing
    assert "access-control-allow-origin" not in response.headers


def test_preflight_from_other_origin_is_refused(client, settings):
    headers = {"Access-Control-Request-Method": "POST"}
    evil = client.options("/api/v1/genres", headers={"Origin": EVIL, **headers})
    assert evil.status_code == 400
    assert "access-control-allow-origin" not in evil.headers
    ok = client.options("/api/v1/genres", headers={"Origin": settings.public_origin, **headers})
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == settings.public_origin


def test_custom_public_url_is_what_is_allowed(monkeypatch, settings):
    from spoticlone.config import get_settings

    monkeypatch.setenv("SPOTICLONE_PUBLIC_URL", "https://music.example.org/app/")
    get_settings.cache_clear()
    assert cors_options()["allow_origins"] == ["https://music.example.org"]


def test_rxconfig_uses_the_same_origin(monkeypatch, settings):
    """rxconfig.py must hand Reflex the same origin, or Reflex's own middleware allows '*'."""
    from spoticlone.config import get_settings

    monkeypatch.setenv("SPOTICLONE_PUBLIC_URL", "https://music.example.org")
    monkeypatch.delenv("REFLEX_CORS_ALLOWED_ORIGINS", raising=False)
    get_settings.cache_clear()
    path = PROJECT_ROOT / "rxconfig.py"
    if not path.exists():
        pytest.skip("no rxconfig.py")
    # Run the file in a fresh namespace: re-importing the module would leave a config
    # pointing at this test's temporary database for the rest of the session.
    config = runpy.run_path(str(path))["config"]
    assert list(config.cors_allowed_origins) == cors_options()["allow_origins"]
