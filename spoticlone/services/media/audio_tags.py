"""Read the tags we care about from a parsed mutagen file, whatever its tag format.

Runs inside the probe child process. Three tag families cover every supported
format: ID3 (MP3, WAV, AIFF), Vorbis comments (FLAC, Ogg Vorbis, Opus) and MP4 atoms
(M4A). Each is flattened into one plain dict so the parent never sees mutagen
objects. Values are capped here so a tag stuffed with megabytes of text cannot
bloat the JSON handed back to the server.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re

log = logging.getLogger(__name__)

MAX_TEXT = 1000
MAX_LYRICS = 200_000
MAX_COVER_BYTES = 16 * 1024 * 1024

_FEAT = re.compile(r"\s+(?:feat\.?|ft\.?|featuring)\s+", re.IGNORECASE)
_FEAT_IN_TITLE = re.compile(r"\s*[(\[](?:feat\.?|ft\.?|featuring)\s+([^)\]]+)[)\]]", re.IGNORECASE)
_NAME_LIST = re.compile(r"\s*(?:,|&|;|\band\b)\s*", re.IGNORECASE)
LRC_LINE = re.compile(r"^\s*\[(\d{1,3}):(\d{2})(?:[.:](\d{1,3}))?\]")


def _text(value: object, limit: int = MAX_TEXT) -> str | None:
    if value is None:
        return None
    text = str(value).replace("\x00", " ").strip()
    return text[:limit] or None


def _first(values: object, limit: int = MAX_TEXT) -> str | None:
    if isinstance(values, (list, tuple)):
        for value in values:
            if (text := _text(value, limit)) is not None:
                return text
        return None
    return _text(values, limit)


def _number(value: object) -> int | None:
    """``"3/12"`` -> 3; anything unusable -> ``None``."""
    match = re.match(r"\s*(\d{1,4})", str(value or ""))
    number = int(match.group(1)) if match else 0
    return number if number > 0 else None


def is_lrc(text: str | None) -> bool:
    """A lyrics text counts as synced when most of its non-empty lines start with [mm:ss.xx]."""
    if not text:
        return False
    lines = [line for line in text.splitlines() if line.strip()]
    timed = sum(1 for line in lines if LRC_LINE.match(line))
    return timed > 0 and timed * 2 >= len(lines)


def split_artists(values: list[str], title: str | None) -> tuple[str | None, list[str]]:
    """Main artist and featured artists from artist values and a ``(feat. X)`` in the title.

    Multi-valued artist tags list the main artist first; ``"A feat. B & C"`` names
    B and C as guests. Plain ``&`` inside a name ("Simon & Garfunkel") is kept.
    """
    main: str | None = None
    featured: list[str] = []
    for value in values:
        head, *guests = _FEAT.split(value, maxsplit=1)
        if main is None:
            main = head.strip() or None
        else:
            featured.append(head.strip())
        for guest_list in guests:
            featured.extend(_NAME_LIST.split(guest_list))
    if title and (match := _FEAT_IN_TITLE.search(title)):
        featured.extend(_NAME_LIST.split(match.group(1)))
    seen, result = {(main or "").casefold()}, []
    for name in (n.strip()[:MAX_TEXT] for n in featured):
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return main, result


def _sylt_to_lrc(frame) -> str | None:
    """SYLT with millisecond timestamps -> LRC text (frame-count stamps cannot be timed)."""
    if getattr(frame, "format", None) != 2:
        log.info("skipping SYLT frame with non-millisecond timestamps")
        return None
    lines = []
    for text, ms in frame.text:
        minutes, rest = divmod(int(ms), 60_000)
        seconds, millis = divmod(rest, 1000)
        lines.append(f"[{minutes:02d}:{seconds:02d}.{millis // 10:02d}]{str(text).strip()}")
    return "\n".join(lines)[:MAX_LYRICS] or None


def _cover(data: bytes | None, mime: str | None) -> dict:
    if not data:
        return {}
    if len(data) > MAX_COVER_BYTES:
        log.warning("embedded cover of %d bytes is too large; ignoring it", len(data))
        return {}
    return {"cover": bytes(data), "cover_mime": mime}


def _from_id3(tags) -> dict:
    # The frames grouped by id in one pass: ``getall`` scans every frame for each id whose
    # frames carry a description or language (lyrics, pictures) and for each id missing.
    frames: dict[str, list] = {}
    for frame in tags.values():
        frames.setdefault(frame.FrameID, []).append(frame)

    def get(frame_id: str) -> list[str]:
        return [str(t) for frame in frames.get(frame_id, ()) for t in frame.text]

    out = {
        "title": _first(get("TIT2")),
        "artists": [a for a in (_text(v) for v in get("TPE1")) if a],
        "album_artist": _first(get("TPE2")),
        "album": _first(get("TALB")),
        "track_number": _number(_first(get("TRCK"))),
        "disc_number": _number(_first(get("TPOS"))),
        "date": _first(get("TDRC")) or _first(get("TYER")),
        "genre": next(iter(g for f in frames.get("TCON", ()) for g in f.genres), None),
    }
    for frame in frames.get("USLT", ()):
        if text := _text(frame.text, MAX_LYRICS):
            out["lyrics"] = text
            break
    for frame in frames.get("SYLT", ()):
        if lrc := _sylt_to_lrc(frame):
            out["synced_lyrics"] = lrc
            break
    pictures = list(frames.get("APIC", ()))
    pictures.sort(key=lambda p: p.type != 3)  # front cover first
    if pictures:
        out.update(_cover(pictures[0].data, pictures[0].mime))
    return out


def _picture_from_vorbis(values: list[str]):
    from mutagen.flac import Picture

    for value in values:
        try:
            return Picture(base64.b64decode(value))
        except Exception as exc:  # noqa: BLE001 - base64 and mutagen raise assorted types here
            log.warning("unreadable METADATA_BLOCK_PICTURE: %s", exc)
    return None


def _from_vorbis(tags, pictures) -> dict:
    def get(key: str) -> list[str]:
        return [str(v) for v in tags.get(key, [])] if tags is not None else []

    out = {
        "title": _first(get("title")),
        "artists": [a for a in (_text(v) for v in get("artist")) if a],
        "album_artist": _first(get("albumartist")) or _first(get("album artist")),
        "album": _first(get("album")),
        "track_number": _number(_first(get("tracknumber"))),
        "disc_number": _number(_first(get("discnumber"))),
        "date": _first(get("date")) or _first(get("year")),
        "genre": _first(get("genre")),
        "lyrics": _first(get("unsyncedlyrics"), MAX_LYRICS) or _first(get("lyrics"), MAX_LYRICS),
        "synced_lyrics": _first(get("syncedlyrics"), MAX_LYRICS),
    }
    if is_lrc(lyrics := _first(get("lyrics"), MAX_LYRICS)) and not out["synced_lyrics"]:
        out["synced_lyrics"] = lyrics
        if out["lyrics"] == lyrics:
            out["lyrics"] = None
    picture = None
    if pictures:
        picture = sorted(pictures, key=lambda p: p.type != 3)[0]
    elif tags is not None:
        picture = _picture_from_vorbis(get("metadata_block_picture"))
    if picture is not None:
        out.update(_cover(picture.data, picture.mime))
    elif tags is not None and (legacy := get("coverart")):
        try:
            out.update(_cover(base64.b64decode(legacy[0]), _first(get("coverartmime"))))
        except (binascii.Error, ValueError):
            log.warning("unreadable COVERART comment")
    return out


def _from_mp4(tags) -> dict:
    def get(key: str) -> list:
        return list(tags.get(key, [])) if tags is not None else []

    def pair_first(key: str) -> int | None:
        values = get(key)
        return _number(values[0][0]) if values and values[0] else None

    genre = _first(get("\xa9gen"))
    if genre is None and get("gnre"):
        from mutagen.id3 import TCON

        genres = TCON(text=[f"({get('gnre')[0] - 1})"]).genres
        genre = genres[0] if genres else None
    out = {
        "title": _first(get("\xa9nam")),
        "artists": [a for a in (_text(v) for v in get("\xa9ART")) if a],
        "album_artist": _first(get("aART")),
        "album": _first(get("\xa9alb")),
        "track_number": pair_first("trkn"),
        "disc_number": pair_first("disk"),
        "date": _first(get("\xa9day")),
        "genre": genre,
        "lyrics": _first(get("\xa9lyr"), MAX_LYRICS),
    }
    covers = get("covr")
    if covers:
        fmt = getattr(covers[0], "imageformat", None)
        out.update(_cover(bytes(covers[0]), "image/png" if fmt == 14 else "image/jpeg"))
    return out


def extract_tags(audio, kind: str) -> dict:
    """Flatten ``audio``'s tags into a dict; ``kind`` is the detected container."""
    from mutagen.id3 import ID3

    tags = audio.tags
    if isinstance(tags, ID3):
        out = _from_id3(tags)
    elif kind == "m4a":
        out = _from_mp4(tags)
    elif kind in ("flac", "ogg", "opus"):
        out = _from_vorbis(tags, getattr(audio, "pictures", None))
    else:
        out = {"artists": []}
    # A plain-lyrics tag written in LRC is really synced lyrics.
    if is_lrc(out.get("lyrics")) and not out.get("synced_lyrics"):
        out["synced_lyrics"], out["lyrics"] = out["lyrics"], None
    main, featured = split_artists(out.pop("artists", []) or [], out.get("title"))
    out["artist"] = main or out.get("album_artist")
    out["featured"] = featured
    return out
