"""Build and read LRC (time-synced lyrics) for the demo catalog.

Lines are spread over the real duration of the paired audio file rather than
hard-coded, so the timestamps always fall inside the track: a lyric line that
would appear after the music ends is a bug listeners notice immediately.
"""

from __future__ import annotations

from collections.abc import Sequence

from spoticlone.services.catalog import lyrics as lyrics_service

# Leave a short intro before the first line and a short tail after the last.
_LEAD_IN_FRACTION = 0.08
_TAIL_FRACTION = 0.12


def format_timestamp(seconds: float) -> str:
    """``73.456`` -> ``"01:13.46"`` (LRC's minutes, seconds and hundredths)."""
    centis = max(0, round(seconds * 100))
    minutes, centis = divmod(centis, 6000)
    secs, hundredths = divmod(centis, 100)
    return f"{minutes:02d}:{secs:02d}.{hundredths:02d}"


def line_times(count: int, duration_s: float) -> list[float]:
    """Evenly spaced start times for ``count`` lines within ``duration_s`` seconds."""
    if count <= 0:
        return []
    if duration_s <= 0:
        raise ValueError("duration must be positive")
    start = duration_s * _LEAD_IN_FRACTION
    end = duration_s * (1 - _TAIL_FRACTION)
    if count == 1:
        return [start]
    step = (end - start) / (count - 1)
    return [start + i * step for i in range(count)]


def build_lrc(
    lines: Sequence[str], duration_s: float, *, title: str = "", artist: str = "", album: str = ""
) -> str:
    """LRC text with ID tags and one timestamped line per lyric line."""
    header = []
    if title:
        header.append(f"[ti:{title}]")
    if artist:
        header.append(f"[ar:{artist}]")
    if album:
        header.append(f"[al:{album}]")
    minutes, secs = divmod(round(duration_s), 60)
    header.append(f"[length:{minutes:02d}:{secs:02d}]")
    body = [
        f"[{format_timestamp(t)}]{line}" for t, line in zip(line_times(len(lines), duration_s), lines, strict=True)
    ]
    return "\n".join(header + body) + "\n"


def plain_lyrics(lines: Sequence[str]) -> str:
    """The same lyrics without timing, for the plain ``lyrics`` field and search."""
    return "\n".join(lines)


def parse_lrc(text: str) -> list[tuple[float, str]]:
    """``(seconds, line)`` pairs from LRC text, sorted by time; ID tags are skipped.

    A thin view over ``spoticlone.services.catalog.lyrics.parse_lrc`` (the one LRC parser), kept
    for the seeder's checks that every line falls inside its track.
    """
    parsed = lyrics_service.parse_lrc(text)
    if not parsed.synced:
        return []
    return [(line.time_ms / 1000, line.text) for line in parsed.lines]
