"""A fixed past day for tests of figures counted "up to today" (artist analytics, the dashboard).

Plays placed at "now minus a few minutes" fall on the day before when a run starts just after
midnight UTC or crosses it. These tests put their plays at ``NOON`` of ``TODAY`` instead and
make the service's ``today`` seam answer for that day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from types import ModuleType

import pytest

TODAY = date(2026, 1, 5)
NOON = datetime.combine(TODAY, time(12), UTC)


def answer_for_today(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> None:
    """Make ``module.name(..., today=None)`` work out its figures for ``TODAY``."""
    real = getattr(module, name)

    def on_the_fixed_day(*args, today=None, **kwargs):
        return real(*args, today=today or TODAY, **kwargs)

    monkeypatch.setattr(module, name, on_the_fixed_day)
