"""Annotation, playlists and lyrics: stars are likes (songs), saves (albums) and follows
(artists); ratings, scrobbles and playlists go through the web's own services and checks.
"""

from __future__ import annotations

from spoticlone.api.routers.subsonic import shapes
from spoticlone.api.routers.subsonic.context import Call, endpoint
from spoticlone.api.routers.subsonic.protocol import NOT_FOUND, SubsonicError, identifier, parse_id
from spoticlone.services.catalog import lyrics
from spoticlone.services.core.dto import MAX_PAGE_SIZE
from spoticlone.services.library import collection, follows, ratings
from spoticlone.services.library.playlists import manage, tracks
from spoticlone.services.subsonic import bookmarks, catalog, listening as subsonic_listening, play_queue

#: Entries read for one ``getPlaylist`` (pages of the service's size).
PLAYLIST_MAX_ENTRIES = 10_000


def _ids(call: Call, name: str) -> list[int]:
    return [parse_id(raw) for raw in call.params.all(name)]


def _star_targets(call: Call) -> tuple[list[int], list[int], list[int]]:
    """Songs, albums and artists to (un)star: ``id`` may also name a folder (``al-7``, ``ar-5``)."""
    songs, albums, artists = [], _ids(call, "albumId"), _ids(call, "artistId")
    for raw in call.params.all("id"):
        kind, _, number = raw.rpartition("-")
        folder = {"al": albums, "ar": artists}.get(kind)
        if folder is None:
            songs.append(parse_id(raw))
        else:
            folder.append(parse_id(number))
    return songs, albums, artists


@endpoint("star")
def star(call: Call) -> dict:
    songs, albums, artists = _star_targets(call)
    for track_id in songs:
        collection.like_track(call.session, actor=call.actor, track_id=track_id)
    for album_id in albums:
        collection.save_album(call.session, actor=call.actor, album_id=album_id)
    for artist_id in artists:
        follows.follow_artist(call.session, actor=call.actor, artist_id=artist_id)
    return {}


@endpoint("unstar")
def unstar(call: Call) -> dict:
    songs, albums, artists = _star_targets(call)
    for track_id in songs:
        collection.unlike_track(call.session, actor=call.actor, track_id=track_id)
    for album_id in albums:
        collection.unsave_album(call.session, actor=call.actor, album_id=album_id)
    for artist_id in artists:
        follows.unfollow_artist(call.session, actor=call.actor, artist_id=artist_id)
    return {}


@endpoint("getStarred2", "getStarred")
def get_starred(call: Call) -> dict:
    songs = collection.liked_songs(call.session, actor=call.actor, page_size=MAX_PAGE_SIZE).items
    albums = collection.saved_albums(call.session, actor=call.actor, page_size=MAX_PAGE_SIZE).items
    artists = subsonic_listening.followed_artists(call.session, actor=call.actor)
    marks = shapes.Marks(songs={t.id for t in songs}, albums={a.id for a in albums}, artists={a.id for a in artists})
    if call.method == "getstarred":
        return {"starred": {"artist": [shapes.folder_artist(a, marks) for a in artists],
                            "album": [shapes.album_folder(a, marks) for a in albums],
                            "song": [shapes.song(t, marks) for t in songs]}}
    return {"starred2": {"artist": [shapes.artist(a, marks) for a in artists],
                         "album": [shapes.album(a, marks) for a in albums],
                         "song": [shapes.song(t, marks) for t in songs]}}


@endpoint("setRating")
def set_rating(call: Call) -> dict:
    target_id = identifier(call.params)
    stars = call.params.integer("rating", low=-1, high=6)
    if stars is None:
        call.params.required("rating")
    if stars == 0:
        ratings.remove_rating(call.session, actor=call.actor, target="track", target_id=target_id)
    else:
        ratings.rate(call.session, actor=call.actor, target="track", target_id=target_id, stars=stars or 0)
    return {}


@endpoint("scrobble")
def scrobble(call: Call) -> dict:
    submission = call.params.flag("submission", default=True)
    for track_id in _ids(call, "id") or [identifier(call.params)]:
        subsonic_listening.scrobble(call.session, actor=call.actor, track_id=track_id,
                                    submission=submission, client_ip=call.client_ip)
    return {}


@endpoint("getPlaylists")
def get_playlists(call: Call) -> dict:
    username = call.params.get("username") or call.actor.username
    found = manage.user_playlists(call.session, actor=call.actor, username=username)
    return {"playlists": {"playlist": [shapes.playlist(p) for p in found]}}


def _entries(call: Call, playlist_id: int):
    """Every playable entry of a playlist the actor may read, in order (page by page)."""
    detail = tracks.playlist_detail(call.session, actor=call.actor, playlist_id=playlist_id, page_size=MAX_PAGE_SIZE)
    items = list(detail.items)
    page = 1
    while len(items) < min(detail.total, PLAYLIST_MAX_ENTRIES) and page * MAX_PAGE_SIZE < detail.total:
        page += 1
        items += tracks.playlist_detail(call.session, actor=call.actor, playlist_id=playlist_id,
                                        page=page, page_size=MAX_PAGE_SIZE).items
    return detail.playlist, [item for item in items if item.track is not None]


def _playlist_answer(call: Call, playlist_id: int) -> dict:
    playlist, items = _entries(call, playlist_id)
    songs = [item.track for item in items if item.track is not None]
    marks = call.marks(songs=[t.id for t in songs])
    return {"playlist": {**shapes.playlist(playlist), "entry": [shapes.song(t, marks) for t in songs]}}


@endpoint("getPlaylist")
def get_playlist(call: Call) -> dict:
    return _playlist_answer(call, identifier(call.params))


@endpoint("createPlaylist")
def create_playlist(call: Call) -> dict:
    song_ids = _ids(call, "songId")
    # Services commit as they go: check the songs before creating or emptying anything.
    catalog.require_published(call.session, track_ids=song_ids)
    existing = call.params.get("playlistId")
    if existing:
        playlist_id = parse_id(existing)
        for item in _entries(call, playlist_id)[1]:
            tracks.remove_item(call.session, actor=call.actor, playlist_id=playlist_id, item_id=item.item_id,
                               store=call.store)
    else:
        created = manage.create_playlist(call.session, actor=call.actor, name=call.params.required("name"))
        playlist_id = created.id
    if song_ids:
        tracks.add_tracks(call.session, actor=call.actor, playlist_id=playlist_id, track_ids=song_ids,
                          allow_duplicate=True, store=call.store)
    return _playlist_answer(call, playlist_id)


@endpoint("updatePlaylist")
def update_playlist(call: Call) -> dict:
    playlist_id = identifier(call.params, "playlistId")
    additions = _ids(call, "songIdToAdd")
    catalog.require_published(call.session, track_ids=additions)
    name, comment, public = call.params.get("name"), call.params.get("comment"), call.params.get("public")
    if name is not None or comment is not None or public is not None:
        visibility = None if public is None else ("public" if call.params.flag("public") else "private")
        manage.update_playlist(call.session, actor=call.actor, playlist_id=playlist_id, name=name,
                               description=comment, visibility=visibility)
    removals = sorted({parse_id(raw) for raw in call.params.all("songIndexToRemove")}, reverse=True)
    if removals:
        items = _entries(call, playlist_id)[1]
        if removals[0] >= len(items):
            raise SubsonicError(NOT_FOUND, "There is no song at that position in the playlist.")
        for index in removals:
            tracks.remove_item(call.session, actor=call.actor, playlist_id=playlist_id,
                               item_id=items[index].item_id, store=call.store)
    if additions:
        tracks.add_tracks(call.session, actor=call.actor, playlist_id=playlist_id, track_ids=additions,
                          allow_duplicate=True, store=call.store)
    return {}


@endpoint("deletePlaylist")
def delete_playlist(call: Call) -> dict:
    manage.delete_playlist(call.session, actor=call.actor, playlist_id=identifier(call.params), store=call.store)
    return {}


@endpoint("getLyricsBySongId")
def get_lyrics_by_song_id(call: Call) -> dict:
    found = lyrics.lyrics_for_track(call.session, track_id=identifier(call.params))
    if not found.has_lyrics:
        return {"lyricsList": {"structuredLyrics": []}}
    if found.synced:
        lines = [{"start": line.time_ms, "value": line.text} for line in found.lines]
    else:
        lines = [{"value": line} for line in found.plain.splitlines()]
    return {"lyricsList": {"structuredLyrics": [
        {"lang": "und", "synced": found.synced, "offset": 0, "line": lines}]}}


@endpoint("savePlayQueue")
def save_play_queue(call: Call) -> dict:
    current = call.params.get("current")
    play_queue.save_play_queue(
        call.session, actor=call.actor, track_ids=_ids(call, "id")[:play_queue.MAX_TRACKS + 1],
        current_track_id=parse_id(current) if current else None,
        position_ms=call.params.integer("position", 0, high=play_queue.MAX_POSITION_MS) or 0,
        client=call.params.get("c") or "",
    )
    return {}


@endpoint("getPlayQueue")
def get_play_queue(call: Call) -> dict:
    saved = play_queue.get_play_queue(call.session, actor=call.actor)
    if saved is None:
        return {}
    marks = call.marks(songs=[t.id for t in saved.tracks])
    return {"playQueue": {
        "current": str(saved.current_track_id) if saved.current_track_id else None,
        "position": saved.position_ms, "username": call.actor.username,
        "changed": shapes.iso(saved.changed_at), "changedBy": saved.changed_by,
        "entry": [shapes.song(t, marks) for t in saved.tracks],
    }}


@endpoint("createBookmark")
def create_bookmark(call: Call) -> dict:
    position = call.params.integer("position", low=-1, high=bookmarks.MAX_POSITION_MS + 1)
    if position is None:
        call.params.required("position")
    bookmarks.create_bookmark(call.session, actor=call.actor, track_id=identifier(call.params),
                              position_ms=position or 0, comment=call.params.get("comment") or "")
    return {}


@endpoint("getBookmarks")
def get_bookmarks(call: Call) -> dict:
    found = bookmarks.list_bookmarks(call.session, actor=call.actor)
    marks = call.marks(songs=[b.track.id for b in found])
    return {"bookmarks": {"bookmark": [{
        "position": b.position_ms, "username": call.actor.username, "comment": b.comment or None,
        "created": shapes.iso(b.created_at), "changed": shapes.iso(b.changed_at),
        "entry": shapes.song(b.track, marks),
    } for b in found]}}


@endpoint("deleteBookmark")
def delete_bookmark(call: Call) -> dict:
    bookmarks.delete_bookmark(call.session, actor=call.actor, track_id=identifier(call.params))
    return {}
