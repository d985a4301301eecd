"""Every Subsonic document we answer matches its OpenSubsonic shape, in JSON and in XML alike.

JSON is validated against ``opensubsonic_shapes``; the XML form of the same call must carry
the same data: each scalar an attribute (``value`` the text), each object a child element,
each list repeated child elements, and nothing else.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

import jsonschema_rs
import pytest

from tests.api.subsonic.conftest import Library
from tests.api.subsonic.opensubsonic_shapes import PAYLOADS, schema_for

Params = Callable[[Library], dict]

#: (method, its parameters, the payload key it answers with).
CALLS: list[tuple[str, Params, str | None]] = [
    ("ping", lambda lib: {}, None),
    ("getLicense", lambda lib: {}, "license"),
    ("getOpenSubsonicExtensions", lambda lib: {}, "openSubsonicExtensions"),
    ("getMusicFolders", lambda lib: {}, "musicFolders"),
    ("getScanStatus", lambda lib: {}, "scanStatus"),
    ("startScan", lambda lib: {}, "scanStatus"),
    ("getIndexes", lambda lib: {}, "indexes"),
    ("getMusicDirectory", lambda lib: {"id": f"ar-{lib.artist.id}"}, "directory"),
    ("getMusicDirectory", lambda lib: {"id": f"al-{lib.album.id}"}, "directory"),
    ("getArtists", lambda lib: {}, "artists"),
    ("getArtist", lambda lib: {"id": lib.artist.id}, "artist"),
    ("getAlbum", lambda lib: {"id": lib.album.id}, "album"),
    ("getSong", lambda lib: {"id": lib.tracks[0].id}, "song"),
    ("getGenres", lambda lib: {}, "genres"),
    ("getAlbumList", lambda lib: {"type": "alphabeticalByName"}, "albumList"),
    ("getAlbumList", lambda lib: {"type": "starred"}, "albumList"),
    ("getAlbumList2", lambda lib: {"type": "newest"}, "albumList2"),
    ("getAlbumList2", lambda lib: {"type": "random"}, "albumList2"),
    ("getAlbumList2", lambda lib: {"type": "starred"}, "albumList2"),
    ("getRandomSongs", lambda lib: {"size": 5}, "randomSongs"),
    ("getSongsByGenre", lambda lib: {"genre": "Synthwave"}, "songsByGenre"),
    ("getNowPlaying", lambda lib: {}, "nowPlaying"),
    ("search2", lambda lib: {"query": "night"}, "searchResult2"),
    ("search3", lambda lib: {"query": "night"}, "searchResult3"),
    ("search3", lambda lib: {"query": ""}, "searchResult3"),
    ("getStarred", lambda lib: {}, "starred"),
    ("getStarred2", lambda lib: {}, "starred2"),
    ("getUser", lambda lib: {"username": "bob"}, "user"),
    ("getInternetRadioStations", lambda lib: {}, "internetRadioStations"),
    ("getPodcasts", lambda lib: {}, "podcasts"),
    ("getBookmarks", lambda lib: {}, "bookmarks"),
    ("createBookmark", lambda lib: {"id": lib.tracks[2].id, "position": 1500}, None),
    ("deleteBookmark", lambda lib: {"id": lib.tracks[0].id}, None),
    ("getTopSongs", lambda lib: {"artist": "Nova Drive"}, "topSongs"),
    ("getSimilarSongs", lambda lib: {"id": lib.tracks[0].id}, "similarSongs"),
    ("getSimilarSongs2", lambda lib: {"id": lib.tracks[0].id}, "similarSongs2"),
    ("getArtistInfo", lambda lib: {"id": lib.artist.id}, "artistInfo"),
    ("getArtistInfo2", lambda lib: {"id": lib.artist.id}, "artistInfo2"),
    ("getAlbumInfo", lambda lib: {"id": lib.album.id}, "albumInfo"),
    ("getAlbumInfo2", lambda lib: {"id": lib.album.id}, "albumInfo"),
    ("star", lambda lib: {"id": lib.tracks[1].id}, None),
    ("unstar", lambda lib: {"id": lib.tracks[1].id}, None),
    ("setRating", lambda lib: {"id": lib.tracks[1].id, "rating": 3}, None),
    ("scrobble", lambda lib: {"id": lib.tracks[1].id, "submission": "false"}, None),
    ("getPlaylists", lambda lib: {}, "playlists"),
    ("getPlaylist", lambda lib: {"id": lib.bobs_private.id}, "playlist"),
    ("createPlaylist", lambda lib: {"name": "Shapes", "songId": lib.tracks[0].id}, "playlist"),
    ("updatePlaylist", lambda lib: {"playlistId": lib.bobs_private.id, "comment": "checked"}, None),
    ("getLyricsBySongId", lambda lib: {"id": lib.tracks[0].id}, "lyricsList"),
    ("getLyricsBySongId", lambda lib: {"id": lib.tracks[1].id}, "lyricsList"),
    ("savePlayQueue", lambda lib: {"id": [lib.tracks[0].id, lib.tracks[1].id], "current": lib.tracks[1].id,
                                   "position": 1000}, None),
    ("getPlayQueue", lambda lib: {}, "playQueue"),
    ("getAlbum", lambda lib: {"id": 987654}, "error"),
    ("getUser", lambda lib: {"username": "ann", "u": "ann", "p": "wrong"}, "error"),
]


#: Calls whose second answer differs from the first: a new playlist, a gone bookmark, random picks.
CHANGING = {"createPlaylist", "createBookmark", "deleteBookmark", "scrobble", "getRandomSongs", "getSimilarSongs",
            "getSimilarSongs2"}


@pytest.fixture
def marked(api, library: Library) -> Library:
    """Bob's library with every optional part filled: stars, a rating, a queue, a bookmark, a play."""
    auth = {"u": "bob", "p": library.bob_key, "f": "json"}
    for method, params in (
        ("star", {"id": library.tracks[0].id, "albumId": library.album.id, "artistId": library.artist.id}),
        ("setRating", {"id": library.tracks[0].id, "rating": 4}),
        ("scrobble", {"id": library.tracks[0].id, "submission": "false"}),
        ("savePlayQueue", {"id": [t.id for t in library.tracks], "current": library.tracks[1].id,
                           "position": 4200}),
        ("createBookmark", {"id": library.tracks[0].id, "position": 61_000, "comment": "chorus"}),
    ):
        answer = api.get(f"/rest/{method}", params={**auth, **params}).json()["subsonic-response"]
        assert answer["status"] == "ok", (method, answer)
    return library


def _call(api, library: Library, method: str, params: Params, fmt: str):
    return api.get(f"/rest/{method}", params={"u": "bob", "p": library.bob_key, "c": "shapes", "f": fmt,
                                              **params(library)})


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def same_in_xml(json_body: dict, element: ET.Element, path: str = "") -> None:
    """``element`` holds exactly ``json_body``: attributes, text and children, nothing more."""
    scalars = {k: v for k, v in json_body.items() if not isinstance(v, dict | list) and k != "value"}
    assert dict(element.attrib) == {k: _text(v) for k, v in scalars.items()}, path
    if "value" in json_body:
        assert (element.text or "") == _text(json_body["value"]), path
    nested = {k: v for k, v in json_body.items() if isinstance(v, dict | list)}
    children: dict[str, list[ET.Element]] = {}
    for child in element:
        children.setdefault(_local(child.tag), []).append(child)
    assert set(children) == {k for k, v in nested.items() if v != []}, path
    for key, value in nested.items():
        items = value if isinstance(value, list) else [value]
        assert len(children.get(key, [])) == len(items), f"{path}/{key}"
        for item, child in zip(items, children.get(key, []), strict=True):
            if isinstance(item, dict):
                same_in_xml(item, child, f"{path}/{key}")
            else:
                assert (child.text or "") == _text(item), f"{path}/{key}"


def test_every_payload_key_has_a_shape_and_a_call():
    assert {key for _, _, key in CALLS if key} == set(PAYLOADS)


@pytest.mark.parametrize(("method", "params", "key"), CALLS, ids=[f"{m}-{i}" for i, (m, _, _) in enumerate(CALLS)])
def test_json_matches_the_opensubsonic_shape_and_xml_says_the_same(api, marked, method, params, key):
    response = _call(api, marked, method, params, "json")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    document = response.json()
    errors = [f"{e.instance_path}: {e.message}" for e in jsonschema_rs.validator_for(schema_for(key))
              .iter_errors(document)]
    assert not errors, errors
    answer = document["subsonic-response"]
    assert answer["status"] == ("failed" if key == "error" else "ok"), answer
    xml = _call(api, marked, method, params, "xml")
    assert xml.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(xml.content)
    assert _local(root.tag) == "subsonic-response"
    if method in CHANGING or params(marked).get("type") == "random":
        return

    same_in_xml(_without_times(answer), _xml_without_times(root))


def _without_times(body):
    """Minutes and star times may tick between the JSON and the XML call: compare the rest."""
    if isinstance(body, dict):
        return {k: _without_times(v) for k, v in body.items()
                if isinstance(v, dict | list) or k not in ("minutesAgo", "starred", "changed")}
    if isinstance(body, list):
        return [_without_times(v) for v in body]
    return body


def _xml_without_times(element: ET.Element) -> ET.Element:
    for node in element.iter():
        for name in ("minutesAgo", "starred", "changed"):
            node.attrib.pop(name, None)
    return element


def test_the_checks_can_fail():
    wrong_type = {"subsonic-response": {"status": "ok", "version": "1.16.1", "type": "x", "serverVersion": "1",
                                        "openSubsonic": True, "song": {"id": 5, "isDir": False, "title": "t"}}}
    assert not jsonschema_rs.validator_for(schema_for("song")).is_valid(wrong_type)
    misspelt = {**wrong_type["subsonic-response"], "song": {"id": "5", "isDir": False, "title": "t", "albumID": "1"}}
    assert not jsonschema_rs.validator_for(schema_for("song")).is_valid({"subsonic-response": misspelt})
    with pytest.raises(AssertionError):
        same_in_xml({"a": 1, "b": [{"c": True}]}, ET.fromstring('<r a="1"><b c="false"/></r>'))
