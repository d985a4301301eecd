"""REST: smart playlist CRUD, live preview, tracks, .nsp import/export, refusals and OpenAPI."""

from __future__ import annotations

import json

from tests import factories

BASE = "/api/v1/smart-playlists"


def auth(session, user):
    return {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}


def rule(field, operator, value):
    return {"field": field, "operator": operator, "value": value}


def test_smart_playlist_lifecycle(api, session, catalog):
    owner, other = factories.make_user(session), factories.make_user(session)
    ho, hx = auth(session, owner), auth(session, other)
    synth = {"match": "all", "rules": [rule("genre", "is", "synthwave")]}
    preview = api.post(f"{BASE}/preview", json={"rules": synth}, headers=ho)
    assert preview.status_code == 200 and preview.json() == {"matching": 3, "count": 3}
    narrower = {"match": "all", "rules": [*synth["rules"], rule("title", "endsWith", "2")]}
    assert api.post(f"{BASE}/preview", json={"rules": narrower}, headers=ho).json()["matching"] == 1

    created = api.post(BASE, json={"name": " Neon ", "rules": synth, "sort": "title", "order": "desc", "limit": 2},
                       headers=ho)
    assert created.status_code == 201, created.text
    made = created.json()
    assert (made["name"], made["url"], made["edit_url"]) == ("Neon", f"/smart/{made['id']}",
                                                            f"/smart/edit/{made['id']}")
    detail = api.get(f"{BASE}/{made['id']}", headers=ho).json()
    assert [t["title"] for t in detail["tracks"]] == ["Night Run 3", "Night Run 2"]
    assert detail["matching"] == 3 and detail["tracks"][0]["stream_url"]
    assert [p["id"] for p in api.get(BASE, headers=ho).json()] == [made["id"]]

    assert api.get(f"{BASE}/{made['id']}", headers=hx).status_code == 404
    assert api.get(f"{BASE}/{made['id']}").status_code == 404
    body = {"name": "Neon", "rules": synth, "public": True}
    assert api.put(f"{BASE}/{made['id']}", json=body, headers=hx).status_code == 404
    assert api.delete(f"{BASE}/{made['id']}", headers=hx).status_code == 404
    assert api.put(f"{BASE}/{made['id']}", json=body, headers=ho).status_code == 200
    assert api.get(f"{BASE}/{made['id']}").status_code == 200
    assert api.put(f"{BASE}/{made['id']}", json=body, headers=hx).status_code == 403

    exported = api.get(f"{BASE}/{made['id']}/export", headers=ho)
    assert exported.status_code == 200
    assert 'filename="neon.nsp"' in exported.headers["content-disposition"]
    assert exported.json()["all"] == [{"is": {"genre": "synthwave"}}]
    imported = api.post(f"{BASE}/import", content=exported.content, headers=hx)
    assert imported.status_code == 201 and imported.json()["owner"]["id"] == other.id

    assert api.delete(f"{BASE}/{made['id']}", headers=ho).status_code == 204
    assert api.get(f"{BASE}/{made['id']}", headers=ho).status_code == 404


def test_wrong_rules_and_files_are_refused_clearly(api, session):
    owner = factories.make_user(session)
    ho = auth(session, owner)
    bad = api.post(BASE, json={"name": "x", "rules": {"rules": [rule("year", "gt", "soon")]}}, headers=ho)
    assert bad.status_code == 422 and bad.json()["detail"].startswith("rules[0].value:")
    assert api.post(BASE, json={"name": "x", "rules": {"rules": []}, "limit": 5000}, headers=ho).status_code == 422
    unknown = api.post(f"{BASE}/import", content=json.dumps({"all": [{"is": {"bpm": 1}}]}), headers=ho)
    assert unknown.status_code == 422 and "bpm" in unknown.json()["detail"]
    assert api.post(f"{BASE}/import", content=b"{oops", headers=ho).json()["detail"].endswith("not valid JSON.")
    assert api.post(f"{BASE}/import", content=b"", headers=ho).status_code == 422
    assert api.post(f"{BASE}/import", content=b" " * (101 * 1024), headers=ho).status_code == 413
    assert api.get(BASE, headers=ho).json() == []
    for path in (f"{BASE}/0", f"{BASE}/99999999999999999999", f"{BASE}/abc"):
        assert api.get(path, headers=ho).status_code in (404, 422)


def test_signed_out_callers_may_not_write(api):
    rules = {"rules": [rule("title", "is", "x")]}
    assert api.post(BASE, json={"name": "x", "rules": rules}).status_code == 401
    assert api.post(f"{BASE}/preview", json={"rules": rules}).status_code == 401
    assert api.post(f"{BASE}/import", content=b"{}").status_code == 401


def test_the_routes_are_in_openapi(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    assert {f"{BASE}", f"{BASE}/preview", f"{BASE}/import", f"{BASE}/{{smart_id}}",
            f"{BASE}/{{smart_id}}/export"} <= set(paths)
