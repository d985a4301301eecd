"""Health, error translation, unknown API paths and the API documentation."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, create_engine

from spoticlone.api.app import create_api
from spoticlone.api.deps import get_session
from spoticlone.api.version import API_VERSION
from spoticlone.services.core import errors


def test_health_ok(api):
    response = api.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("status", "database", "version")} == {
        "status": "ok", "database": "ok", "version": API_VERSION}
    assert body["failed"] == [] and set(body["parts"]) == {"database", "redis", "media", "mail", "jobs"}


def test_health_reports_unavailable_database(settings, tmp_path):
    # A directory is not a database file: every connection attempt fails.
    broken = create_engine(f"sqlite:///{tmp_path}")
    app = create_api()

    def broken_session():
        with Session(broken) as session:
            yield session

    app.dependency_overrides[get_session] = broken_session
    response = TestClient(app).get("/api/health")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_database_outage_on_a_catalog_route_is_503(settings, tmp_path):
    broken = create_engine(f"sqlite:///{tmp_path}")
    app = create_api()

    def broken_session():
        with Session(broken) as session:
            yield session

    app.dependency_overrides[get_session] = broken_session
    response = TestClient(app).get("/api/v1/genres")
    assert response.status_code == 503
    assert set(response.json()) == {"detail", "code"}


def test_default_session_dependency_follows_settings(engine):
    """Without overrides the API uses the database the settings point at."""
    client = TestClient(create_api())
    assert client.get("/api/health").json()["database"] == "ok"
    assert client.get("/api/v1/genres").json()["total"] == 0


@pytest.mark.parametrize(
    "path", ["/api", "/api/", "/api/nope", "/api/v1/nope", "/api/v2/tracks", "/api/v1/genres/a/b/c"]
)
@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_unknown_api_paths_are_json_404(api, path, method):
    response = api.request(method, path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert "detail" in response.json()


def test_wrong_method_on_a_real_route_is_405_json(api):
    response = api.post("/api/v1/genres")
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/json"
    assert "GET" in response.headers["allow"]


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (errors.NotFound("gone"), 404),
        (errors.PermissionDenied("no"), 403),
        (errors.Invalid("bad"), 422),
        (errors.RateLimited("slow down", retry_after=30), 429),
        (errors.Conflict("taken"), 409),
    ],
)
def test_domain_errors_map_to_statuses(error, status):
    app = create_api()

    def boom():
        raise error

    app.add_api_route("/boom", boom)
    response = TestClient(app).get("/boom")
    assert response.status_code == status
    assert response.json() == {"detail": error.message, "code": error.code}
    if status == 429:
        assert response.headers["retry-after"] == "30"


def test_openapi_lists_catalog_endpoints(api):
    spec = api.get("/api/openapi.json").json()
    assert spec["info"]["title"] == "Spoticlone API" and spec["info"]["version"] == API_VERSION
    expected = {
        "/api/health", "/api/v1/genres", "/api/v1/genres/{slug}", "/api/v1/genres/{slug}/tracks",
        "/api/v1/genres/{slug}/albums", "/api/v1/artists", "/api/v1/artists/{slug}",
        "/api/v1/artists/{slug}/albums", "/api/v1/albums", "/api/v1/albums/{album_id}",
        "/api/v1/tracks", "/api/v1/tracks/{track_id}", "/api/v1/media/{key}",
    }
    assert expected <= set(spec["paths"])
    assert not any("{path}" in p for p in spec["paths"])  # the catch-all stays hidden
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            assert operation.get("summary") and operation.get("tags"), path
    page = spec["components"]["schemas"]["Page_TrackOut_"]["properties"]
    assert {"items", "total", "page", "page_size", "pages", "has_next"} <= set(page)


@pytest.mark.parametrize("path", ["/api/docs", "/api/redoc"])
def test_docs_are_html(api, path):
    response = api.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "/api/openapi.json" in response.text


def test_docs_are_not_at_the_root(api):
    # /docs and /redoc belong to the frontend; FastAPI must not claim them.
    for path in ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"):
        assert api.get(path).status_code == 404


def test_mounted_frontend_gets_everything_but_the_api(engine):
    """Reflex mounts itself at "" under this app: non-API paths must reach it."""
    from starlette.responses import HTMLResponse

    async def frontend(scope, receive, send):
        await HTMLResponse("<html>spa</html>")(scope, receive, send)

    app = create_api()
    app.mount("", frontend)  # what rx.App does with the api_transformer
    client = TestClient(app)
    assert client.get("/album/1-x").text == "<html>spa</html>"
    assert client.get("/_event").text == "<html>spa</html>"
    unknown = client.get("/api/v1/nope")
    assert unknown.status_code == 404 and unknown.json()["detail"]
    assert client.post("/api/v1/genres").status_code == 405
    assert client.get("/api/health").json()["status"] == "ok"
