"""REST: a playlist keeps a deleted or withdrawn song as an unavailable item; share-link previews."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from spoticlone.middleware.social_meta import social_meta_middleware
from spoticlone.models import Track, TrackStatus
from tests import factories
from tests.api.page_shell import Head, shell_app


def auth(session, user):
    return {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}


@pytest.fixture(autouse=True)
def test_store(monkeypatch, store):
    from spoticlone.integrations import media_store

    monkeypatch.setattr(media_store, "default_store", lambda: store)
    return store


@pytest.fixture
def shared(api, session, catalog):
    """A public playlist of the three album songs; the first is then deleted, the second withdrawn."""
    owner, friend = factories.make_user(session, username="owner"), factories.make_user(session, username="friend")
    ho = auth(session, owner)
    pid = api.post("/api/v1/playlists", json={"name": "Drive", "visibility": "public"}, headers=ho).json()["id"]
    ids = [t.id for t in catalog.tracks]
    assert api.post(f"/api/v1/playlists/{pid}/tracks", json={"track_ids": ids}, headers=ho).status_code == 200
    session.delete(session.get(Track, ids[0]))
    withdrawn = session.get(Track, ids[1])
    withdrawn.status = TrackStatus.WITHDRAWN
    session.commit()
    return {"pid": pid, "ids": ids, "ho": ho, "hf": auth(session, friend)}


def test_detail_lists_unavailable_items_without_their_track(api, shared):
    body = api.get(f"/api/v1/playlists/{shared['pid']}").json()
    items = body["items"]
    assert [(i["available"], i["title"], i["artist_name"]) for i in items] == [
        (False, "Night Run 1", "Nova Drive"), (False, "Night Run 2", "Nova Drive"), (True, "Night Run 3", "Nova Drive")]
    assert items[0]["track"] is None and items[1]["track"] is None
    assert items[2]["track"]["id"] == shared["ids"][2]
    assert (body["total"], body["playlist"]["track_count"], body["playlist"]["unavailable_count"]) == (3, 1, 2)
    assert api.get(f"/api/v1/playlists/{shared['pid']}/queue").json() == [shared["ids"][2]]


def test_only_editors_remove_an_unavailable_item(api, shared):
    base = f"/api/v1/playlists/{shared['pid']}"
    gone = api.get(base).json()["items"][0]["item_id"]
    assert api.delete(f"{base}/tracks/{gone}").status_code == 401
    assert api.delete(f"{base}/tracks/{gone}", headers=shared["hf"]).status_code == 403
    removed = api.delete(f"{base}/tracks/{gone}", headers=shared["ho"])
    assert removed.status_code == 200
    assert [i["available"] for i in removed.json()["items"]] == [False, True]


def test_the_openapi_spec_documents_the_unavailable_item(api):
    schema = api.get("/api/openapi.json").json()["components"]["schemas"]["PlaylistItemOut"]
    assert {"available", "title", "artist_name", "duration_ms", "track"} <= set(schema["properties"])
    assert "track" not in schema.get("required", [])


@pytest.mark.parametrize("suffix", ["", "?ref=share", "?page=2&ref=share"])
def test_link_previews_work_with_the_share_marker(engine, shared, suffix):
    client = TestClient(social_meta_middleware(shell_app()))
    response = client.get(f"/playlist/{shared['pid']}-drive{suffix}")
    assert response.status_code == 200
    head = Head(response.text)
    assert head.one("og:title") == "Drive" and head.one("og:type") == "music.playlist"
    assert head.one("og:url").endswith(f"/playlist/{shared['pid']}-drive")  # canonical: no marker
    assert "1 song" in head.one("og:description")  # playable songs only
