"""Where services get "now" from: the real clock, and one tests can move instead of sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

from spoticlone.models import utcnow


class Clock(Protocol):
    """Where services get "now" from, so tests can move time instead of sleeping."""

    def now(self) -> datetime:
        """The current time, timezone-aware."""


class SystemClock:
    """The real, timezone-aware UTC clock."""

    def now(self) -> datetime:
        """The current UTC time."""
        return utcnow()


SYSTEM_CLOCK = SystemClock()


class FakeClock:
    """A clock that only moves when told to (tests)."""

    def __init__(self, start: datetime | None = None):
        self._now = start or datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        """The time the test set."""
        return self._now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        """Move the clock forward by ``delta`` (or ``timedelta(**kwargs)``); the new time."""
        self._now += delta if delta is not None else timedelta(**kwargs)
        return self._now
