"""Lyrics: the one LRC parser, a track's lyrics for the player, and the line to highlight.

LRC is a loose, hand-written format, so the parser never raises: a line it cannot read
is skipped (and logged at debug level) rather than costing the listener every other
line. Supported:

- one or more timestamps in front of a line (``[00:12.00][01:30.50]chorus``, a repeated
  chorus written once), as ``[mm:ss]``, ``[mm:ss.x]``, ``[mm:ss.xx]`` or ``[mm:ss.xxx]``
  (a ``:`` before the fraction is accepted too);
- ID tags (``[ti:]``, ``[ar:]``, ``[al:]``, ``[au:]``, ``[length:]``, ``[by:]``, ...): exposed as
  ``metadata``, never shown as lines;
- ``[offset:+/-ms]``: by the LRC convention a *positive* offset makes the lyrics appear
  *earlier*, so every time becomes ``time - offset`` (clamped at zero);
- a timestamp with no text: kept as an empty line, which marks an instrumental gap;
- enhanced ("A2") word timing, ``[00:12.00]<00:12.00>Hello <00:12.50>world``: parsed into
  ``LyricLine.words``, with the tags removed from ``text``.

Text with no timestamps at all is plain lyrics: ``synced=False`` and one untimed line per
input line (``time_ms == UNTIMED``).
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import Any

from sqlmodel import Session

from spoticlone.models import Track, TrackStatus
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import NotFound
from spoticlone.services.core.quick_reads import quick_read

logger = logging.getLogger(__name__)

# Time of a line in plain (unsynced) lyrics: no real time is ever negative, because
# offsets are clamped at zero, so this cannot be mistaken for one.
UNTIMED = -1
# ID tags defined by the LRC format. Only these count as metadata: in plain lyrics a
# "[Chorus: Ana]" section marker is text, not a tag.
METADATA_TAGS = frozenset(
    {"ti", "ar", "al", "au", "lr", "length", "by", "offset", "re", "tool", "ve", "#"}
)

_TIME_TAG = re.compile(r"\[\s*(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?\s*\]")
_WORD_TIME = re.compile(r"<(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?>")
_META = re.compile(r"\[([A-Za-z#]+)\s*:([^\[\]]*)\]")
_OFFSET = re.compile(r"\s*([+-]?)\s*(\d{1,9})\s*")


class WordTime(DTO):
    """One word of an enhanced LRC line and the moment it is sung."""

    time_ms: int
    text: str


class LyricLine(DTO):
    """One line; ``time_ms`` is ``UNTIMED`` in plain lyrics, ``words`` only for enhanced LRC."""

    time_ms: int
    text: str
    words: list[WordTime] | None = None


class ParsedLyrics(DTO):
    """The result of ``parse_lrc``: lines sorted by time when ``synced``."""

    synced: bool
    lines: list[LyricLine]
    metadata: dict[str, str]


class TrackLyrics(DTO):
    """What the player's lyrics panel and ``GET /tracks/{id}/lyrics`` show.

    ``lines`` are timed when ``synced`` (highlight them with ``line_index_at``); ``plain``
    is always the whole text without timing, for display and copying.
    """

    track_id: int
    synced: bool
    lines: list[LyricLine]
    plain: str
    has_lyrics: bool


def _ms(minutes: str, seconds: str, fraction: str | None) -> int | None:
    """Milliseconds of ``mm:ss(.fff)``; ``None`` for an impossible time like ``01:75``."""
    if int(seconds) >= 60:
        return None
    frac = int(fraction) * 10 ** (3 - len(fraction)) if fraction else 0
    return (int(minutes) * 60 + int(seconds)) * 1000 + frac


def _words(text: str, line_ms: int) -> tuple[str, list[WordTime] | None]:
    """Split enhanced-LRC word tags out of ``text``: (clean text, words or None)."""
    stamps = list(_WORD_TIME.finditer(text))
    if not stamps:
        return text.strip(), None
    words: list[WordTime] = []
    head = text[: stamps[0].start()].strip()
    if head:  # words before the first tag start with the line
        words.append(WordTime(time_ms=line_ms, text=head))
    for i, stamp in enumerate(stamps):
        end = stamps[i + 1].start() if i + 1 < len(stamps) else len(text)
        word = text[stamp.end():end].strip()
        when = _ms(*stamp.groups())
        # An empty trailing tag marks when the last word ends; nothing to show for it.
        if word and when is not None:
            words.append(WordTime(time_ms=when, text=word))
    clean = " ".join(_WORD_TIME.sub(" ", text).split())
    return clean, words or None


def _offset(value: str) -> int:
    match = _OFFSET.fullmatch(value)
    if not match:
        logger.debug("ignoring malformed LRC offset %r", value)
        return 0
    sign, digits = match.groups()
    return -int(digits) if sign == "-" else int(digits)


def _leading_times(raw: str) -> tuple[list[int], str, bool]:
    """The timestamps at the start of ``raw``, the text after them, and whether one was bad."""
    stamps: list[int] = []
    pos, bad = 0, False
    while True:
        while pos < len(raw) and raw[pos] in " \t":
            pos += 1
        match = _TIME_TAG.match(raw, pos)
        if not match:
            return stamps, raw[pos:], bad
        stamp = _ms(*match.groups())
        if stamp is None:
            bad = True
        else:
            stamps.append(stamp)
        pos = match.end()


def parse_lrc(text: str) -> ParsedLyrics:
    """Parse LRC (or plain) lyrics; never raises on malformed input.

    Lines are sorted by time (a stable sort, so lines sharing a timestamp keep the file's
    order). In LRC, a line without a leading timestamp or ID tag is skipped, and so is a
    line with an impossible time (``[01:75.00]``); in plain lyrics every line is text,
    including section markers like ``[Chorus]``.
    """
    text = (text or "").lstrip("\ufeff")
    metadata: dict[str, str] = {}
    timed: list[tuple[int, str]] = []
    plain: list[str] = []
    skipped = 0
    for raw in text.splitlines():
        stamps, rest, bad = _leading_times(raw)
        if bad:
            skipped += 1
            continue
        if stamps:
            timed.extend((stamp, rest) for stamp in stamps)
            continue
        meta = _META.fullmatch(raw.strip())
        if meta and meta.group(1).lower() in METADATA_TAGS:
            metadata[meta.group(1).lower()] = meta.group(2).strip()
            continue
        plain.append(raw.rstrip())
    if not timed:
        while plain and not plain[-1].strip():
            plain.pop()
        while plain and not plain[0].strip():
            plain.pop(0)
        lines = [LyricLine(time_ms=UNTIMED, text=line.strip()) for line in plain]
        return ParsedLyrics(synced=False, lines=lines, metadata=metadata)
    skipped += sum(1 for line in plain if line.strip())
    if skipped:
        logger.debug("LRC: skipped %d line(s) without a valid timestamp", skipped)
    shift = _offset(metadata["offset"]) if "offset" in metadata else 0
    lines = []
    for stamp, rest in timed:
        clean, words = _words(rest, stamp)
        if words is not None:
            words = [WordTime(time_ms=max(0, w.time_ms - shift), text=w.text) for w in words]
        lines.append(LyricLine(time_ms=max(0, stamp - shift), text=clean, words=words))
    lines.sort(key=lambda line: line.time_ms)
    return ParsedLyrics(synced=True, lines=lines, metadata=metadata)


def _time_of(line: Any) -> int:
    value = line.get("time_ms") if isinstance(line, Mapping) else getattr(line, "time_ms", None)
    return int(value) if isinstance(value, (int, float)) else UNTIMED


def line_index_at(lines: Sequence[Any], position_ms: int | float) -> int:
    """Index of the line to highlight at ``position_ms``: the last one that has started.

    ``-1`` before the first line, for no lines and for untimed (plain) lyrics. ``lines``
    may be ``LyricLine`` objects or their dicts (as kept in UI state), sorted by time.
    """
    times = [_time_of(line) for line in lines]
    if not times or times[0] < 0:
        return -1
    return bisect_right(times, position_ms) - 1


@quick_read
def lyrics_for_track(session: Session, *, track_id: int) -> TrackLyrics:
    """A published track's lyrics: synced LRC when it parses as synced, else plain text.

    Raises:
        NotFound: no such track, or it is not published.
    """
    track = session.get(Track, track_id)
    if track is None or track.status != TrackStatus.PUBLISHED:
        raise NotFound("That track does not exist.")
    plain_text = (track.lyrics or "").strip()
    parsed = parse_lrc(track.synced_lyrics) if (track.synced_lyrics or "").strip() else None
    if parsed is not None and parsed.synced:
        if not plain_text:
            plain_text = "\n".join(line.text for line in parsed.lines if line.text)
        return TrackLyrics(
            track_id=track.id, synced=True, lines=parsed.lines, plain=plain_text,
            has_lyrics=any(line.text for line in parsed.lines) or bool(plain_text),
        )
    if not plain_text and parsed is not None:
        # Untimed text stored in the LRC column: still worth showing as plain lyrics.
        plain_text = "\n".join(line.text for line in parsed.lines)
    lines = [LyricLine(time_ms=UNTIMED, text=line.strip()) for line in plain_text.splitlines()]
    return TrackLyrics(
        track_id=track.id, synced=False, lines=lines, plain=plain_text, has_lyrics=bool(plain_text)
    )
