"""The Subsonic wire format over TestClient: formats, suffixes, POST forms, auth and errors."""

from __future__ import annotations

import hashlib
import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

NS = "{http://subsonic.org/restapi}"


def body(response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()["subsonic-response"]


def auth(library, **extra) -> dict:
    return {"u": "ann", "p": library.ann_key, "c": "pytest", "v": "1.16.1", "f": "json", **extra}


@pytest.mark.parametrize("path", ["/rest/ping", "/rest/ping.view", "/rest/PING.view"])
def test_ping_with_and_without_view(api, library, path):
    answer = body(api.get(path, params=auth(library)))
    assert answer["status"] == "ok" and answer["openSubsonic"] is True and answer["version"] == "1.16.1"


def test_xml_is_the_default_and_post_forms_work(api, library):
    params = auth(library)
    params.pop("f")
    response = api.post("/rest/getAlbum.view", data={**params, "id": str(library.album.id)})
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{NS}subsonic-response" and root.get("status") == "ok"
    album = root.find(f"{NS}album")
    assert album.get("name") == "Night Run"
    assert [s.get("title") for s in album.findall(f"{NS}song")] == ["Night Run 1", "Night Run 2", "Night Run 3"]


def test_token_and_api_key_sign_in(api, library):
    salt = "a1b2c3"
    token = hashlib.md5((library.ann_key + salt).encode()).hexdigest()
    assert body(api.get("/rest/ping", params={"u": "ann", "t": token, "s": salt, "f": "json"}))["status"] == "ok"
    assert body(api.get("/rest/ping", params={"apiKey": library.ann_key, "f": "json"}))["status"] == "ok"
    hexed = "enc:" + library.ann_key.encode().hex()
    assert body(api.get("/rest/ping", params={"u": "ann", "p": hexed, "f": "json"}))["status"] == "ok"


@pytest.mark.parametrize(("params", "code"), [
    ({"u": "ann", "p": "correct horse battery"}, 40),
    ({"u": "ann", "p": "wrong"}, 40),
    ({"u": "nobody", "p": "wrong"}, 40),
    ({"u": "ann"}, 10),
    ({"apiKey": "nope"}, 44),
    ({"apiKey": "nope", "u": "ann"}, 43),
])
def test_refusals_use_subsonic_codes(api, library, params, code):
    answer = body(api.get("/rest/ping", params={**params, "f": "json"}))
    assert answer["status"] == "failed" and answer["error"]["code"] == code
    assert answer["error"]["message"]


def test_unknown_methods_and_missing_or_bad_parameters(api, library):
    response = api.get("/rest/noSuchThing.view", params=auth(library))
    assert response.status_code == 404 and response.json()["subsonic-response"]["error"]["code"] == 0
    assert body(api.get("/rest/getAlbum", params=auth(library)))["error"]["code"] == 10
    for bad in ("abc", "-1", "99999999999999999999999", "10"):
        assert body(api.get("/rest/getAlbum", params=auth(library, id=bad)))["error"]["code"] == 70
    assert body(api.get("/rest/getAlbumList2", params=auth(library, type="bogus")))["error"]["code"] == 0
    answer = body(api.get("/rest/getAlbumList2", params=auth(library, type="newest", size="-5")))
    assert answer["status"] == "ok" and answer["albumList2"]["album"] == []


def test_system_endpoints(api, library):
    assert body(api.get("/rest/getLicense", params=auth(library)))["license"]["valid"] is True
    extensions = body(api.get("/rest/getOpenSubsonicExtensions", params=auth(library)))["openSubsonicExtensions"]
    names = {e["name"] for e in extensions}
    assert {"apiKeyAuthentication", "formPost", "songLyrics"} <= names
    assert body(api.get("/rest/getMusicFolders", params=auth(library)))["musicFolders"]["musicFolder"][0]["id"] == 1
    assert body(api.get("/rest/getScanStatus", params=auth(library)))["scanStatus"]["scanning"] is False
    user = body(api.get("/rest/getUser", params=auth(library, username="ann")))["user"]
    assert user["username"] == "ann" and user["streamRole"] is True
    assert body(api.get("/rest/getUser", params=auth(library, username="bob")))["error"]["code"] == 50


def test_browse_shapes(api, library):
    artists = body(api.get("/rest/getArtists", params=auth(library)))["artists"]["index"]
    assert artists == [{"name": "N", "artist": [{"id": str(library.artist.id), "name": "Nova Drive",
                                                 "coverArt": f"ar-{library.artist.id}", "albumCount": 1}]}]
    assert body(api.get("/rest/getIndexes", params=auth(library)))["indexes"]["index"][0]["name"] == "N"
    artist = body(api.get("/rest/getArtist", params=auth(library, id=library.artist.id)))["artist"]
    assert [a["name"] for a in artist["album"]] == ["Night Run"]
    album = body(api.get("/rest/getAlbum", params=auth(library, id=library.album.id)))["album"]
    assert album["songCount"] == 3 and album["year"] == 2023 and album["genre"] == "Synthwave"
    assert isinstance(album["duration"], int) and album["created"].endswith("Z")
    song = album["song"][0]
    for field, kind in (("id", str), ("title", str), ("duration", int), ("isDir", bool), ("albumId", str),
                        ("coverArt", str), ("contentType", str), ("suffix", str), ("type", str)):
        assert isinstance(song[field], kind), field
    assert "Secret Demo" not in [s["title"] for s in album["song"]]
    genres = body(api.get("/rest/getGenres", params=auth(library)))["genres"]["genre"]
    assert genres == [{"value": "Synthwave", "songCount": 3, "albumCount": 1}]


def test_lists_and_search(api, library):
    for kind in ("random", "newest", "frequent", "recent", "starred", "highest", "alphabeticalByName",
                 "alphabeticalByArtist"):
        answer = body(api.get("/rest/getAlbumList2", params=auth(library, type=kind)))
        assert answer["status"] == "ok", kind
    by_year = body(api.get("/rest/getAlbumList2", params=auth(library, type="byYear", fromYear=2020, toYear=2024)))
    assert [a["name"] for a in by_year["albumList2"]["album"]] == ["Night Run"]
    by_genre = body(api.get("/rest/getAlbumList2", params=auth(library, type="byGenre", genre="synthwave")))
    assert len(by_genre["albumList2"]["album"]) == 1
    songs = body(api.get("/rest/getRandomSongs", params=auth(library, size=10)))["randomSongs"]["song"]
    assert sorted(s["title"] for s in songs) == ["Night Run 1", "Night Run 2", "Night Run 3"]
    page1 = body(api.get("/rest/search3", params=auth(library, query="", songCount=2, songOffset=0)))["searchResult3"]
    page2 = body(api.get("/rest/search3", params=auth(library, query='""', songCount=2, songOffset=2)))["searchResult3"]
    assert [s["title"] for s in page1["song"] + page2["song"]] == ["Night Run 1", "Night Run 2", "Night Run 3"]
    found = body(api.get("/rest/search3", params=auth(library, query="night")))["searchResult3"]
    assert "Secret Demo" not in [s["title"] for s in found.get("song", [])]


def test_lyrics_are_synced_lines(api, library):
    answer = body(api.get("/rest/getLyricsBySongId", params=auth(library, id=library.tracks[0].id)))
    lyric = answer["lyricsList"]["structuredLyrics"][0]
    assert lyric["synced"] is True
    assert lyric["line"] == [{"start": 1000, "value": "First line"}, {"start": 5500, "value": "Second line"}]
    xml = api.get("/rest/getLyricsBySongId", params={**auth(library, id=library.tracks[0].id), "f": "xml"})
    assert b'<line start="1000">First line</line>' in xml.content


def test_artist_and_album_extras(api, library, session, store):
    top = body(api.get("/rest/getTopSongs", params=auth(library, artist="nova drive", count=2)))["topSongs"]["song"]
    assert len(top) == 2
    assert body(api.get("/rest/getTopSongs", params=auth(library, artist="Nobody")))["topSongs"]["song"] == []
    similar = body(api.get("/rest/getSimilarSongs2", params=auth(library, id=library.tracks[0].id)))
    assert {s["title"] for s in similar["similarSongs2"]["song"]} == {"Night Run 2", "Night Run 3"}
    assert body(api.get("/rest/getSimilarSongs2", params=auth(library, id=999)))["error"]["code"] == 70
    by_artist = body(api.get("/rest/getSimilarSongs2", params=auth(library, id=library.artist.id, count=50)))
    assert "Secret Demo" not in {s["title"] for s in by_artist["similarSongs2"]["song"]}
    info = body(api.get("/rest/getArtistInfo2", params=auth(library, id=library.artist.id)))["artistInfo2"]
    assert info["biography"] == "Bio of Nova Drive"
    assert body(api.get("/rest/getAlbumInfo2", params=auth(library, id=library.album.id)))["status"] == "ok"
    assert body(api.get("/rest/getAvatar", params=auth(library, username="bob")))["error"]["code"] == 70
    library.bob.avatar_key = store.put_bytes("avatars", "png", _png())
    session.add(library.bob)
    session.commit()
    picture = api.get("/rest/getAvatar", params=auth(library, username="bob", size=32))
    assert Image.open(io.BytesIO(picture.content)).size == (32, 32)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (1, 2, 3)).save(out, "PNG")
    return out.getvalue()


def test_paging_the_whole_library_continues_where_the_last_page_ended(api, library, session):
    from tests import factories

    extra = [factories.make_track(session, title=f"Extra {n}", artist_id=library.artist.id) for n in range(5)]
    expected = [str(t.id) for t in library.tracks] + [str(t.id) for t in extra]

    def page(offset: int) -> list[str]:
        answer = body(api.get("/rest/search3", params=auth(library, query="", songCount=3, songOffset=offset,
                                                            artistCount=0, albumCount=0)))
        return [s["id"] for s in answer["searchResult3"]["song"]]

    seen = page(0) + page(3) + page(6)
    assert seen == expected[:9]
    # A jump straight to an offset no page ended at still works (plain OFFSET).
    assert page(4) == expected[4:7]
    assert page(9) == expected[9:]
