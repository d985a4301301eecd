"""Normalise text that comes from audio tags or upload forms before it is stored.

Tags are written by whoever made the file, so they can carry control characters,
odd date spellings and timestamps; this is the one place that tidies them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LRC_STAMP = re.compile(r"\[\d{1,3}:\d{2}(?:[.:]\d{1,3})?\]|<\d{1,3}:\d{2}(?:[.:]\d{1,3})?>")
_LRC_ID_TAG = re.compile(r"^\s*\[[A-Za-z#]+:.*\]\s*$")


def clean_text(text: object, limit: int, *, multiline: bool = False) -> str:
    """Printable text only: tags are user-written and end up on every listener's screen."""
    value = unicodedata.normalize("NFC", str(text or ""))
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return _CONTROL.sub("", value).strip()[:limit]
    return " ".join(_CONTROL.sub(" ", value).split())[:limit]


def parse_date(text: str | None) -> date | None:
    """``"2021"``, ``"2021-05"``, ``"2021-05-03T…"`` -> a date (missing parts = 1)."""
    match = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text or "")
    if not match:
        return None
    year, month, day = (int(g) if g else 1 for g in match.groups())
    if not 1000 <= year <= 2999:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, 1, 1)


def plain_from_lrc(lrc: str) -> str:
    """Plain lyrics from LRC: drop ``[ar:…]`` header tags and every timestamp."""
    lines = (line for line in lrc.splitlines() if not _LRC_ID_TAG.match(line))
    return "\n".join(_LRC_STAMP.sub("", line).strip() for line in lines).strip()
