"""The dashboard's period: the last 7, 28, 90 or 365 UTC days, or a range of days.

The page keeps it in the URL (``?range=28d`` or ``?from=2026-01-01&to=2026-03-31``) and the
API takes the same parameters, so both adapters parse it here and agree on every refusal.
"""

from __future__ import annotations

from datetime import date, timedelta

from spoticlone.models.common import utcnow
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid

#: The offered presets: URL value -> number of days (today included).
PRESETS = {"7d": 7, "28d": 28, "90d": 90, "365d": 365}
DEFAULT = "28d"
#: The longest range: five years of days keeps every series a few thousand points at most.
MAX_DAYS = 5 * 366
EARLIEST = date(2000, 1, 1)


class Period(DTO):
    """UTC days ``first`` to ``last``, both included; ``key`` is the preset or ``custom``."""

    key: str
    first: date
    last: date

    @property
    def days(self) -> int:
        """How many days the period has, both ends included."""
        return (self.last - self.first).days + 1

    def query(self) -> dict[str, str]:
        """The URL parameters that name this period."""
        if self.key == "custom":
            return {"from": self.first.isoformat(), "to": self.last.isoformat()}
        return {"range": self.key}


def _day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise Invalid(f"The {what} date must look like 2026-01-31.") from None


def parse(range_key: str | None = None, start: str | None = None, end: str | None = None,
          *, today: date | None = None) -> Period:
    """The period named by URL parameters: a preset, or ``start``/``end`` days (ISO dates).

    Raises:
        Invalid: an unknown preset, a malformed date, an end before the start, a start before
            2000 or in the future, or a range longer than ``MAX_DAYS``.
    """
    today = today or utcnow().date()
    if start or end:
        first = _day(start, "start") if start else None
        last = _day(end, "end") if end else today
        if first is None:
            raise Invalid("Choose a start date for the range too.")
        if last < first:
            raise Invalid("The range ends before it starts: swap the two dates.")
        if first < EARLIEST or first > today:
            raise Invalid(f"The start date must be between {EARLIEST.isoformat()} and today.")
        last = min(last, today)
        if (last - first).days + 1 > MAX_DAYS:
            raise Invalid(f"A range can be at most {MAX_DAYS:,} days long.")
        return Period(key="custom", first=first, last=last)
    key = (range_key or DEFAULT).strip().lower()
    if key not in PRESETS:
        raise Invalid(f"Unknown period {key!r}; choose one of {', '.join(PRESETS)} or a from-to range.")
    return Period(key=key, first=today - timedelta(days=PRESETS[key] - 1), last=today)
