"""The OpenSubsonic response shapes as JSON Schemas, for checking what Spoticlone sends.

Written from the OpenSubsonic documentation's response pages (field names, types, which
fields are required). Objects are closed (``additionalProperties: false``): a misspelt
field (``albumID``) is as bad for an app as a missing one. ``int``/``long`` are JSON
integers, dates are ISO 8601 strings, ids are strings (folder ids of ``musicFolder`` and
``user.folder`` are the documented exceptions). Only what Spoticlone answers is described;
``schema_for(key)`` gives the whole ``subsonic-response`` document for one payload key.
"""

from __future__ import annotations

from typing import Any

ISO_8601 = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$"

STRING: dict = {"type": "string"}
INT: dict = {"type": "integer"}
NUMBER: dict = {"type": "number"}
BOOL: dict = {"type": "boolean"}
DATE: dict = {"type": "string", "pattern": ISO_8601}


def ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


def many(item: dict) -> dict:
    return {"type": "array", "items": item}


def shape(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict:
    """A closed object: every name in ``required`` must be there, ``optional`` may be."""
    return {"type": "object", "properties": {**required, **(optional or {})},
            "required": sorted(required), "additionalProperties": False}


ITEM_GENRE = shape({"name": STRING})
#: ``ArtistID3`` as the ``artists``/``albumArtists`` of a song or album: the required fields suffice.
ARTIST_REF = {"type": "object", "properties": {"id": STRING, "name": STRING}, "required": ["id", "name"]}
ITEM_DATE = shape({}, {"year": INT, "month": INT, "day": INT})

CHILD_FIELDS: dict[str, Any] = {
    "parent": STRING, "album": STRING, "artist": STRING, "track": INT, "year": INT, "genre": STRING,
    "coverArt": STRING, "size": INT, "contentType": STRING, "suffix": STRING, "transcodedContentType": STRING,
    "transcodedSuffix": STRING, "duration": INT, "bitRate": INT, "bitDepth": INT, "samplingRate": INT,
    "channelCount": INT, "path": STRING, "isVideo": BOOL, "userRating": {"type": "integer", "minimum": 1,
                                                                       "maximum": 5},
    "averageRating": NUMBER, "playCount": INT, "discNumber": INT, "created": DATE, "starred": DATE,
    "albumId": STRING, "artistId": STRING, "type": {"enum": ["music", "podcast", "audiobook", "video"]},
    "mediaType": {"enum": ["song", "album", "artist"]}, "bookmarkPosition": INT, "originalWidth": INT,
    "originalHeight": INT, "played": DATE, "bpm": INT, "comment": STRING, "sortName": STRING,
    "musicBrainzId": STRING, "isrc": many(STRING), "genres": many(ITEM_GENRE), "artists": many(ARTIST_REF),
    "displayArtist": STRING, "albumArtists": many(ARTIST_REF), "displayAlbumArtist": STRING,
    "displayComposer": STRING, "moods": many(STRING), "explicitStatus": {"enum": ["explicit", "clean", ""]},
    "groupings": many(STRING),
}
CHILD_REQUIRED = {"id": STRING, "isDir": BOOL, "title": STRING}

ALBUM_FIELDS: dict[str, Any] = {
    "version": STRING, "artist": STRING, "artistId": STRING, "coverArt": STRING, "playCount": INT,
    "starred": DATE, "year": INT, "genre": STRING, "played": DATE,
    "userRating": {"type": "integer", "minimum": 1, "maximum": 5}, "musicBrainzId": STRING,
    "genres": many(ITEM_GENRE), "artists": many(ARTIST_REF), "displayArtist": STRING,
    "releaseTypes": many(STRING), "moods": many(STRING), "sortName": STRING, "originalReleaseDate": ITEM_DATE,
    "releaseDate": ITEM_DATE, "isCompilation": BOOL, "explicitStatus": {"enum": ["explicit", "clean", ""]},
}
ALBUM_REQUIRED = {"id": STRING, "name": STRING, "songCount": INT, "duration": INT, "created": DATE}

ARTIST_ID3_FIELDS: dict[str, Any] = {
    "coverArt": STRING, "artistImageUrl": STRING, "albumCount": INT, "starred": DATE, "musicBrainzId": STRING,
    "sortName": STRING, "disambiguation": STRING, "roles": many(STRING),
}

PLAYLIST_REQUIRED = {"id": STRING, "name": STRING, "songCount": INT, "duration": INT, "created": DATE,
                     "changed": DATE}
PLAYLIST_FIELDS: dict[str, Any] = {"comment": STRING, "owner": STRING, "public": BOOL, "coverArt": STRING,
                                   "allowedUser": many(STRING), "readonly": BOOL, "validUntil": DATE}

DEFS: dict[str, dict] = {
    "Child": shape(CHILD_REQUIRED, CHILD_FIELDS),
    "AlbumID3": shape(ALBUM_REQUIRED, ALBUM_FIELDS),
    "AlbumID3WithSongs": shape(ALBUM_REQUIRED, {**ALBUM_FIELDS, "song": many(ref("Child"))}),
    "ArtistID3": shape({"id": STRING, "name": STRING}, ARTIST_ID3_FIELDS),
    "ArtistWithAlbumsID3": shape({"id": STRING, "name": STRING, "albumCount": INT},
                                 {**ARTIST_ID3_FIELDS, "album": many(ref("AlbumID3"))}),
    "Artist": shape({"id": STRING, "name": STRING}, {"artistImageUrl": STRING, "starred": DATE,
                                                     "userRating": INT, "averageRating": NUMBER}),
    "Index": shape({"name": STRING}, {"artist": many(ref("Artist"))}),
    "IndexID3": shape({"name": STRING}, {"artist": many(ref("ArtistID3"))}),
    "Directory": shape({"id": STRING, "name": STRING}, {
        "parent": STRING, "starred": DATE, "userRating": INT, "averageRating": NUMBER, "playCount": INT,
        "child": many(ref("Child"))}),
    "Playlist": shape(PLAYLIST_REQUIRED, PLAYLIST_FIELDS),
    "PlaylistWithSongs": shape(PLAYLIST_REQUIRED, {**PLAYLIST_FIELDS, "entry": many(ref("Child"))}),
    "NowPlayingEntry": shape({**CHILD_REQUIRED, "username": STRING, "minutesAgo": INT, "playerId": INT},
                             {**CHILD_FIELDS, "playerName": STRING, "state": STRING, "positionMs": INT,
                              "playbackRate": NUMBER}),
    "Bookmark": shape({"position": INT, "username": STRING, "created": DATE, "changed": DATE,
                       "entry": ref("Child")}, {"comment": STRING}),
    "Genre": shape({"value": STRING, "songCount": INT, "albumCount": INT}),
    "Line": shape({"value": STRING}, {"start": NUMBER}),
    "StructuredLyrics": shape({"lang": STRING, "synced": BOOL, "line": many(ref("Line"))},
                              {"displayArtist": STRING, "displayTitle": STRING, "offset": NUMBER,
                               "kind": STRING}),
    "Error": shape({"code": {"enum": [0, 10, 20, 30, 40, 41, 42, 43, 44, 50, 60, 70]}},
                   {"message": STRING, "helpUrl": STRING}),
}

ROLES = ("scrobblingEnabled", "adminRole", "settingsRole", "downloadRole", "uploadRole", "playlistRole",
         "coverArtRole", "commentRole", "podcastRole", "streamRole", "jukeboxRole", "shareRole",
         "videoConversionRole")

#: Each payload key an endpoint answers with, and its shape.
PAYLOADS: dict[str, dict] = {
    "license": shape({"valid": BOOL}, {"email": STRING, "licenseExpires": DATE, "trialExpires": DATE}),
    "openSubsonicExtensions": many(shape({"name": STRING, "versions": many(INT)})),
    "musicFolders": shape({}, {"musicFolder": many(shape({"id": INT}, {"name": STRING}))}),
    "scanStatus": shape({"scanning": BOOL}, {"count": INT}),
    "artists": shape({"ignoredArticles": STRING}, {"index": many(ref("IndexID3"))}),
    "indexes": shape({"ignoredArticles": STRING, "lastModified": INT}, {
        "shortcut": many(ref("Artist")), "child": many(ref("Child")), "index": many(ref("Index"))}),
    "directory": ref("Directory"),
    "artist": ref("ArtistWithAlbumsID3"),
    "album": ref("AlbumID3WithSongs"),
    "song": ref("Child"),
    "genres": shape({}, {"genre": many(ref("Genre"))}),
    "albumList": shape({}, {"album": many(ref("Child"))}),
    "albumList2": shape({}, {"album": many(ref("AlbumID3"))}),
    "randomSongs": shape({}, {"song": many(ref("Child"))}),
    "songsByGenre": shape({}, {"song": many(ref("Child"))}),
    "nowPlaying": shape({}, {"entry": many(ref("NowPlayingEntry"))}),
    "searchResult2": shape({}, {"artist": many(ref("Artist")), "album": many(ref("Child")),
                                "song": many(ref("Child"))}),
    "searchResult3": shape({}, {"artist": many(ref("ArtistID3")), "album": many(ref("AlbumID3")),
                                "song": many(ref("Child"))}),
    "starred": shape({}, {"artist": many(ref("Artist")), "album": many(ref("Child")), "song": many(ref("Child"))}),
    "starred2": shape({}, {"artist": many(ref("ArtistID3")), "album": many(ref("AlbumID3")),
                           "song": many(ref("Child"))}),
    "user": shape({"username": STRING, **{role: BOOL for role in ROLES}},
                  {"email": STRING, "maxBitRate": INT, "avatarLastChanged": DATE, "folder": many(INT)}),
    "internetRadioStations": shape({}, {"internetRadioStation": many(shape(
        {"id": STRING, "name": STRING, "streamUrl": STRING}, {"homePageUrl": STRING, "coverArt": STRING}))}),
    "podcasts": shape({}, {"channel": many({"type": "object"})}),
    "bookmarks": shape({}, {"bookmark": many(ref("Bookmark"))}),
    "topSongs": shape({}, {"song": many(ref("Child"))}),
    "similarSongs": shape({}, {"song": many(ref("Child"))}),
    "similarSongs2": shape({}, {"song": many(ref("Child"))}),
    "artistInfo": shape({}, {"biography": STRING, "musicBrainzId": STRING, "lastFmUrl": STRING,
                             "smallImageUrl": STRING, "mediumImageUrl": STRING, "largeImageUrl": STRING,
                             "similarArtist": many(ref("Artist"))}),
    "artistInfo2": shape({}, {"biography": STRING, "musicBrainzId": STRING, "lastFmUrl": STRING,
                              "smallImageUrl": STRING, "mediumImageUrl": STRING, "largeImageUrl": STRING,
                              "similarArtist": many(ref("ArtistID3"))}),
    "albumInfo": shape({}, {"notes": STRING, "musicBrainzId": STRING, "lastFmUrl": STRING,
                            "smallImageUrl": STRING, "mediumImageUrl": STRING, "largeImageUrl": STRING}),
    "playlists": shape({}, {"playlist": many(ref("Playlist"))}),
    "playlist": ref("PlaylistWithSongs"),
    "lyricsList": shape({}, {"structuredLyrics": many(ref("StructuredLyrics"))}),
    "playQueue": shape({"username": STRING, "changed": DATE, "changedBy": STRING},
                       {"current": STRING, "position": INT, "entry": many(ref("Child"))}),
    "error": ref("Error"),
}

ENVELOPE = {"status": {"enum": ["ok", "failed"]}, "version": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
            "type": STRING, "serverVersion": STRING, "openSubsonic": {"const": True}}


def schema_for(key: str | None) -> dict:
    """The whole answer (``{"subsonic-response": ...}``) carrying the payload ``key`` (None: none)."""
    payload = {key: PAYLOADS[key]} if key else {}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": DEFS,
        **shape({"subsonic-response": shape(dict(ENVELOPE), payload) | {"required": sorted(ENVELOPE | payload)}}),
    }
