"""Real Subsonic client libraries from PyPI (py-sonic, knuckles) against a real HTTP server.

The server is uvicorn serving the API app on a free port, bound to this test's database.
This follows the README's "Use your phone" steps: server address, username, app password.
"""

from __future__ import annotations

import io
import socket
import threading
import time
from datetime import UTC, datetime

import httpx
import knuckles
import libsonic
import pytest
import uvicorn
from PIL import Image

from tests.api.subsonic.conftest import AUDIO


@pytest.fixture
def server(engine, library):
    """The API on 127.0.0.1:<free port>, in a thread, until the test ends."""
    from spoticlone.api.app import create_api
    from spoticlone.api.deps import get_session
    from spoticlone.db import session_scope

    app = create_api()

    def session_override():
        with session_scope(engine) as session:
            yield session

    app.dependency_overrides[get_session] = session_override
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(200):
        if instance.started:
            break
        time.sleep(0.05)
    assert instance.started, "the test server did not start"
    yield port
    instance.should_exit = True
    thread.join(timeout=10)


def test_py_sonic_with_a_token(server, library, tmp_path):
    conn = libsonic.Connection("http://127.0.0.1", "ann", library.ann_key, port=server, appName="pytest")
    assert conn.ping()
    index = conn.getArtists()["artists"]["index"]
    artist_id = index[0]["artist"][0]["id"]
    artist = conn.getArtist(artist_id)["artist"]
    album = conn.getAlbum(artist["album"][0]["id"])["album"]
    songs = album["song"]
    assert [s["title"] for s in songs] == ["Night Run 1", "Night Run 2", "Night Run 3"]
    song = conn.getSong(songs[0]["id"])["song"]
    assert song["album"] == "Night Run"
    found = conn.search3("night run")["searchResult3"]
    assert {s["id"] for s in found["song"]} == {s["id"] for s in songs}
    # py-sonic returns the open HTTP response for binary calls.
    assert conn.stream(songs[1]["id"]).read() == AUDIO
    cover = conn.getCoverArt(album["coverArt"], size=100).read()
    assert Image.open(io.BytesIO(cover)).size == (100, 100)
    assert conn.star(sids=[songs[0]["id"]], albumIds=[album["id"]])
    assert conn.setRating(songs[0]["id"], 5)
    starred = conn.getStarred2()["starred2"]
    assert [s["id"] for s in starred["song"]] == [songs[0]["id"]]
    created = conn.createPlaylist(name="On the go", songIds=[songs[0]["id"], songs[2]["id"]])
    pid = created["playlist"]["id"]
    conn.updatePlaylist(pid, name="On the go!", songIdsToAdd=[songs[1]["id"]], songIndexesToRemove=[0])
    playlist = conn.getPlaylist(pid)["playlist"]
    assert playlist["name"] == "On the go!" and [e["id"] for e in playlist["entry"]] == [songs[2]["id"], songs[1]["id"]]
    assert conn.scrobble(songs[0]["id"], submission=False)
    assert conn.scrobble(songs[0]["id"], submission=True)
    assert conn.deletePlaylist(pid)


def test_py_sonic_refuses_the_account_password(server, library):
    conn = libsonic.Connection("http://127.0.0.1", "ann", "correct horse battery", port=server)
    with pytest.raises(Exception) as caught:
        conn.ping()
    assert "40" in str(getattr(caught.value, "code", caught.value)) or "Wrong" in str(caught.value)


def test_knuckles_with_a_token_over_post(server, library, tmp_path):
    client = knuckles.Subsonic(url=f"127.0.0.1:{server}", user="ann", password=library.ann_key,
                               client="pytest", use_https=False,
                               request_method=knuckles.RequestMethod.POST)
    assert client.system.ping().status == "ok"
    artists = client.browsing.get_artists()
    assert [a.name for a in artists] == ["Nova Drive"]
    artist = client.browsing.get_artist(artists[0].id)
    album = client.browsing.get_album(artist.albums[0].id)
    assert [s.title for s in album.songs] == ["Night Run 1", "Night Run 2", "Night Run 3"]
    song = client.browsing.get_song(album.songs[0].id)
    assert song.title == "Night Run 1"
    found = client.searching.search("night", song_count=10)
    assert len(found.songs) == 3
    url = client.media_retrieval.stream(song.id)
    part = httpx.get(url, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == AUDIO[10:20]
    path = client.media_retrieval.get_cover_art(album.cover_art.id, tmp_path / "cover.png", size=50)
    assert Image.open(path).size == (50, 50)
    client.media_annotation.star_song(song.id)
    client.media_annotation.set_rating(song.id, 3)
    assert [s.id for s in client.lists.get_starred().songs] == [song.id]
    playlist = client.playlists.create_playlist("Knuckles mix", song_ids=[album.songs[1].id])
    client.playlists.update_playlist(playlist.id, comment="edited", song_ids_to_add=[album.songs[2].id])
    again = client.playlists.get_playlist(playlist.id)
    assert again.comment == "edited" and [s.id for s in again.songs] == [album.songs[1].id, album.songs[2].id]
    client.media_annotation.scrobble([song.id], [datetime.now(UTC)], submission=False)
    assert [e.song.id for e in client.lists.get_now_playing()] == [song.id]
    client.bookmarks.save_play_queue([s.id for s in album.songs], album.songs[1].id, 42_000)


def test_a_play_queue_saved_on_one_client_resumes_on_another(server, library):
    phone = knuckles.Subsonic(url=f"127.0.0.1:{server}", user="ann", password=library.ann_key,
                              client="phone", use_https=False)
    ids = [str(t.id) for t in library.tracks]
    phone.bookmarks.save_play_queue(ids[::-1], ids[1], 42_000)
    car = libsonic.Connection("http://127.0.0.1", "ann", library.ann_key, port=server, appName="car")
    queue = car.getPlayQueue()["playQueue"]
    assert [e["id"] for e in queue["entry"]] == ids[::-1]
    assert queue["current"] == ids[1] and queue["position"] == 42_000 and queue["changedBy"] == "phone"
    assert car.savePlayQueue([ids[0]], current=ids[0], position=5)
    restored = phone.bookmarks.get_play_queue()
    assert [s.id for s in restored.songs] == [ids[0]] and restored.position == 5


def test_an_api_key_over_plain_http(server, library):
    base = f"http://127.0.0.1:{server}/rest"
    params = {"apiKey": library.ann_key, "c": "pytest", "v": "1.16.1", "f": "json"}
    assert httpx.get(f"{base}/ping.view", params=params).json()["subsonic-response"]["status"] == "ok"
    lyrics = httpx.get(f"{base}/getLyricsBySongId", params={**params, "id": library.tracks[0].id}).json()
    lines = lyrics["subsonic-response"]["lyricsList"]["structuredLyrics"][0]["line"]
    assert lines[0] == {"start": 1000, "value": "First line"}
    part = httpx.get(f"{base}/stream", params={**params, "id": library.tracks[2].id}, headers={"Range": "bytes=-16"})
    assert part.status_code == 206 and part.content == AUDIO[-16:]


def test_py_sonic_browses_folders_and_keeps_bookmarks(server, library):
    """DSub and Ultrasonic browse by folder: index → artist folder → album folder → songs."""
    conn = libsonic.Connection("http://127.0.0.1", "ann", library.ann_key, port=server, appName="folders")
    artist = conn.getIndexes()["indexes"]["index"][0]["artist"][0]
    albums = conn.getMusicDirectory(artist["id"])["directory"]["child"]
    songs = conn.getMusicDirectory(albums[0]["id"])["directory"]["child"]
    assert [s["title"] for s in songs] == ["Night Run 1", "Night Run 2", "Night Run 3"]
    assert conn.stream(songs[0]["id"]).read() == AUDIO
    assert conn.createBookmark(songs[1]["id"], 83_000, comment="bridge")
    marks = conn.getBookmarks()["bookmarks"]["bookmark"]
    assert [(m["entry"]["id"], m["position"], m["comment"]) for m in marks] == [(songs[1]["id"], 83_000, "bridge")]
    assert conn.deleteBookmark(songs[1]["id"])
    assert not conn.getBookmarks()["bookmarks"].get("bookmark")


def test_knuckles_bookmarks_resume_on_another_client(server, library):
    phone = knuckles.Subsonic(url=f"127.0.0.1:{server}", user="ann", password=library.ann_key,
                              client="phone", use_https=False)
    song = str(library.tracks[2].id)
    phone.bookmarks.create_bookmark(song, 12_000, "resume here")
    car = libsonic.Connection("http://127.0.0.1", "ann", library.ann_key, port=server, appName="car")
    [mark] = car.getBookmarks()["bookmarks"]["bookmark"]
    assert mark["entry"]["id"] == song and mark["position"] == 12_000 and mark["comment"] == "resume here"
    phone.bookmarks.update_bookmark(song, 15_000)
    assert [(b.song.id, b.position) for b in phone.bookmarks.get_bookmarks()] == [(song, 15_000)]
    phone.bookmarks.delete_bookmark(song)
    assert phone.bookmarks.get_bookmarks() == []
    folder = phone.browsing.get_music_directory(f"ar-{library.artist.id}")
    albums = folder.songs or []  # knuckles reads every child as a Song, album folders included
    assert [(a.id, a.title) for a in albums] == [(f"al-{library.album.id}", "Night Run")]
    songs = phone.browsing.get_music_directory(albums[0].id).songs or []
    assert [s.title for s in songs] == ["Night Run 1", "Night Run 2", "Night Run 3"]
