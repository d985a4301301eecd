"""The lyrics sync editor's rules: read, save, import and export a track's lyrics as its artist.

Only the track's artist (or an administrator) may do any of this, whatever the track's
status (``ownership.track_for_edit``). Every input is checked before anything is written,
so a refusal changes nothing:

- plain lyrics: at most ``MAX_CHARS`` characters and ``MAX_LINES`` lines of printable text;
- synced lyrics: LRC text (read by the one LRC parser, ``services.catalog.lyrics.parse_lrc``)
  or ``(time_ms, text)`` pairs; times never go backwards and lie within the song
  (``0..duration + TIME_SLACK_MS``); at most ``MAX_LINES`` lines of ``MAX_LINE_CHARS``;
- an imported ``.lrc`` file: at most ``MAX_LRC_BYTES``, UTF-8 text with or without a BOM.

Synced lyrics are stored as canonical LRC, one ``[mm:ss.xx]text`` line per line, times
rounded to a hundredth of a second (what every LRC player reads); ID tags are written
only on export, from the track's current title and artist. Word-by-word ("enhanced")
timing in an imported file is not kept: the editor works line by line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import AsyncIterable, Sequence
from difflib import SequenceMatcher

from sqlmodel import Session

from spoticlone import routes
from spoticlone.models import Album, ArtistProfile, Track, User
from spoticlone.services.catalog.lyrics import UNTIMED, parse_lrc
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid, NotFound, TooLarge
from spoticlone.services.studio.ownership import track_for_edit

MAX_CHARS = 20_000
MAX_LINES = 1_000
MAX_LINE_CHARS = 500
MAX_LRC_BYTES = 256 * 1024
#: How far past the song's end a line may start (a duration read from tags can be short).
TIME_SLACK_MS = 5_000
#: The latest time accepted when the song's duration is unknown (0): ten hours.
UNKNOWN_DURATION_LIMIT_MS = 10 * 3600 * 1000

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class SyncLine(DTO):
    """One line of synced lyrics: when it starts (ms) and its words."""

    time_ms: int
    text: str


class EditableLyrics(DTO):
    """What the editor needs: the song, its plain lyrics and its synced lines."""

    track_id: int
    title: str
    artist_name: str
    duration_ms: int
    status: str
    stream_url: str
    plain: str
    synced: bool
    lines: list[SyncLine]
    lrc: str


class LrcFile(DTO):
    """An exported ``.lrc`` file: a safe file name and its text."""

    filename: str
    text: str


def _unprintable(text: str) -> bool:
    """Whether ``text`` holds anything a screen cannot show (controls, lone surrogates)."""
    for ch in text:
        if ch in "\n\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Cs"):
            return True
    return False


def _check_plain(text: str) -> str:
    """Plain lyrics tidied for storage (NFC, Unix line ends, trimmed); ``Invalid`` if unfit."""
    if not isinstance(text, str):
        raise Invalid("Lyrics must be text.")
    if len(text) > MAX_CHARS * 2:  # before any work on a huge value
        raise TooLarge(f"Lyrics can be at most {MAX_CHARS:,} characters long.")
    value = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    value = "\n".join(line.rstrip() for line in value.split("\n")).strip()
    if len(value) > MAX_CHARS:
        raise TooLarge(f"Lyrics can be at most {MAX_CHARS:,} characters long.")
    if value.count("\n") + 1 > MAX_LINES:
        raise TooLarge(f"Lyrics can have at most {MAX_LINES:,} lines.")
    if _unprintable(value):
        raise Invalid("The lyrics contain characters that cannot be shown (control characters). "
                      "Remove them and try again.")
    return value


def _time_limit(duration_ms: int) -> int:
    return duration_ms + TIME_SLACK_MS if duration_ms > 0 else UNKNOWN_DURATION_LIMIT_MS


def _clock(ms: int) -> str:
    """``ms`` as LRC's ``mm:ss.xx``."""
    cs = max(0, int(ms)) // 10
    return f"{cs // 6000:02d}:{cs // 100 % 60:02d}.{cs % 100:02d}"


LinesIn = Sequence[tuple[int, str] | SyncLine]


def _check_lines(pairs: LinesIn, *, duration_ms: int) -> list[SyncLine]:
    """Synced lines checked and rounded to 10 ms; ``Invalid`` naming the first bad line."""
    if len(pairs) > MAX_LINES:
        raise TooLarge(f"Synced lyrics can have at most {MAX_LINES:,} lines.")
    limit = _time_limit(duration_ms)
    out: list[SyncLine] = []
    total = 0
    for number, item in enumerate(pairs, start=1):
        pair: object = item  # callers outside Python's type checks (JSON, state) send anything
        time_ms: object
        text: object
        if isinstance(pair, SyncLine):
            time_ms, text = pair.time_ms, pair.text
        elif isinstance(pair, (tuple, list)) and len(pair) == 2:
            time_ms, text = pair
        else:
            time_ms, text = None, None
        if isinstance(time_ms, bool) or not isinstance(time_ms, int) or not isinstance(text, str):
            raise Invalid(f"Line {number} needs a time in milliseconds and its text.")
        if time_ms == UNTIMED:
            raise Invalid(f"Line {number} has no time yet: tap it while the song plays.")
        if time_ms < 0 or time_ms > limit:
            raise Invalid(f"Line {number} starts at {_clock(max(0, time_ms))}, outside the song "
                          f"(0:00 to {_clock(limit)}).")
        if out and time_ms < out[-1].time_ms:
            raise Invalid(f"Line {number} starts before line {number - 1}: times must not go backwards. "
                          "Re-tap from that line or nudge it later.")
        clean = " ".join(unicodedata.normalize("NFC", text).split())
        if len(clean) > MAX_LINE_CHARS:
            raise TooLarge(f"Line {number} is longer than {MAX_LINE_CHARS} characters.")
        if _unprintable(clean):
            raise Invalid(f"Line {number} contains characters that cannot be shown (control characters).")
        total += len(clean) + 1
        if total > MAX_CHARS:
            raise TooLarge(f"Lyrics can be at most {MAX_CHARS:,} characters long.")
        # Rounding to 10 ms (LRC's precision) keeps the order: round is monotonic.
        out.append(SyncLine(time_ms=min(limit, (time_ms + 5) // 10 * 10), text=clean))
    return out


def _lines_from_lrc(text: str, *, duration_ms: int) -> list[SyncLine]:
    """Synced lines read from LRC text with the catalog's parser, then checked.

    Empty text gives no lines (clearing the synced lyrics); text with no timestamps is
    refused, since it would silently lose every line.
    """
    if not isinstance(text, str):
        raise Invalid("Synced lyrics must be LRC text.")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_LRC_BYTES:
        raise TooLarge(f"LRC lyrics can be at most {MAX_LRC_BYTES // 1024} KB.")
    if not text.strip("\ufeff \t\r\n"):
        return []
    parsed = parse_lrc(text)
    if not parsed.synced:
        raise Invalid("No timed lines were found: an LRC line starts with a time such as [01:23.45].")
    return _check_lines([(line.time_ms, line.text) for line in parsed.lines], duration_ms=duration_ms)


def sync_lines_for(plain: str, previous: Sequence[SyncLine]) -> list[SyncLine]:
    """The lines to sync for ``plain`` (its non-blank lines), keeping the times of unchanged lines.

    Lines that were added or edited are untimed (``UNTIMED``); a line that moved keeps its
    time when the rest of the text around it still matches (``difflib``), so fixing a typo
    in verse two does not lose the taps of verse one.
    """
    texts = [" ".join(line.split()) for line in str(plain or "").splitlines() if line.strip()]
    if len(texts) > MAX_LINES:
        raise TooLarge(f"Lyrics can have at most {MAX_LINES:,} lines.")
    times = [UNTIMED] * len(texts)
    matcher = SequenceMatcher(a=[line.text for line in previous], b=texts, autojunk=False)
    for old, new, size in matcher.get_matching_blocks():
        for k in range(size):
            times[new + k] = previous[old + k].time_ms
    return [SyncLine(time_ms=time_ms, text=text) for time_ms, text in zip(times, texts, strict=True)]


def _format_lrc(lines: Sequence[SyncLine], headers: Sequence[tuple[str, str]] = ()) -> str:
    """LRC text: ``[tag:value]`` headers, then one ``[mm:ss.xx]text`` line per line."""
    out = [f"[{tag}:{_header_value(value)}]" for tag, value in headers]
    out += [f"[{_clock(line.time_ms)}]{line.text}" for line in lines]
    return "\n".join(out) + ("\n" if out else "")


def _header_value(value: str) -> str:
    return " ".join(value.replace("[", "(").replace("]", ")").split())


def _artist(session: Session, track: Track) -> ArtistProfile | None:
    return session.get(ArtistProfile, track.artist_id)


def _view(session: Session, track: Track) -> EditableLyrics:
    stored = track.synced_lyrics or ""
    parsed = parse_lrc(stored) if stored.strip() else None
    synced = parsed is not None and parsed.synced
    lines = [SyncLine(time_ms=line.time_ms, text=line.text) for line in parsed.lines] if synced and parsed else []
    plain = track.lyrics or ""
    if not plain.strip() and synced:
        plain = "\n".join(line.text for line in lines if line.text)
    artist = _artist(session, track)
    track_id = int(track.id or 0)
    return EditableLyrics(
        track_id=track_id, title=track.title, artist_name=artist.stage_name if artist else "",
        duration_ms=int(track.duration_ms or 0), status=str(getattr(track.status, "value", track.status)),
        stream_url=routes.stream_url(track_id), plain=plain, synced=synced, lines=lines,
        lrc=_format_lrc(lines) if synced else "",
    )


def lyrics_for_edit(session: Session, *, actor: User | None, track_id: int) -> EditableLyrics:
    """A track's lyrics as its artist edits them: plain text, synced lines and the duration.

    Raises:
        NotFound: no such track, or the actor may not edit it.
    """
    return _view(session, track_for_edit(session, actor=actor, track_id=track_id))


def save_lyrics(
    session: Session, *, actor: User | None, track_id: int, plain: str | None = None,
    lrc: str | None = None, lines: LinesIn | None = None,
) -> EditableLyrics:
    """Save plain and/or synced lyrics together: all checked first, then written at once.

    ``plain`` replaces the plain lyrics; synced lyrics come from ``lrc`` (LRC text) or
    ``lines`` (``(time_ms, text)`` pairs), never both; an empty value clears them.
    ``None`` leaves that part as it is.

    Raises:
        NotFound: no such track, or the actor may not edit it.
        Invalid: bad input (``TooLarge`` when over a limit); nothing was changed.
    """
    track = track_for_edit(session, actor=actor, track_id=track_id)
    if lrc is not None and lines is not None:
        raise Invalid("Send the synced lyrics once: as LRC text or as lines, not both.")
    new_plain = _check_plain(plain) if plain is not None else None
    duration = int(track.duration_ms or 0)
    if lrc is not None:
        new_lines: list[SyncLine] | None = _lines_from_lrc(lrc, duration_ms=duration)
    elif lines is not None:
        new_lines = _check_lines(list(lines), duration_ms=duration)
    else:
        new_lines = None
    if new_plain is not None:
        track.lyrics = new_plain
    if new_lines is not None:
        track.synced_lyrics = _format_lrc(new_lines)
    session.add(track)
    session.commit()
    session.refresh(track)
    return _view(session, track)


def save_plain(session: Session, *, actor: User | None, track_id: int, text: str) -> EditableLyrics:
    """Replace the plain lyrics (synced lyrics stay as they are).

    Raises:
        NotFound: no such track, or the actor may not edit it.
        Invalid: the text is too long or unprintable; nothing was changed.
    """
    return save_lyrics(session, actor=actor, track_id=track_id, plain=text)


def save_synced(
    session: Session, *, actor: User | None, track_id: int, lrc: str | None = None,
    lines: LinesIn | None = None,
) -> EditableLyrics:
    """Replace the synced lyrics from LRC text or ``(time_ms, text)`` pairs.

    Raises:
        NotFound: no such track, or the actor may not edit it.
        Invalid: neither or both given, or a bad line; nothing was changed.
    """
    if lrc is None and lines is None:
        raise Invalid("Send the synced lyrics as LRC text or as lines.")
    return save_lyrics(session, actor=actor, track_id=track_id, lrc=lrc, lines=lines)


async def read_lrc_upload(chunks: AsyncIterable[bytes]) -> bytes:
    """An uploaded ``.lrc`` file's bytes; stops reading (``TooLarge``) past ``MAX_LRC_BYTES``."""
    data = bytearray()
    async for chunk in chunks:
        data += chunk
        if len(data) > MAX_LRC_BYTES:
            raise TooLarge(f"An LRC file can be at most {MAX_LRC_BYTES // 1024} KB.")
    return bytes(data)


def _decode_lrc_file(data: bytes) -> str:
    """The text of an uploaded ``.lrc`` file; ``Invalid`` for binary or non-UTF-8 content."""
    if len(data) > MAX_LRC_BYTES:
        raise TooLarge(f"An LRC file can be at most {MAX_LRC_BYTES // 1024} KB.")
    if not data.strip():
        raise Invalid("The file is empty.")
    if data.startswith(_UTF16_BOMS):
        raise Invalid("This file is saved as UTF-16. Save it as UTF-8 and import it again.")
    if b"\x00" in data:
        raise Invalid("This is not a text file: an LRC file holds lines like [01:23.45]words.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid("This file is not UTF-8 text. Save it as UTF-8 and import it again.") from None


def import_lrc(session: Session, *, actor: User | None, track_id: int, data: bytes) -> EditableLyrics:
    """Replace the synced lyrics with an uploaded ``.lrc`` file.

    The plain lyrics are filled from the file's lines only when the track has none, so
    an artist's own layout (verses, blank lines) is never overwritten.

    Raises:
        NotFound: no such track, or the actor may not edit it.
        Invalid: the file is too big, binary, not UTF-8 or has no timed line; nothing changed.
    """
    track = track_for_edit(session, actor=actor, track_id=track_id)
    lines = _lines_from_lrc(_decode_lrc_file(data), duration_ms=int(track.duration_ms or 0))
    if not lines:
        raise Invalid("The file has no lyrics in it.")
    plain = None
    if not (track.lyrics or "").strip():
        plain = "\n".join(line.text for line in lines if line.text)
    return save_lyrics(session, actor=actor, track_id=track_id, plain=plain, lines=lines)


def export_lrc(session: Session, *, actor: User | None, track_id: int) -> LrcFile:
    """The synced lyrics as an ``.lrc`` file with ``[ti:]``, ``[ar:]`` (and ``[al:]``) headers.

    Raises:
        NotFound: no such track, the actor may not edit it, or it has no synced lyrics yet.
    """
    track = track_for_edit(session, actor=actor, track_id=track_id)
    view = _view(session, track)
    if not view.synced:
        raise NotFound("This song has no synced lyrics yet: sync them in the editor first.")
    headers = [("ti", view.title), ("ar", view.artist_name)]
    album = session.get(Album, track.album_id) if track.album_id else None
    if album is not None:
        headers.append(("al", album.title))
    if view.duration_ms > 0:
        seconds = view.duration_ms // 1000
        headers.append(("length", f"{seconds // 60:02d}:{seconds % 60:02d}"))
    slug = re.sub(r"[^a-z0-9-]+", "-", (track.slug or "").lower()).strip("-")[:80] or "lyrics"
    return LrcFile(filename=f"{slug}.lrc", text=_format_lrc(view.lines, headers))
