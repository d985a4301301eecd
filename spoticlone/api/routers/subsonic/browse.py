"""System and browsing endpoints: ping, licence, extensions, folders, artists, albums, songs,
genres, album and song lists, search.

Each handler reads parameters, calls the catalog, search or Subsonic services and shapes
the DTOs; the services decide what is visible (published music only).
"""

from __future__ import annotations

from spoticlone.api.routers.subsonic import shapes
from spoticlone.api.routers.subsonic.context import Call, endpoint
from spoticlone.api.routers.subsonic.protocol import NOT_AUTHORIZED, SubsonicError, identifier, parse_id
from spoticlone.services.catalog import browse
from spoticlone.services.core.actor import is_admin
from spoticlone.services.search import engine
from spoticlone.services.subsonic import catalog, listening as subsonic_listening

#: The single music folder: the whole published catalog.
MUSIC_FOLDER = {"id": 1, "name": "Music"}
EXTENSIONS = [
    {"name": "apiKeyAuthentication", "versions": [1]},
    {"name": "formPost", "versions": [1]},
    {"name": "songLyrics", "versions": [1]},
    {"name": "transcodeOffset", "versions": []},
]
SEARCH_MAX = 500


@endpoint("ping")
def ping(call: Call) -> dict:
    return {}


@endpoint("getLicense")
def get_license(call: Call) -> dict:
    return {"license": {"valid": True}}


@endpoint("getOpenSubsonicExtensions")
def get_extensions(call: Call) -> dict:
    return {"openSubsonicExtensions": EXTENSIONS}


@endpoint("getMusicFolders")
def get_music_folders(call: Call) -> dict:
    return {"musicFolders": {"musicFolder": [MUSIC_FOLDER]}}


@endpoint("getScanStatus", "startScan")
def get_scan_status(call: Call) -> dict:
    # Music arrives through uploads and imports, indexed as it lands: there is never a scan to wait for.
    return {"scanStatus": {"scanning": False, "count": 0}}


@endpoint("getArtists", "getIndexes")
def get_artists(call: Call) -> dict:
    artists = catalog.all_artists(call.session)
    followed = {a.id for a in subsonic_listening.followed_artists(call.session, actor=call.actor)}
    marks = shapes.Marks(artists=followed)
    if call.method == "getindexes":
        return {"indexes": {"ignoredArticles": "", "lastModified": 0,
                            "index": shapes.indexes(artists, marks, folders=True)}}
    return {"artists": {"ignoredArticles": "", "index": shapes.indexes(artists, marks)}}


def folder(raw: str) -> tuple[str, int]:
    """The kind and id of a folder id: ``ar-5`` an artist, ``al-7`` or a plain ``7`` an album.

    A plain number is an album because that is what a song's ``albumId`` says.
    """
    kind, _, number = raw.rpartition("-")
    if kind not in ("ar", "al"):
        return "al", parse_id(raw)
    return kind, parse_id(number)


@endpoint("getMusicDirectory")
def get_music_directory(call: Call) -> dict:
    """Folder browsing as DSub and Ultrasonic do it: an artist's folder holds albums, an album's songs."""
    kind, ident = folder(call.params.required("id"))
    if kind == "ar":
        artist, albums = catalog.artist_with_albums(call.session, artist_id=ident)
        followed = {a.id for a in subsonic_listening.followed_artists(call.session, actor=call.actor)}
        marks = call.marks(albums=[a.id for a in albums])
        marks.artists = followed
        return {"directory": {"id": shapes.folder_id("ar", artist.id), "name": artist.name,
                              "starred": marks.when if artist.id in followed else None,
                              "child": [shapes.album_folder(a, marks) for a in albums]}}
    detail = browse.get_album(call.session, album_id=ident)
    marks = call.marks(songs=[t.id for t in detail.tracks], albums=[detail.album.id])
    return {"directory": {"id": shapes.folder_id("al", detail.album.id),
                          "parent": shapes.folder_id("ar", detail.album.artist.id), "name": detail.album.title,
                          "starred": marks.when if detail.album.id in marks.albums else None,
                          "child": [shapes.song(t, marks) for t in detail.tracks]}}


@endpoint("getArtist")
def get_artist(call: Call) -> dict:
    artist, albums = catalog.artist_with_albums(call.session, artist_id=identifier(call.params))
    marks = call.marks(albums=[a.id for a in albums])
    return {"artist": {**shapes.artist(artist), "album": [shapes.album(a, marks) for a in albums]}}


@endpoint("getAlbum")
def get_album(call: Call) -> dict:
    detail = browse.get_album(call.session, album_id=identifier(call.params))
    marks = call.marks(songs=[t.id for t in detail.tracks], albums=[detail.album.id])
    return {"album": {**shapes.album(detail.album, marks), "song": [shapes.song(t, marks) for t in detail.tracks]}}


@endpoint("getSong")
def get_song(call: Call) -> dict:
    track = browse.get_track(call.session, track_id=identifier(call.params))
    return {"song": shapes.song(track, call.marks(songs=[track.id]))}


@endpoint("getGenres")
def get_genres(call: Call) -> dict:
    return {"genres": {"genre": [shapes.genre(g, albums) for g, albums in catalog.all_genres(call.session)]}}


def _years(call: Call) -> tuple[int | None, int | None]:
    return (call.params.integer("fromYear", low=1, high=9999), call.params.integer("toYear", low=1, high=9999))


@endpoint("getAlbumList2", "getAlbumList")
def get_album_list(call: Call) -> dict:
    from_year, to_year = _years(call)
    albums = catalog.album_list(
        call.session, actor=call.actor, list_type=call.params.required("type"),
        size=call.params.integer("size", 10, high=catalog.MAX_SIZE) or 0,
        offset=call.params.integer("offset", 0) or 0,
        from_year=from_year, to_year=to_year, genre=call.params.get("genre"),
    )
    marks = call.marks(albums=[a.id for a in albums])
    if call.method == "getalbumlist":
        return {"albumList": {"album": [shapes.album_folder(a, marks) for a in albums]}}
    return {"albumList2": {"album": [shapes.album(a, marks) for a in albums]}}


@endpoint("getRandomSongs")
def get_random_songs(call: Call) -> dict:
    from_year, to_year = _years(call)
    tracks = catalog.random_tracks(call.session, size=call.params.integer("size", 10, high=catalog.MAX_SIZE) or 0,
                                   genre=call.params.get("genre"), from_year=from_year, to_year=to_year)
    marks = call.marks(songs=[t.id for t in tracks])
    return {"randomSongs": {"song": [shapes.song(t, marks) for t in tracks]}}


@endpoint("getSongsByGenre")
def get_songs_by_genre(call: Call) -> dict:
    tracks = catalog.tracks_of_genre(call.session, genre=call.params.required("genre"),
                                     size=call.params.integer("count", 10, high=catalog.MAX_SIZE) or 0,
                                     offset=call.params.integer("offset", 0) or 0)
    marks = call.marks(songs=[t.id for t in tracks])
    return {"songsByGenre": {"song": [shapes.song(t, marks) for t in tracks]}}


@endpoint("getNowPlaying")
def get_now_playing(call: Call) -> dict:
    entries = [{**shapes.song(track), "username": username, "minutesAgo": minutes, "playerId": 0}
               for username, minutes, track in subsonic_listening.now_playing(call.session, actor=call.actor)]
    return {"nowPlaying": {"entry": entries}}


def _wanted(call: Call, kind: str, default: int) -> tuple[int, int]:
    return (call.params.integer(f"{kind}Count", default, high=SEARCH_MAX) or 0,
            call.params.integer(f"{kind}Offset", 0) or 0)


@endpoint("search3", "search2")
def search3(call: Call) -> dict:
    query = (call.params.get("query") or "").strip()
    if query in ('""', "''", "*"):
        query = ""
    counts = {kind: _wanted(call, kind, 20) for kind in ("artist", "album", "song")}
    if not query:
        artists, albums, songs = (
            catalog.library_page(call.session, kind=kind, count=counts[kind][0], offset=counts[kind][1])
            for kind in ("artist", "album", "song"))
    else:
        most = max(sum(counts[k]) for k in counts)
        found = engine.search(call.session, query=query, limit_per_group=min(max(most, 1), engine.MAX_LIMIT),
                              groups=("tracks", "artists", "albums"))
        artists = found.artists[counts["artist"][1]:sum(counts["artist"])]
        albums = found.albums[counts["album"][1]:sum(counts["album"])]
        songs = found.tracks[counts["song"][1]:sum(counts["song"])]
    marks = call.marks(songs=[t.id for t in songs], albums=[a.id for a in albums])
    if call.method == "search2":
        return {"searchResult2": {"artist": [shapes.folder_artist(a) for a in artists],
                                  "album": [shapes.album_folder(a, marks) for a in albums],
                                  "song": [shapes.song(t, marks) for t in songs]}}
    return {"searchResult3": {"artist": [shapes.artist(a) for a in artists],
                              "album": [shapes.album(a, marks) for a in albums],
                              "song": [shapes.song(t, marks) for t in songs]}}


@endpoint("getUser")
def get_user(call: Call) -> dict:
    username = call.params.required("username")
    if username.lower() != call.actor.username.lower():
        raise SubsonicError(NOT_AUTHORIZED, "Only your own account can be shown here.")
    admin = is_admin(call.actor)
    return {"user": {
        "username": call.actor.username, "email": call.actor.email, "scrobblingEnabled": True,
        "adminRole": admin, "settingsRole": True, "downloadRole": True, "uploadRole": False,
        "playlistRole": True, "coverArtRole": False, "commentRole": False, "podcastRole": False,
        "streamRole": True, "jukeboxRole": False, "shareRole": False, "videoConversionRole": False,
        "folder": [MUSIC_FOLDER["id"]],
    }}


@endpoint("getInternetRadioStations")
def get_radio_stations(call: Call) -> dict:
    return {"internetRadioStations": {"internetRadioStation": []}}


@endpoint("getPodcasts")
def get_podcasts(call: Call) -> dict:
    return {"podcasts": {"channel": []}}


@endpoint("getTopSongs")
def get_top_songs(call: Call) -> dict:
    tracks = catalog.top_tracks_of(call.session, artist_name=call.params.required("artist"),
                                   count=call.params.integer("count", 50, high=catalog.MAX_SIZE) or 0)
    marks = call.marks(songs=[t.id for t in tracks])
    return {"topSongs": {"song": [shapes.song(t, marks) for t in tracks]}}


@endpoint("getSimilarSongs2", "getSimilarSongs")
def get_similar_songs(call: Call) -> dict:
    tracks = catalog.similar_tracks(call.session, track_id=identifier(call.params),
                                    count=call.params.integer("count", 50, high=catalog.MAX_SIZE) or 0)
    marks = call.marks(songs=[t.id for t in tracks])
    key = "similarSongs" if call.method == "getsimilarsongs" else "similarSongs2"
    return {key: {"song": [shapes.song(t, marks) for t in tracks]}}


@endpoint("getArtistInfo2", "getArtistInfo")
def get_artist_info(call: Call) -> dict:
    artist, _albums = catalog.artist_with_albums(call.session, artist_id=identifier(call.params))
    key = "artistInfo" if call.method == "getartistinfo" else "artistInfo2"
    return {key: {"biography": artist.bio or None, "similarArtist": []}}


@endpoint("getAlbumInfo2", "getAlbumInfo")
def get_album_info(call: Call) -> dict:
    browse.get_album(call.session, album_id=identifier(call.params))
    return {"albumInfo": {}}
