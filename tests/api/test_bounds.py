"""Numbers from clients are bounded before they reach the database, and every error is one shape.

An id or page past what a 64-bit column holds used to reach SQLite and come back as a
plain-text 500 (``OverflowError``); ids written ``1.0`` or `` 1`` used to be read as 1.
Now each is a JSON 422 with ``detail`` a sentence, and the OpenAPI document describes
exactly that body for every error of every operation.
"""

from __future__ import annotations

import pytest

from spoticlone.api.params import MAX_ID, MAX_PAGE
from spoticlone.integrations.media_store import is_valid_key
from tests import factories

HUGE = "99999999999999999999"
TOO_BIG_FOR_SQLITE = str(2**63)


@pytest.fixture
def bearer(session):
    user = factories.make_user(session, username="counter", email_verified=True)
    return {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}


def _assert_json_422(response):
    assert response.status_code == 422, (response.status_code, response.text)
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert body["errors"] and all({"loc", "msg", "type"} <= set(e) for e in body["errors"])


@pytest.mark.parametrize("method, path", [
    ("GET", f"/api/v1/tracks/{HUGE}"),
    ("GET", f"/api/v1/albums/{TOO_BIG_FOR_SQLITE}"),
    ("GET", f"/api/v1/tracks/{TOO_BIG_FOR_SQLITE}/lyrics"),
    ("GET", f"/api/v1/tracks/{TOO_BIG_FOR_SQLITE}/stream"),
    ("GET", f"/api/v1/playlists/{TOO_BIG_FOR_SQLITE}"),
    ("GET", f"/api/v1/playlists/{TOO_BIG_FOR_SQLITE}/queue"),
    ("DELETE", f"/api/v1/playlists/1/tracks/{TOO_BIG_FOR_SQLITE}"),
    ("PUT", f"/api/v1/me/likes/{TOO_BIG_FOR_SQLITE}"),
    ("PUT", f"/api/v1/me/albums/{HUGE}"),
    ("GET", f"/api/v1/ratings/tracks/{HUGE}"),
    ("DELETE", f"/api/v1/auth/sessions/{HUGE}"),
    ("GET", f"/api/v1/tracks/{MAX_ID + 1}"),
])
def test_ids_past_the_range_are_json_422(api, catalog, bearer, method, path):
    _assert_json_422(api.request(method, path, headers=bearer))


def test_the_largest_id_is_a_plain_404(api, catalog):
    response = api.get(f"/api/v1/tracks/{MAX_ID}")
    assert response.status_code == 404 and response.json() == {"detail": response.json()["detail"], "code": "not_found"}


def _paged_lists(api) -> list[str]:
    spec = api.get("/api/openapi.json").json()
    return [
        path for path, item in spec["paths"].items()
        if "{" not in path and any(p["name"] == "page" for p in item.get("get", {}).get("parameters", []))
    ]


def test_every_list_refuses_a_page_past_the_range(api, catalog, bearer):
    lists = _paged_lists(api)
    assert "/api/v1/tracks" in lists and "/api/v1/playlists" in lists and "/api/v1/me/likes" in lists
    for path in lists:
        for page in (HUGE, TOO_BIG_FOR_SQLITE, str(MAX_PAGE + 1)):
            _assert_json_422(api.get(path, params={"page": page}, headers=bearer))
        assert api.get(path, params={"page": MAX_PAGE}, headers=bearer).status_code in (200, 403), path


def test_huge_ids_in_a_body_are_json_422(api, catalog, session, bearer):
    me = factories.make_user(session, username="owner", email_verified=True)
    playlist = factories.make_playlist(session, owner=me)
    auth = {"Authorization": f"Bearer {factories.make_api_token(session, me)}"}
    url = f"/api/v1/playlists/{playlist.id}/tracks"
    _assert_json_422(api.post(url, json={"track_ids": [catalog.tracks[0].id, 2**63]}, headers=auth))
    _assert_json_422(api.post(url, json={"track_ids": [int(HUGE)]}, headers=auth))
    _assert_json_422(api.post(f"{url}/reorder", json={"item_id": 2**63, "to_position": 0}, headers=auth))
    _assert_json_422(api.post(f"{url}/reorder", json={"item_id": 1, "to_position": 2**64}, headers=auth))
    _assert_json_422(api.post("/api/v1/plays", json={"track_id": 2**63, "anonymous_session": "a" * 20}))


@pytest.mark.parametrize("spelling", ["1.0", "%201", "1%20", "1%0A", "+1", "01e0", "%D9%A1"])
def test_an_id_has_one_spelling(api, catalog, spelling):
    track_id = catalog.tracks[0].id
    assert track_id == 1  # the spellings above all mean 1 to a lenient parser
    assert api.get("/api/v1/tracks/1").status_code == 200
    _assert_json_422(api.get(f"/api/v1/tracks/{spelling}"))
    _assert_json_422(api.get("/api/v1/tracks", params={"page": spelling.replace("%20", " ")}))


@pytest.mark.parametrize("value", [1.0, "1", True])
def test_ids_in_a_body_are_json_integers(api, catalog, session, value):
    me = factories.make_user(session, username="owner", email_verified=True)
    playlist = factories.make_playlist(session, owner=me)
    auth = {"Authorization": f"Bearer {factories.make_api_token(session, me)}"}
    _assert_json_422(api.post(f"/api/v1/playlists/{playlist.id}/tracks", json={"track_ids": [value]}, headers=auth))


def test_validation_errors_do_not_echo_inputs(api):
    secret = "hunter2-" + "x" * 2000
    response = api.post("/api/v1/auth/login", json={"email": "a@example.com", "password": secret})
    _assert_json_422(response)
    assert "hunter2" not in response.text
    assert response.json()["errors"][0]["loc"] == ["body", "password"]
    assert "password" in response.json()["detail"]


def test_media_key_with_a_trailing_newline_is_not_a_key(api, store):
    key = store.put_bytes("covers", "png", b"\x89PNG\r\n\x1a\nfake")
    assert is_valid_key(key) and not is_valid_key(f"{key}\n")
    assert api.get(f"/api/v1/media/{key}").status_code == 200
    response = api.get(f"/api/v1/media/{key}%0A")
    assert response.status_code == 404 and response.json()["detail"]


def test_an_unexpected_error_is_json_500(engine):
    from fastapi.testclient import TestClient

    from spoticlone.api.app import create_api

    app = create_api()

    @app.get("/api/v1/boom")  # registered after the catch-all: routes are tried in order
    def boom():
        raise RuntimeError("bug")

    app.router.routes.insert(0, app.router.routes.pop())
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert "Try again" in response.json()["detail"]


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


#: Routes a person's browser opens from an email: they answer pages, errors included.
HTML_PAGES = {"/api/v1/notifications/unsubscribe"}


def test_every_error_response_is_documented_as_one_schema(api):
    spec = api.get("/api/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    assert schemas["Error"]["properties"]["detail"]["type"] == "string"
    for path, method, operation in _operations(spec):
        for status, response in operation["responses"].items():
            if path in HTML_PAGES and status == "400":
                assert list(response["content"]) == ["text/html"], (method, path, status)
            elif int(status) >= 400 and not (path == "/api/health" and status == "503"):
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, status)
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in operation["responses"], (method, path)


def test_the_cross_site_refusal_is_documented(api, session):
    spec = api.get("/api/openapi.json").json()
    create = spec["paths"]["/api/v1/playlists"]["post"]["responses"]["403"]
    assert "Cross-site request refused." in create["description"]
    # ... and is what a cookie request from another site gets.
    from spoticlone.api.session_cookie import SESSION_COOKIE
    from spoticlone.services.auth.sessions import create_session

    user = factories.make_user(session, username="victim", email_verified=True)
    api.cookies.set(SESSION_COOKIE, create_session(session, user_id=user.id))
    refused = api.post("/api/v1/playlists", json={"name": "x"}, headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403 and refused.json() == {"detail": "Cross-site request refused.",
                                                             "code": "permission_denied"}


def test_an_unreadable_body_is_explained(api):
    response = api.post("/api/v1/auth/login", content=b"\xff\xfe{", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"detail": "The request body could not be read. Send JSON encoded as UTF-8.",
                               "code": "body_unreadable"}
