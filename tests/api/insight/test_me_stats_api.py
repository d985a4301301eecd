"""/api/v1/me/stats, /me/year/<year>, the card PNG, share and unshare, and the share page's preview."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from spoticlone.middleware.social_meta import social_meta_middleware
from tests import factories
from tests.api.auth_helpers import bearer
from tests.api.page_shell import Head, shell_app
from tests.insight_history import make_history


@pytest.fixture
def history(session):
    return make_history(session)


@pytest.fixture
def auth(session, history):
    return bearer(factories.make_api_token(session, history.listener))


def test_stats_are_the_callers_own(api, session, history, auth):
    body = api.get("/api/v1/me/stats", params={"period": "all"}, headers=auth).json()
    assert (body["plays"], body["minutes"], body["time_zone"]) == (6, 15, "UTC")
    assert [a["name"] for a in body["top_artists"]] == ["Nova Drive", "Mira Blue"]
    assert len(body["clock"]) == 24 and body["years_with_plays"] == [2026, 2025]
    picked = api.get("/api/v1/me/stats", params={"month": "2026-11", "tz": "Europe/Paris"}, headers=auth).json()
    assert (picked["minutes"], picked["plays"], picked["time_zone"]) == (8, 3, "Europe/Paris")
    other = bearer(factories.make_api_token(session, history.other))
    theirs = api.get("/api/v1/me/stats", params={"month": "2026-12"}, headers=other).json()
    assert [a["name"] for a in theirs["top_artists"]] == ["Mira Blue"] and theirs["plays"] == 5


def test_refusals_are_sentences(api, auth):
    assert api.get("/api/v1/me/stats").status_code == 401
    assert api.get("/api/v1/me/year/2026").status_code == 401
    assert api.get("/api/v1/me/year/2026/card.png").status_code == 401
    assert api.put("/api/v1/me/year/2026/share").status_code == 401
    for path, params in (("/api/v1/me/stats", {"period": "week"}), ("/api/v1/me/stats", {"month": "2026-13"}),
                         ("/api/v1/me/stats", {"tz": "Nowhere/Land"}), ("/api/v1/me/year/1999", {}),
                         ("/api/v1/me/year/99999999999999999999999", {}), ("/api/v1/me/year/2026.0", {}),
                         ("/api/v1/me/year/2026/card.png", {"variant": "square"})):
        response = api.get(path, params=params, headers=auth)
        assert response.status_code == 422, path
        assert response.json()["detail"].endswith(".")


def test_year_and_card(api, auth):
    review = api.get("/api/v1/me/year/2026", headers=auth).json()
    assert (review["minutes"], review["new_artists"], review["busiest_day"]) == (12, 1, "2026-11-10")
    assert review["top_genre"]["name"] == "Synthwave" and not review["shared"]
    assert api.get("/api/v1/me/year/2024", headers=auth).json()["empty"] is True
    card = api.get("/api/v1/me/year/2026/card.png", headers=auth)
    assert card.status_code == 200 and card.headers["content-type"] == "image/png"
    assert card.headers["cache-control"].startswith("private")
    assert Image.open(io.BytesIO(card.content)).size == (1200, 630)
    again = api.get("/api/v1/me/year/2026/card.png", headers={**auth, "If-None-Match": card.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    story = api.get("/api/v1/me/year/2026/card.png", params={"variant": "story"}, headers=auth)
    assert Image.open(io.BytesIO(story.content)).size == (1080, 1920)


def test_share_then_unshare(api, auth):
    link = api.put("/api/v1/me/year/2026/share", params={"tz": "Europe/Paris"}, headers=auth).json()
    assert link["path"] == f"/wrapped/{link['token']}" and link["card_path"].endswith("/card.png")
    public = api.get(f"/api/v1/wrapped/{link['token']}").json()  # no credentials
    assert public["listener_name"] == "Ada Lovelace" and public["review"]["minutes"] == 12
    assert "email" not in str(public) and "user_id" not in public["review"]
    card = api.get(link["card_path"])
    assert card.status_code == 200 and card.headers["cache-control"].startswith("public")
    assert Image.open(io.BytesIO(card.content)).size == (1200, 630)
    assert api.get("/api/v1/me/year/2026", headers=auth).json()["share_path"] == link["path"]
    assert api.put("/api/v1/me/year/2024/share", headers=auth).status_code == 422  # nothing to share
    assert api.delete("/api/v1/me/year/2026/share", headers=auth).status_code == 204
    gone = api.get(f"/api/v1/wrapped/{link['token']}")
    assert gone.status_code == 404 and gone.json()["detail"] == "This year in review is not shared (any more)."
    assert api.get(link["card_path"]).status_code == 404
    assert api.get("/api/v1/wrapped/" + "x" * 200).status_code in (404, 422)


def test_the_share_page_has_open_graph_tags(api, session, auth, engine, settings):
    token = api.put("/api/v1/me/year/2026/share", headers=auth).json()["token"]
    client = TestClient(social_meta_middleware(shell_app()))
    head = Head(client.get(f"/wrapped/{token}").text)
    assert head.one("og:title") == "Ada Lovelace’s 2026 in music"
    assert head.one("og:description") == "12 minutes listened · Top artist: Nova Drive · 1 new artist"
    assert head.one("og:image") == f"http://127.0.0.1:3000/api/v1/wrapped/{token}/card.png"
    assert head.one("og:url") == f"http://127.0.0.1:3000/wrapped/{token}"
    assert head.one("twitter:card") == "summary_large_image"
    api.delete("/api/v1/me/year/2026/share", headers=auth)
    revoked = client.get(f"/wrapped/{token}")
    assert revoked.status_code == 404 and not any("wrapped" in v for v in Head(revoked.text).values("og:image"))


def test_the_openapi_document_lists_the_routes(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    for path in ("/api/v1/me/stats", "/api/v1/me/year/{year}", "/api/v1/me/year/{year}/card.png",
                 "/api/v1/me/year/{year}/share", "/api/v1/wrapped/{token}", "/api/v1/wrapped/{token}/card.png"):
        assert path in paths, path
