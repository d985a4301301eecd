"""Cross-origin answers carry ``Vary: Origin`` once, through Reflex's real ASGI stack.

Reflex adds the same CORSMiddleware to its own app, to every Starlette api_transformer
and to its top-level app; each appended ``Origin`` to ``Vary``. The app keeps only the
top-level layer. The stack is built by ``App.__call__`` itself, with the frontend
compile skipped (it writes ``.web``); the live server is checked in
``tests/e2e/test_server_limits.py``.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from reflex.config import get_config


@pytest.fixture(scope="module")
def client():
    from spoticlone.spoticlone import app

    compile_ = app._compile
    app._compile = lambda *args, **kwargs: None
    try:
        asgi = app()
    finally:
        app._compile = compile_
    return TestClient(asgi)  # no lifespan: no background tasks, no database needed


@pytest.mark.parametrize("path", ["/ping", "/api/v1/no-such-endpoint"])
def test_vary_origin_appears_once(client, path):
    origin = get_config().cors_allowed_origins[0]
    response = client.get(path, headers={"Origin": origin})
    assert response.headers["access-control-allow-origin"] == origin
    tokens = [t.strip().lower() for v in response.headers.get_list("vary") for t in v.split(",")]
    assert tokens.count("origin") == 1, tokens


def test_preflight_is_still_answered(client):
    origin = get_config().cors_allowed_origins[0]
    response = client.options("/api/v1/genres", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin
    evil = client.options("/api/v1/genres", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert evil.status_code == 400
