"""Subsonic annotation, playlists and media over TestClient, and the access matrix's Subsonic column."""

from __future__ import annotations

import io

from PIL import Image
from sqlmodel import select

from spoticlone.models import PlayEvent, TrackLike, TrackStatus
from tests.api.subsonic.conftest import AUDIO


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


def test_access_matrix_subsonic_column(api, library):
    """Ann against Bob's private playlist and an unreleased song: every operation refused."""
    pid = library.bobs_private.id
    draft = library.draft.id
    refused = [
        ("getPlaylist", {"id": pid}),
        ("updatePlaylist", {"playlistId": pid, "name": "mine now"}),
        ("updatePlaylist", {"playlistId": pid, "songIdToAdd": library.tracks[2].id}),
        ("updatePlaylist", {"playlistId": pid, "songIndexToRemove": 0}),
        ("createPlaylist", {"playlistId": pid, "songId": library.tracks[2].id}),
        ("deletePlaylist", {"id": pid}),
        ("getCoverArt", {"id": f"pl-{pid}"}),
        ("getSong", {"id": draft}),
        ("stream", {"id": draft}),
        ("download", {"id": draft}),
        ("getLyricsBySongId", {"id": draft}),
        ("star", {"id": draft}),
        ("setRating", {"id": draft, "rating": 5}),
        ("scrobble", {"id": draft}),
    ]
    for method, params in refused:
        answer = body(api.get(f"/rest/{method}", params=as_user(library, **params)))
        assert answer["status"] == "failed" and answer["error"]["code"] in (50, 70), (method, answer)
    assert body(api.get("/rest/getPlaylists", params=as_user(library, username="bob")))["playlists"]["playlist"] == []
    mine = body(api.get("/rest/getPlaylist", params=as_user(library, "bob", id=pid)))["playlist"]
    assert len(mine["entry"]) == 2 and mine["name"] == "Bob secret"
    for method in ("getAlbum", "stream", "getPlaylist"):
        anonymous = body(api.get(f"/rest/{method}", params={"id": 1, "f": "json"}))
        assert anonymous["error"]["code"] == 10


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
