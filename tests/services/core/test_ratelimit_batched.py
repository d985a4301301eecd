"""Batched counting (plays): the same limit as ``check_and_count`` with a write per batch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, create_engine, select

from spoticlone.db import create_schema
from spoticlone.models import RateLimitCounter
from spoticlone.services.core import ratelimit
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import RateLimited

HOUR = timedelta(hours=1)
LIMIT = 500  # a batch of 500 // BATCH_SHARE = 10


@pytest.fixture
def clock():
    return FakeClock(datetime(2026, 1, 5, 12, 0, tzinfo=UTC))


@pytest.fixture(autouse=True)
def fresh_reservations(monkeypatch):
    monkeypatch.setattr(ratelimit, "_reserved", {})


def _hit(session, clock, key="play:k", limit=LIMIT):
    ratelimit.check_and_count_batched(session, key=key, limit=limit, window=HOUR, clock=clock)


def _stored(session) -> list[int]:
    session.expire_all()
    return [row.count for row in session.exec(select(RateLimitCounter).order_by(RateLimitCounter.window_start))]


def test_a_batch_is_written_once_and_spent_from_memory(session, clock):
    _hit(session, clock)
    assert _stored(session) == [10]  # one write reserved ten attempts
    for _ in range(9):
        _hit(session, clock)
    assert _stored(session) == [10]  # ...spent without touching the row
    _hit(session, clock)
    assert _stored(session) == [20]


def test_the_limit_is_exact_in_one_process(session, clock):
    for _ in range(LIMIT):
        _hit(session, clock)
    with pytest.raises(RateLimited):
        _hit(session, clock)
    assert _stored(session) == [LIMIT]


def test_workers_together_never_pass_the_limit(session, clock, monkeypatch):
    """Two processes, each with its own reservations: at most the limit, a batch each early."""
    memories: list[dict] = [{}, {}]
    allowed = 0
    for attempt in range(2 * LIMIT):
        monkeypatch.setattr(ratelimit, "_reserved", memories[attempt % 2])
        try:
            _hit(session, clock)
        except RateLimited:
            continue
        allowed += 1
    assert LIMIT - 2 * (LIMIT // ratelimit.BATCH_SHARE) <= allowed <= LIMIT
    assert _stored(session) == [LIMIT]


def test_the_previous_window_still_counts(session, clock):
    for _ in range(LIMIT - 10):
        _hit(session, clock)
    clock.advance(minutes=61)  # a new window: only 10 are left over the last hour
    for _ in range(10):
        _hit(session, clock)
    with pytest.raises(RateLimited):
        _hit(session, clock)


def test_what_a_window_left_unspent_is_not_spent_in_the_next(session, clock):
    for _ in range(LIMIT - 5):
        _hit(session, clock)  # the last batch has 5 left
    clock.advance(minutes=61)
    with pytest.raises(RateLimited):  # counted in the old window, they cannot move to this one
        _hit(session, clock)


def test_small_limits_and_memory_databases_count_one_by_one(session, clock, monkeypatch):
    for _ in range(3):
        _hit(session, clock, key="small", limit=3)  # a batch would be 0: the exact path
    with pytest.raises(RateLimited):
        _hit(session, clock, key="small", limit=3)

    engine = create_engine("sqlite://")
    create_schema(engine)
    with Session(engine) as memory:
        _hit(memory, clock)
        assert _stored(memory) == [1]
    assert ratelimit._reserved == {}
