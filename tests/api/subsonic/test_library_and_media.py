"""Subsonic annotation, playlists and media over TestClient, and the access matrix's Subsonic column."""

from __future__ import annotations

import io

from PIL import Image
from sqlmodel import col, select

from spoticlone.models import Bookmark, PlayEvent, Rating, TrackLike, TrackStatus
from tests import factories
from tests.api.subsonic.conftest import AUDIO, LRC


def body(response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()["subsonic-response"]


def as_user(library, who: str = "ann", **extra) -> dict:
    key = library.ann_key if who == "ann" else library.bob_key
    return {"u": who, "p": key, "c": "pytest", "f": "json", **extra}


def test_stream_ranges_and_whole_files(api, library):
    track = library.tracks[0]
    whole = api.get("/rest/stream", params=as_user(library, id=track.id))
    assert whole.status_code == 200 and whole.content == AUDIO
    part = api.get("/rest/stream.view", params=as_user(library, id=track.id, maxBitRate=128),
                   headers={"Range": "bytes=100-299"})
    assert part.status_code == 206 and part.content == AUDIO[100:300]
    assert part.headers["content-range"] == f"bytes 100-299/{len(AUDIO)}"
    bad = api.get("/rest/stream", params=as_user(library, id=track.id), headers={"Range": "bytes=999999-"})
    assert bad.status_code == 416
    download = api.get("/rest/download", params=as_user(library, id=track.id))
    assert download.content == AUDIO and "attachment" in download.headers["content-disposition"]


def test_cover_art_at_a_size(api, library):
    big = api.get("/rest/getCoverArt", params=as_user(library, id=f"al-{library.album.id}"))
    assert Image.open(io.BytesIO(big.content)).size == (600, 600)
    small = api.get("/rest/getCoverArt", params=as_user(library, id=f"al-{library.album.id}", size=150))
    assert Image.open(io.BytesIO(small.content)).size == (150, 150)
    via_song = api.get("/rest/getCoverArt", params=as_user(library, id=f"tr-{library.tracks[1].id}", size=64))
    assert Image.open(io.BytesIO(via_song.content)).size == (64, 64)
    for unknown in ("al-999", "xx-1", "al-", "../etc/passwd", f"tr-{library.draft.id}"):
        assert body(api.get("/rest/getCoverArt", params=as_user(library, id=unknown)))["error"]["code"] == 70


def test_star_rate_and_starred(api, library, session):
    track, album = library.tracks[0], library.album
    assert body(api.get("/rest/star", params=as_user(library, id=track.id, albumId=album.id,
                                                     artistId=library.artist.id)))["status"] == "ok"
    starred = body(api.get("/rest/getStarred2", params=as_user(library)))["starred2"]
    assert [s["id"] for s in starred["song"]] == [str(track.id)] and starred["song"][0]["starred"]
    assert [a["id"] for a in starred["album"]] == [str(album.id)]
    assert [a["id"] for a in starred["artist"]] == [str(library.artist.id)]
    assert session.exec(select(TrackLike).where(TrackLike.user_id == library.ann.id)).all()
    assert body(api.get("/rest/getSong", params=as_user(library, id=track.id)))["song"]["starred"]
    body(api.get("/rest/unstar", params=as_user(library, id=track.id)))
    assert body(api.get("/rest/getStarred2", params=as_user(library)))["starred2"]["song"] == []
    assert body(api.get("/rest/setRating", params=as_user(library, id=track.id, rating=4)))["status"] == "ok"
    assert body(api.get("/rest/setRating", params=as_user(library, id=track.id, rating=0)))["status"] == "ok"
    assert body(api.get("/rest/setRating", params=as_user(library, id=track.id, rating=9)))["error"]["code"] == 0
    assert body(api.get("/rest/star", params=as_user(library, id=library.draft.id)))["error"]["code"] == 70


def test_scrobble_now_playing_then_submission(api, library, session):
    track = library.tracks[1]
    body(api.get("/rest/scrobble", params=as_user(library, id=track.id, submission="false")))
    events = session.exec(select(PlayEvent).where(PlayEvent.user_id == library.ann.id)).all()
    assert len(events) == 1 and not events[0].counted
    now = body(api.get("/rest/getNowPlaying", params=as_user(library, "bob")))["nowPlaying"]["entry"]
    assert now[0]["username"] == "ann" and now[0]["id"] == str(track.id)
    body(api.get("/rest/scrobble", params=as_user(library, id=track.id, submission="true")))
    session.expire_all()
    events = session.exec(select(PlayEvent).where(PlayEvent.user_id == library.ann.id)).all()
    # Submitted at once: not 30 seconds of listening, so it is not counted.
    assert len(events) == 1 and events[0].completed and not events[0].counted
    assert body(api.get("/rest/scrobble", params=as_user(library, id=library.draft.id)))["error"]["code"] == 70


def test_playlists_create_edit_delete(api, library):
    t1, t2, t3 = (str(t.id) for t in library.tracks)
    created = body(api.get("/rest/createPlaylist", params=as_user(library, name="Road trip", songId=[t1, t2])))
    playlist = created["playlist"]
    assert playlist["name"] == "Road trip" and [e["id"] for e in playlist["entry"]] == [t1, t2]
    pid = playlist["id"]
    body(api.get("/rest/updatePlaylist", params=as_user(library, playlistId=pid, name="Road trip 2",
                                                        comment="for the car", public="true",
                                                        songIdToAdd=t3, songIndexToRemove=0)))
    got = body(api.get("/rest/getPlaylist", params=as_user(library, id=pid)))["playlist"]
    assert got["name"] == "Road trip 2" and got["comment"] == "for the car" and got["public"] is True
    assert [e["id"] for e in got["entry"]] == [t2, t3]
    mine = body(api.get("/rest/getPlaylists", params=as_user(library)))["playlists"]["playlist"]
    assert [p["id"] for p in mine] == [pid]
    assert body(api.get("/rest/deletePlaylist", params=as_user(library, id=pid)))["status"] == "ok"
    assert body(api.get("/rest/getPlaylist", params=as_user(library, id=pid)))["error"]["code"] == 70


def _hidden_tracks(library, session, store) -> dict[str, int]:
    """A draft, a scheduled, a withdrawn and a moderator-hidden song, each with audio, lyrics and a cover."""
    hidden = {"draft": library.draft.id}
    for name, status in (("scheduled", TrackStatus.SCHEDULED), ("withdrawn", TrackStatus.WITHDRAWN),
                         ("hidden", TrackStatus.HIDDEN)):
        track = factories.make_track(
            session, title=f"Not for you {name}", artist_id=library.artist.id, album_id=library.album.id,
            genre_id=library.album.genre_id, audio_key=store.put_bytes("audio", "mp3", AUDIO),
            file_size=len(AUDIO), synced_lyrics=LRC, cover_key=library.album.cover_key, status=status)
        hidden[name] = track.id
    return hidden


def test_access_matrix_subsonic_column(api, library, session, store):
    """Ann against unpublished songs and Bob's playlists and bookmarks: every operation refused."""
    hidden = _hidden_tracks(library, session, store)
    bobs_public = factories.make_playlist(session, owner=library.bob, tracks=library.tracks[:1], name="Bob shares",
                                          visibility="public")
    body(api.get("/rest/createBookmark", params=as_user(library, "bob", id=library.tracks[0].id, position=42)))
    mine = body(api.get("/rest/createPlaylist", params=as_user(library, name="Mine")))["playlist"]["id"]
    refused: list[tuple[str, dict]] = []
    for state, song in hidden.items():
        refused += [
            ("getSong", {"id": song}), ("stream", {"id": song}), ("stream", {"id": song, "maxBitRate": 96}),
            ("download", {"id": song}), ("getCoverArt", {"id": f"tr-{song}"}),
            ("getLyricsBySongId", {"id": song}), ("star", {"id": song}), ("setRating", {"id": song, "rating": 5}),
            ("scrobble", {"id": song}), ("scrobble", {"id": song, "submission": "false"}),
            ("createBookmark", {"id": song, "position": 1000}), ("deleteBookmark", {"id": song}),
            ("getSimilarSongs2", {"id": song}), ("createPlaylist", {"name": f"With {state}", "songId": song}),
            ("updatePlaylist", {"playlistId": mine, "songIdToAdd": song}),
        ]
    for pid in (library.bobs_private.id, bobs_public.id):
        refused += [
            ("updatePlaylist", {"playlistId": pid, "name": "mine now"}),
            ("updatePlaylist", {"playlistId": pid, "comment": "mine now"}),
            ("updatePlaylist", {"playlistId": pid, "public": "false"}),
            ("updatePlaylist", {"playlistId": pid, "songIdToAdd": library.tracks[2].id}),
            ("updatePlaylist", {"playlistId": pid, "songIndexToRemove": 0}),
            ("createPlaylist", {"playlistId": pid, "songId": library.tracks[2].id}),
            ("createPlaylist", {"playlistId": pid}),
            ("deletePlaylist", {"id": pid}),
        ]
    refused += [
        ("getPlaylist", {"id": library.bobs_private.id}),
        ("getCoverArt", {"id": f"pl-{library.bobs_private.id}"}),
        ("deleteBookmark", {"id": library.tracks[0].id}),
    ]
    for method, params in refused:
        answer = body(api.get(f"/rest/{method}", params=as_user(library, **params)))
        assert answer["status"] == "failed" and answer["error"]["code"] in (50, 70), (method, params, answer)

    # What must not change or show: Bob's playlists and bookmark, and the hidden songs anywhere.
    bobs = {p["name"]: p["songCount"] for p in body(api.get("/rest/getPlaylists", params=as_user(library, "bob")))
            ["playlists"]["playlist"]}
    assert bobs == {"Bob secret": 2, "Bob shares": 1}
    assert [b["position"] for b in body(api.get("/rest/getBookmarks", params=as_user(library, "bob")))
            ["bookmarks"]["bookmark"]] == [42]
    assert body(api.get("/rest/getBookmarks", params=as_user(library)))["bookmarks"]["bookmark"] == []
    seen = [p["name"] for p in body(api.get("/rest/getPlaylists", params=as_user(library, username="bob")))
            ["playlists"]["playlist"]]
    assert seen == ["Bob shares"]
    assert body(api.get("/rest/getPlaylist", params=as_user(library, id=bobs_public.id)))["playlist"]["entry"]
    listed = _every_listed_song(api, library)
    assert listed and not listed & {str(i) for i in hidden.values()}
    wanted = set(hidden.values())
    for model, column in ((TrackLike, TrackLike.track_id), (Rating, Rating.track_id),
                          (PlayEvent, PlayEvent.track_id), (Bookmark, Bookmark.track_id)):
        assert not session.exec(select(model).where(col(column).in_(wanted))).all(), model.__name__
    assert [e["id"] for e in body(api.get("/rest/getPlaylist", params=as_user(library, id=mine)))["playlist"]
            .get("entry", [])] == []

    for method in ("getAlbum", "stream", "getPlaylist", "getBookmarks", "createBookmark", "getMusicDirectory"):
        anonymous = body(api.get(f"/rest/{method}", params={"id": 1, "f": "json"}))
        assert anonymous["error"]["code"] == 10
        wrong = body(api.get(f"/rest/{method}", params={"u": "ann", "p": "guess", "id": 1, "f": "json"}))
        assert wrong["error"]["code"] == 40


def _every_listed_song(api, library) -> set[str]:
    """Song ids in every list a Subsonic app reads."""
    found: set[str] = set()
    calls = [
        ("getAlbum", {"id": library.album.id}, ("album", "song")),
        ("getMusicDirectory", {"id": f"al-{library.album.id}"}, ("directory", "child")),
        ("search3", {"query": "", "songCount": 500}, ("searchResult3", "song")),
        ("search3", {"query": "not for you"}, ("searchResult3", "song")),
        ("getRandomSongs", {"size": 500}, ("randomSongs", "song")),
        ("getSongsByGenre", {"genre": "Synthwave", "count": 500}, ("songsByGenre", "song")),
        ("getTopSongs", {"artist": "Nova Drive", "count": 500}, ("topSongs", "song")),
        ("getSimilarSongs2", {"id": library.tracks[0].id, "count": 500}, ("similarSongs2", "song")),
        ("getPlaylist", {"id": library.bobs_private.id}, ("playlist", "entry")),
    ]
    for method, params, (key, field) in calls:
        who = "bob" if method == "getPlaylist" else "ann"
        answer = body(api.get(f"/rest/{method}", params=as_user(library, who, **params)))
        assert answer["status"] == "ok", (method, answer)
        found |= {s["id"] for s in answer[key].get(field, [])}
    return found


def test_play_queue_keeps_published_songs_only_and_is_per_listener(api, library, session):
    ids = [library.tracks[0].id, library.draft.id, library.tracks[2].id]
    body(api.get("/rest/savePlayQueue", params=as_user(library, id=ids, current=library.draft.id, position=-3)))
    queue = body(api.get("/rest/getPlayQueue", params=as_user(library)))["playQueue"]
    assert [e["id"] for e in queue["entry"]] == [str(library.tracks[0].id), str(library.tracks[2].id)]
    assert queue["current"] == str(library.tracks[0].id) and queue["position"] == 0
    assert "playQueue" not in body(api.get("/rest/getPlayQueue", params=as_user(library, "bob")))
    library.tracks[2].status = TrackStatus.DRAFT
    session.add(library.tracks[2])
    session.commit()
    queue = body(api.get("/rest/getPlayQueue", params=as_user(library)))["playQueue"]
    assert [e["id"] for e in queue["entry"]] == [str(library.tracks[0].id)]
    body(api.get("/rest/savePlayQueue", params=as_user(library)))
    assert "playQueue" not in body(api.get("/rest/getPlayQueue", params=as_user(library)))


def test_a_refused_call_leaves_nothing_half_written(api, library):
    answer = body(api.get("/rest/createPlaylist", params=as_user(library, name="Half", songId=library.draft.id)))
    assert answer["error"]["code"] == 70
    assert body(api.get("/rest/getPlaylists", params=as_user(library)))["playlists"]["playlist"] == []
