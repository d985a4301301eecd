"""Subsonic bookmarks (per listener and song) and folder browsing (getIndexes → getMusicDirectory)."""

from __future__ import annotations

from sqlmodel import select

from spoticlone.models import Bookmark, SavedAlbum, TrackStatus
from tests import factories


def body(response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()["subsonic-response"]


def call(api, library, method: str, who: str = "ann", **params) -> dict:
    key = library.ann_key if who == "ann" else library.bob_key
    return body(api.get(f"/rest/{method}", params={"u": who, "p": key, "c": "pytest", "f": "json", **params}))


def test_a_bookmark_is_saved_moved_listed_and_deleted(api, library, session):
    first, second = library.tracks[0], library.tracks[1]
    assert call(api, library, "createBookmark", id=first.id, position=61_500, comment="  the chorus ")["status"] == "ok"
    call(api, library, "createBookmark", id=second.id, position=1000)
    call(api, library, "createBookmark", id=first.id, position=90_000)
    marks = call(api, library, "getBookmarks")["bookmarks"]["bookmark"]
    assert [(b["entry"]["id"], b["position"]) for b in marks] == [(str(first.id), 90_000), (str(second.id), 1000)]
    assert marks[0]["username"] == "ann" and "comment" not in marks[0]
    assert marks[0]["entry"]["title"] == "Night Run 1"
    call(api, library, "createBookmark", id=first.id, position=90_000, comment="the chorus")
    assert call(api, library, "getBookmarks")["bookmarks"]["bookmark"][0]["comment"] == "the chorus"
    assert len(session.exec(select(Bookmark).where(Bookmark.user_id == library.ann.id)).all()) == 2
    assert call(api, library, "deleteBookmark", id=first.id)["status"] == "ok"
    assert [b["entry"]["id"] for b in call(api, library, "getBookmarks")["bookmarks"]["bookmark"]] == [str(second.id)]
    assert call(api, library, "deleteBookmark", id=first.id)["error"]["code"] == 70


def test_bookmarks_are_per_listener(api, library, session):
    song = library.tracks[2]
    call(api, library, "createBookmark", "bob", id=song.id, position=5000)
    assert call(api, library, "getBookmarks")["bookmarks"]["bookmark"] == []
    assert call(api, library, "deleteBookmark", id=song.id)["error"]["code"] == 70
    assert [b["position"] for b in call(api, library, "getBookmarks", "bob")["bookmarks"]["bookmark"]] == [5000]
    call(api, library, "createBookmark", id=song.id, position=7000)
    assert [b["position"] for b in call(api, library, "getBookmarks", "bob")["bookmarks"]["bookmark"]] == [5000]


def test_bookmark_refusals(api, library):
    song = library.tracks[0].id
    assert call(api, library, "createBookmark", id=library.draft.id, position=10)["error"]["code"] == 70
    assert call(api, library, "createBookmark", id=song)["error"]["code"] == 10
    assert call(api, library, "createBookmark", id=song, position=-5)["error"]["code"] == 0
    assert call(api, library, "createBookmark", id=song, position="soon")["error"]["code"] == 0
    assert call(api, library, "createBookmark", id="99999", position=1)["error"]["code"] == 70
    assert call(api, library, "getBookmarks")["bookmarks"]["bookmark"] == []


def test_a_withdrawn_song_leaves_the_list_and_comes_back(api, library, session):
    song = library.tracks[1]
    call(api, library, "createBookmark", id=song.id, position=3000)
    song.status = TrackStatus.WITHDRAWN
    session.add(song)
    session.commit()
    assert call(api, library, "getBookmarks")["bookmarks"]["bookmark"] == []
    song.status = TrackStatus.PUBLISHED
    session.add(song)
    session.commit()
    assert [b["position"] for b in call(api, library, "getBookmarks")["bookmarks"]["bookmark"]] == [3000]


def test_folder_browsing_from_the_index_to_the_songs(api, library):
    indexes = call(api, library, "getIndexes")["indexes"]
    artist = indexes["index"][0]["artist"][0]
    assert artist == {"id": f"ar-{library.artist.id}", "name": "Nova Drive"}
    folder = call(api, library, "getMusicDirectory", id=artist["id"])["directory"]
    assert folder["id"] == artist["id"] and folder["name"] == "Nova Drive"
    albums = folder["child"]
    assert [(a["id"], a["isDir"], a["title"], a["parent"]) for a in albums] == [
        (f"al-{library.album.id}", True, "Night Run", artist["id"])]
    songs_folder = call(api, library, "getMusicDirectory", id=albums[0]["id"])["directory"]
    assert songs_folder["parent"] == artist["id"] and songs_folder["name"] == "Night Run"
    songs = songs_folder["child"]
    assert [s["title"] for s in songs] == ["Night Run 1", "Night Run 2", "Night Run 3"]
    assert {s["parent"] for s in songs} == {albums[0]["id"]} and not any(s["isDir"] for s in songs)
    # A song's albumId (a plain number) opens the same folder.
    same = call(api, library, "getMusicDirectory", id=songs[0]["albumId"])["directory"]
    assert same["id"] == songs_folder["id"] and [s["id"] for s in same["child"]] == [s["id"] for s in songs]
    listed = call(api, library, "getAlbumList", type="alphabeticalByName")["albumList"]["album"]
    assert [a["id"] for a in listed] == [albums[0]["id"]]


def test_folders_that_do_not_exist_or_hold_nothing_published(api, library, session):
    drafts_only = factories.make_album(session, title="Unreleased", artist_id=library.artist.id)
    factories.make_track(session, title="Hidden", artist_id=library.artist.id, album_id=drafts_only.id,
                         status=TrackStatus.DRAFT)
    quiet = factories.make_artist(session, stage_name="Quiet One")
    for bad in ("ar-999999", "al-999999", f"al-{drafts_only.id}", f"ar-{quiet.id}", "xx-1", "ar-", "al-abc", "-1"):
        assert call(api, library, "getMusicDirectory", id=bad)["error"]["code"] == 70, bad
    assert call(api, library, "getMusicDirectory")["error"]["code"] == 10
    names = [a["title"] for a in call(api, library, "getMusicDirectory", id=f"ar-{library.artist.id}")
             ["directory"]["child"]]
    assert names == ["Night Run"]


def test_folders_can_be_starred_by_their_ids(api, library, session):
    call(api, library, "star", id=[f"al-{library.album.id}", f"ar-{library.artist.id}", str(library.tracks[0].id)])
    assert session.exec(select(SavedAlbum).where(SavedAlbum.user_id == library.ann.id)).first() is not None
    starred = call(api, library, "getStarred")["starred"]
    assert [a["id"] for a in starred["album"]] == [f"al-{library.album.id}"]
    assert [a["id"] for a in starred["artist"]] == [f"ar-{library.artist.id}"]
    assert [s["id"] for s in starred["song"]] == [str(library.tracks[0].id)]
    folder = call(api, library, "getMusicDirectory", id=f"al-{library.album.id}")["directory"]
    assert folder["starred"]
    assert call(api, library, "star", id="xx-1")["error"]["code"] == 70
    call(api, library, "unstar", id=f"al-{library.album.id}")
    assert call(api, library, "getStarred")["starred"]["album"] == []


def test_a_listener_keeps_a_bounded_number_of_bookmarks(api, library, monkeypatch):
    from spoticlone.services.subsonic import bookmarks

    monkeypatch.setattr(bookmarks, "MAX_BOOKMARKS", 2)
    first, second, third = (t.id for t in library.tracks)
    call(api, library, "createBookmark", id=first, position=1)
    call(api, library, "createBookmark", id=second, position=2)
    refused = call(api, library, "createBookmark", id=third, position=3)
    assert refused["error"]["code"] == 0 and "at most 2 bookmarks" in refused["error"]["message"]
    assert call(api, library, "createBookmark", id=first, position=10)["status"] == "ok"  # moving one is fine
    assert call(api, library, "createBookmark", "bob", id=third, position=3)["status"] == "ok"
