"""GET /api/v1/search (grouped results, typo info, bounds, hostile input) and recent searches."""

from __future__ import annotations

import pytest

from tests import factories


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


def _bearer(session, user):
    return {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}


def test_recent_searches_round_trip(api, session):
    ada, bob = factories.make_user(session), factories.make_user(session)
    h, other = _bearer(session, ada), _bearer(session, bob)
    url = "/api/v1/me/recent-searches"
    assert api.get(url).status_code == 401
    assert api.post(url, json={"query": "kettle"}).status_code == 401
    assert api.delete(url).status_code == 401
    assert api.get(url, headers=h).json() == {"items": []}
    for query in ("kettle", "Night Run", "NIGHT RUN"):
        assert api.post(url, json={"query": query}, headers=h).status_code == 200
    body = api.get(url, headers=h).json()
    assert [i["query"] for i in body["items"]] == ["NIGHT RUN", "kettle"] and body["items"][0]["searched_at"]
    assert api.post(url, json={"query": "   "}, headers=h).status_code == 422
    assert api.post(url, json={"query": "x", "user_id": bob.id}, headers=h).status_code == 422
    api.post(url, json={"query": "mine"}, headers=other)
    assert api.delete(url, headers=h).status_code == 204
    assert api.get(url, headers=h).json() == {"items": []}
    assert [i["query"] for i in api.get(url, headers=other).json()["items"]] == ["mine"]


def test_searching_records_nothing(api, session, catalog):
    """``GET /search`` is safe: only an explicit POST adds to the list."""
    me = factories.make_user(session)
    h = _bearer(session, me)
    api.get("/api/v1/search", params={"q": "night"}, headers=h)
    assert api.get("/api/v1/me/recent-searches", headers=h).json() == {"items": []}
