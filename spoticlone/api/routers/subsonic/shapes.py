"""The catalog's DTOs in the shapes Subsonic apps read (``Child``, ``AlbumID3``, ``ArtistID3``, ...).

Field names and types follow the OpenSubsonic response documentation; ids are strings.
Cover art ids carry a kind prefix (``al-``, ``ar-``, ``tr-``, ``pl-``) because one
``getCoverArt`` call serves every kind. Folder browsing (``getIndexes``, ``getMusicDirectory``,
the non-ID3 lists) names its directories the same way: an artist folder is ``ar-<id>``, an
album folder ``al-<id>`` (a song's ``parent``), while songs keep their plain ids. Our ids
are per table, so without the prefix artist 5 and album 5 would be the same folder; Navidrome
avoids that with ids unique across kinds, we with the kind in the id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from spoticlone.services.catalog.dto import AlbumOut, ArtistOut, GenreOut, TrackOut
from spoticlone.services.library.dto import PlaylistOut

_MIME = {"mp3": "audio/mpeg", "flac": "audio/flac", "ogg": "audio/ogg", "opus": "audio/ogg",
         "m4a": "audio/mp4", "aac": "audio/aac", "wav": "audio/wav", "webm": "audio/webm"}


@dataclass
class Marks:
    """The caller's own marks on what is shown: liked songs, saved albums, followed artists."""

    songs: set[int] = field(default_factory=set)
    albums: set[int] = field(default_factory=set)
    artists: set[int] = field(default_factory=set)
    #: What ``starred`` says for a marked item (Subsonic wants a date; we keep no star time here).
    when: str = field(default_factory=lambda: iso(datetime.now(UTC)))


def iso(moment: datetime | date | None) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, datetime):
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{moment.isoformat()}T00:00:00Z"


def genre(out: GenreOut, album_count: int = 0) -> dict:
    return {"value": out.name, "songCount": out.track_count, "albumCount": album_count}


def song(track: TrackOut, marks: Marks | None = None) -> dict:
    """A song as a Subsonic ``Child``."""
    marks = marks or Marks()
    suffix = (track.audio_format or "mp3").lower()
    return {
        "id": str(track.id),
        "parent": folder_id("al", track.album_id) if track.album_id else None,
        "isDir": False,
        "title": track.title,
        "album": track.album_title,
        "artist": track.artist.name,
        "track": track.track_number,
        "year": track.release_date.year if track.release_date else None,
        "genre": track.genre.name if track.genre else None,
        "coverArt": f"tr-{track.id}",
        "contentType": _MIME.get(suffix, "application/octet-stream"),
        "suffix": suffix,
        "duration": track.duration_ms // 1000,
        "bitRate": (track.bitrate // 1000 if track.bitrate and track.bitrate > 10_000 else track.bitrate),
        "samplingRate": track.sample_rate,
        "discNumber": track.disc_number,
        "albumId": str(track.album_id) if track.album_id else None,
        "artistId": str(track.artist.id),
        "type": "music",
        "mediaType": "song",
        "isVideo": False,
        "playCount": track.play_count,
        "starred": marks.when if track.id in marks.songs else None,
        "explicitStatus": "explicit" if track.explicit else "",
        "genres": [{"name": track.genre.name}] if track.genre else [],
        "artists": [{"id": str(track.artist.id), "name": track.artist.name}]
        + [{"id": str(a.id), "name": a.name} for a in track.featured],
    }


def album(out: AlbumOut, marks: Marks | None = None) -> dict:
    """An album as ``AlbumID3``."""
    marks = marks or Marks()
    return {
        "id": str(out.id),
        "name": out.title,
        "artist": out.artist.name,
        "artistId": str(out.artist.id),
        "coverArt": f"al-{out.id}",
        "songCount": out.track_count,
        "duration": out.duration_ms // 1000,
        "created": iso(out.release_date) or "1970-01-01T00:00:00Z",
        "year": out.year,
        "genre": out.genre.name if out.genre else None,
        "starred": marks.when if out.id in marks.albums else None,
        "genres": [{"name": out.genre.name}] if out.genre else [],
        "releaseTypes": [out.kind],
        "isCompilation": False,
    }


def artist(out: ArtistOut, marks: Marks | None = None) -> dict:
    """An artist as ``ArtistID3``."""
    marks = marks or Marks()
    return {
        "id": str(out.id),
        "name": out.name,
        "coverArt": f"ar-{out.id}",
        "albumCount": out.album_count,
        "starred": marks.when if out.id in marks.artists else None,
    }


def folder_id(kind: str, ident: int) -> str:
    """A directory id for folder browsing: ``ar-<artist id>`` or ``al-<album id>``."""
    return f"{kind}-{ident}"


def folder_artist(out: ArtistOut, marks: Marks | None = None) -> dict:
    """An artist as a folder (Subsonic's ``Artist``, as ``getIndexes`` and the non-ID3 lists show it)."""
    marks = marks or Marks()
    return {"id": folder_id("ar", out.id), "name": out.name,
            "starred": marks.when if out.id in marks.artists else None}


def album_folder(out: AlbumOut, marks: Marks | None = None) -> dict:
    """An album as a directory ``Child`` (``isDir``), inside its artist's folder."""
    marks = marks or Marks()
    return {
        "id": folder_id("al", out.id),
        "parent": folder_id("ar", out.artist.id),
        "isDir": True,
        "title": out.title,
        "album": out.title,
        "artist": out.artist.name,
        "year": out.year,
        "genre": out.genre.name if out.genre else None,
        "coverArt": f"al-{out.id}",
        "duration": out.duration_ms // 1000,
        "created": iso(out.release_date) or "1970-01-01T00:00:00Z",
        "starred": marks.when if out.id in marks.albums else None,
        "albumId": str(out.id),
        "artistId": str(out.artist.id),
        "mediaType": "album",
    }


def index_letter(name: str) -> str:
    first = name.strip()[:1].upper()
    return first if first.isalpha() else "#"


def indexes(artists: list[ArtistOut], marks: Marks, *, folders: bool = False) -> list[dict]:
    """Artists grouped by first letter: ``ArtistID3`` for ``getArtists``, folders for ``getIndexes``."""
    groups: dict[str, list[dict]] = {}
    for out in artists:
        groups.setdefault(index_letter(out.name), []).append((folder_artist if folders else artist)(out, marks))
    return [{"name": letter, "artist": items} for letter, items in sorted(groups.items())]


def playlist(out: PlaylistOut) -> dict:
    return {
        "id": str(out.id),
        "name": out.name,
        "comment": out.description or None,
        "owner": out.owner.username,
        "public": out.visibility == "public",
        "songCount": out.track_count,
        "duration": out.duration_ms // 1000,
        "created": iso(out.created_at),
        "changed": iso(out.updated_at),
        "coverArt": f"pl-{out.id}",
        # No OpenSubsonic ``readonly``: knuckles 1.2 builds its Playlist from every field and
        # refuses one it does not know, so sending it breaks that client.
    }
