"""Catalog endpoints over a real temporary database filled by the factories."""

from __future__ import annotations

import pytest

from tests import factories

LISTS = ["/api/v1/genres", "/api/v1/artists", "/api/v1/albums", "/api/v1/tracks"]


def test_genres_list_counts_only_published_tracks(api, catalog):
    body = api.get("/api/v1/genres").json()
    by_slug = {g["slug"]: g for g in body["items"]}
    assert by_slug["synthwave"]["track_count"] == 3  # the draft is not counted
    assert body["total"] == 2 and body["page"] == 1 and body["pages"] == 1
    assert body["has_next"] is False


def test_genre_detail_and_unknown_slug(api, catalog):
    genre = api.get("/api/v1/genres/synthwave").json()
    assert genre["name"] == "Synthwave" and genre["url"] == "/genre/synthwave"
    missing = api.get("/api/v1/genres/nope")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/json"
    assert missing.json() == {"detail": "That genre does not exist.", "code": "not_found"}


def test_genre_tracks_and_albums(api, catalog):
    tracks = api.get("/api/v1/genres/synthwave/tracks", params={"order": "title"}).json()
    assert [t["title"] for t in tracks["items"]] == ["Night Run 1", "Night Run 2", "Night Run 3"]
    albums = api.get("/api/v1/genres/synthwave/albums").json()
    assert [a["title"] for a in albums["items"]] == ["Night Run"]
    assert api.get("/api/v1/genres/nope/tracks").status_code == 404
    assert api.get("/api/v1/genres/nope/albums").status_code == 404


def test_artist_detail_and_albums(api, catalog):
    detail = api.get("/api/v1/artists/nova-drive").json()
    assert detail["artist"]["name"] == "Nova Drive"
    assert detail["top_tracks"][0]["title"] == "Night Run 3"  # most played
    assert "Secret Demo" not in {t["title"] for t in detail["top_tracks"]}
    albums = api.get("/api/v1/artists/nova-drive/albums").json()
    assert [a["title"] for a in albums["items"]] == ["Night Run"]  # draft-only album hidden
    assert api.get("/api/v1/artists/nobody").status_code == 404
    assert api.get("/api/v1/artists/nobody/albums").status_code == 404


def test_album_detail(api, catalog):
    body = api.get(f"/api/v1/albums/{catalog.album.id}").json()
    assert body["album"]["track_count"] == 3
    assert body["album"]["cover_url"] == f"/api/v1/media/{catalog.album.cover_key}"
    assert [t["track_number"] for t in body["tracks"]] == [1, 2, 3]


def test_track_detail_has_lyrics_fields(api, catalog):
    track = catalog.tracks[0]
    body = api.get(f"/api/v1/tracks/{track.id}").json()
    assert body["title"] == "Night Run 1" and body["lyrics"] == ""
    assert body["album_title"] == "Night Run" and body["genre"]["slug"] == "synthwave"


@pytest.mark.parametrize("path", ["/api/v1/albums/999999", "/api/v1/tracks/999999"])
def test_unknown_ids_are_json_404(api, catalog, path):
    response = api.get(path)
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "code"}


@pytest.mark.parametrize("path", ["/api/v1/albums/abc", "/api/v1/tracks/0"])
def test_malformed_ids_are_422(api, path):
    assert api.get(path).status_code == 422


def test_drafts_are_invisible(api, catalog):
    items = api.get("/api/v1/tracks", params={"page_size": 100}).json()["items"]
    titles = {t["title"] for t in items}
    assert "Secret Demo" not in titles and len(titles) == 4
    assert api.get(f"/api/v1/tracks/{catalog.draft.id}").status_code == 404
    assert api.get(f"/api/v1/albums/{catalog.draft_only_album.id}").status_code == 404
    albums = api.get("/api/v1/albums").json()["items"]
    assert catalog.draft_only_album.id not in {a["id"] for a in albums}


def test_tracks_filter_by_genre_and_order(api, catalog):
    body = api.get("/api/v1/tracks", params={"genre": "ambient"}).json()
    assert [t["title"] for t in body["items"]] == ["Drone"]
    popular = api.get("/api/v1/tracks", params={"genre": "synthwave"}).json()["items"]
    assert [t["play_count"] for t in popular] == [30, 20, 10]
    assert api.get("/api/v1/tracks", params={"order": "loudest"}).status_code == 422
    assert api.get("/api/v1/albums", params={"order": "popular"}).status_code == 422


@pytest.fixture
def many(session):
    """Five of everything so every list has a second page at page_size=2."""
    for n in range(5):
        genre = factories.make_genre(session, name=f"Style {n}")
        album = factories.make_album(session, title=f"Record {n}")
        factories.make_track(session, genre_id=genre.id, album_id=album.id,
                             artist_id=album.artist_id)


@pytest.mark.parametrize("path", LISTS)
def test_every_list_paginates(api, many, path):
    first = api.get(path, params={"page_size": 2}).json()
    second = api.get(path, params={"page": 2, "page_size": 2}).json()
    last = api.get(path, params={"page": 3, "page_size": 2}).json()
    assert first["total"] == 5 and first["pages"] == 3 and first["has_next"] is True
    assert second["page"] == 2 and len(second["items"]) == 2
    assert len(last["items"]) == 1 and last["has_next"] is False
    ids = [i["id"] for page in (first, second, last) for i in page["items"]]
    assert len(set(ids)) == 5  # pages do not overlap


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "params", [{"page": 0}, {"page": -1}, {"page": "x"}, {"page_size": 0}, {"page_size": 101}]
)
def test_bad_pagination_is_422(api, path, params):
    response = api.get(path, params=params)
    assert response.status_code == 422
    assert "detail" in response.json()


@pytest.mark.parametrize("path", LISTS)
def test_page_size_upper_bound_is_allowed(api, path):
    assert api.get(path, params={"page_size": 100}).status_code == 200


def test_page_past_the_end_is_empty(api, many):
    body = api.get("/api/v1/tracks", params={"page": 9, "page_size": 2}).json()
    assert body["items"] == [] and body["total"] == 5
