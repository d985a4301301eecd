"""GET /api/v1/search: grouped results, typo info, bounds, and hostile input."""

from __future__ import annotations

import pytest


def test_search_returns_grouped_results(api, catalog):
    response = api.get("/api/v1/search", params={"q": "night ru"})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "night ru"
    assert [t["title"] for t in body["tracks"]][:1] == ["Night Run 3"]  # most played first
    assert [a["title"] for a in body["albums"]] == ["Night Run"]
    assert body["top"]["kind"] in {"album", "track"}
    assert body["total"] == sum(len(body[g]) for g in ("tracks", "artists", "albums", "genres", "lyrics"))


def test_search_hides_drafts_and_corrects_typos(api, catalog):
    assert api.get("/api/v1/search", params={"q": "secret demo"}).json()["total"] == 0
    body = api.get("/api/v1/search", params={"q": "nova drvie"}).json()
    assert body["corrected"] == "nova drive"
    assert [a["name"] for a in body["artists"]] == ["Nova Drive"]


def test_search_limit_and_empty_query(api, catalog):
    assert len(api.get("/api/v1/search", params={"q": "night", "limit": 1}).json()["tracks"]) == 1
    assert api.get("/api/v1/search").json()["total"] == 0
    assert api.get("/api/v1/search", params={"q": "x", "limit": 0}).status_code == 422
    assert api.get("/api/v1/search", params={"q": "x", "limit": 51}).status_code == 422


@pytest.mark.parametrize("q", ['"foo', "AND OR (", "NEAR(", "*", "x" * 1000])
def test_search_syntax_input_is_harmless(api, catalog, q):
    response = api.get("/api/v1/search", params={"q": q})
    assert response.status_code == 200
    assert len(response.json()["query"]) <= 100


def test_search_is_in_the_openapi_spec(api):
    assert "/api/v1/search" in api.get("/api/openapi.json").json()["paths"]
