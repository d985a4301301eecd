"""Write proper metadata into demo audio files before they are ingested.

The demo goes through the same ``ingest_file`` path as an artist's upload, and
that path reads the file's own tags; so the files must carry complete, standard
tags (Vorbis comments for Opus and FLAC, ID3v2.4 for MP3) with the cover art
embedded, exactly as a well-tagged file from a real artist would.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import mutagen
from mutagen.flac import FLAC, Picture
from mutagen.id3 import APIC, ID3, TALB, TCON, TDRC, TIT2, TPE1, TPE2, TPOS, TRCK, USLT, ID3NoHeaderError
from mutagen.oggopus import OggOpus

COVER_MIME = "image/jpeg"
_FRONT_COVER = 3  # APIC / FLAC picture type "Cover (front)"


@dataclass(frozen=True)
class TrackTags:
    title: str
    artist: str
    album: str
    track_number: int
    track_total: int
    disc_number: int
    genre: str
    release_date: date
    lyrics: str = ""  # LRC text for synced tracks, empty for instrumentals
    cover_jpeg: bytes | None = None


def duration_seconds(path: Path) -> float:
    """Real playing time of the file, read from its headers by mutagen."""
    audio = mutagen.File(path)
    if audio is None or not getattr(audio, "info", None):
        raise ValueError(f"{path.name}: not an audio file mutagen understands")
    return float(audio.info.length)


def _picture(cover: bytes, width: int = 1000, height: int = 1000) -> Picture:
    pic = Picture()
    pic.type = _FRONT_COVER
    pic.mime = COVER_MIME
    pic.desc = "Front cover"
    pic.width, pic.height, pic.depth = width, height, 24
    pic.data = cover
    return pic


def _vorbis_fields(tags: TrackTags) -> dict[str, str]:
    fields = {
        "TITLE": tags.title,
        "ARTIST": tags.artist,
        "ALBUMARTIST": tags.artist,
        "ALBUM": tags.album,
        "TRACKNUMBER": str(tags.track_number),
        "TRACKTOTAL": str(tags.track_total),
        "DISCNUMBER": str(tags.disc_number),
        "GENRE": tags.genre,
        "DATE": tags.release_date.isoformat(),
    }
    if tags.lyrics:
        fields["LYRICS"] = tags.lyrics
    return fields


def tag_opus(path: Path, tags: TrackTags) -> None:
    """Vorbis comments; the cover goes in METADATA_BLOCK_PICTURE (base64 FLAC picture)."""
    audio = OggOpus(path)
    audio.delete()  # drop encoder leftovers so only our tags remain
    for key, value in _vorbis_fields(tags).items():
        audio[key] = [value]
    if tags.cover_jpeg:
        block = base64.b64encode(_picture(tags.cover_jpeg).write()).decode("ascii")
        audio["METADATA_BLOCK_PICTURE"] = [block]
    audio.save()


def tag_flac(path: Path, tags: TrackTags) -> None:
    audio = FLAC(path)
    audio.delete()
    audio.clear_pictures()
    for key, value in _vorbis_fields(tags).items():
        audio[key] = [value]
    if tags.cover_jpeg:
        audio.add_picture(_picture(tags.cover_jpeg))
    audio.save()


def tag_mp3(path: Path, tags: TrackTags) -> None:
    """ID3v2.4 frames; lyrics (LRC text) in USLT, the common home for them in MP3."""
    try:
        id3 = ID3(path)
        id3.delete()
    except ID3NoHeaderError:
        pass
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TPE2(encoding=3, text=tags.artist))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TRCK(encoding=3, text=f"{tags.track_number}/{tags.track_total}"))
    id3.add(TPOS(encoding=3, text=str(tags.disc_number)))
    id3.add(TCON(encoding=3, text=tags.genre))
    id3.add(TDRC(encoding=3, text=tags.release_date.isoformat()))
    if tags.lyrics:
        id3.add(USLT(encoding=3, lang="eng", desc="", text=tags.lyrics))
    if tags.cover_jpeg:
        id3.add(APIC(encoding=3, mime=COVER_MIME, type=_FRONT_COVER, desc="Front cover", data=tags.cover_jpeg))
    id3.save(path, v2_version=4)


def tag_file(path: Path, tags: TrackTags) -> None:
    """Tag ``path`` in place, choosing the tag format from its extension."""
    suffix = Path(path).suffix.lower()
    writers = {".opus": tag_opus, ".ogg": tag_opus, ".flac": tag_flac, ".mp3": tag_mp3}
    if suffix not in writers:
        raise ValueError(f"cannot tag {suffix} files")
    writers[suffix](Path(path), tags)
