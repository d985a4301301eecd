"""The database-backed limiter, driven by a fake clock."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from spoticlone.models import RateLimitCounter
from spoticlone.services.core import ratelimit
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import RateLimited

WINDOW = timedelta(minutes=15)


@pytest.fixture
def clock():
    # Aligned to a window boundary so the arithmetic below is easy to follow.
    return FakeClock(datetime(2026, 1, 5, 12, 0, tzinfo=UTC))


def _hit(session, clock, key="k", limit=3, window=WINDOW):
    ratelimit.check_and_count(session, key=key, limit=limit, window=window, clock=clock)


def test_allows_up_to_the_limit_then_refuses_with_retry_after(session, clock):
    for _ in range(3):
        _hit(session, clock)
    clock.advance(minutes=5)
    with pytest.raises(RateLimited) as excinfo:
        _hit(session, clock)
    # The window holds 3 on its own, so the key frees up one window after it ends.
    assert excinfo.value.retry_after == 25 * 60
    assert excinfo.value.message == "Too many attempts. Try again in 25 minutes."


def test_refusals_are_not_counted_and_keys_are_independent(session, clock):
    for _ in range(3):
        _hit(session, clock)
    for _ in range(5):
        with pytest.raises(RateLimited):
            _hit(session, clock)
    _hit(session, clock, key="other")
    count = session.exec(select(RateLimitCounter.count).where(RateLimitCounter.key == "k/900s")).one()
    assert count == 3


def test_no_burst_across_a_window_boundary(session, clock):
    clock.advance(minutes=14)
    for _ in range(3):
        _hit(session, clock)
    clock.advance(minutes=2)  # next fixed window, but only 2 minutes later
    with pytest.raises(RateLimited):
        _hit(session, clock)
    clock.advance(minutes=14)  # the burst's window is now two windows back
    _hit(session, clock)


def test_partial_previous_window_lets_the_rest_through(session, clock):
    _hit(session, clock)
    clock.advance(WINDOW)
    _hit(session, clock)
    _hit(session, clock)
    with pytest.raises(RateLimited) as excinfo:
        _hit(session, clock)
    assert excinfo.value.retry_after == 15 * 60  # when the first window drops out
    clock.advance(WINDOW)
    _hit(session, clock)


def test_one_minute_message_is_singular(session, clock):
    _hit(session, clock, limit=1, window=timedelta(seconds=30))
    with pytest.raises(RateLimited, match=r"^Too many attempts\. Try again in 1 minute\.$"):
        _hit(session, clock, limit=1, window=timedelta(seconds=30))


def test_uncount_gives_an_attempt_back(session, clock):
    for _ in range(3):
        _hit(session, clock)
    ratelimit.uncount(session, key="k", window=WINDOW, clock=clock)
    _hit(session, clock)
    with pytest.raises(RateLimited):
        ratelimit.ensure_allowed(session, key="k", limit=3, window=WINDOW, clock=clock)


def test_reset_and_prune(session, clock):
    for _ in range(3):
        _hit(session, clock)
    _hit(session, clock, key="k2")
    ratelimit.reset(session, key="k")
    _hit(session, clock)
    clock.advance(days=4)
    assert ratelimit.prune(session, clock=clock) == 2


def test_keys_for_accounts_hide_the_email_and_for_addresses_name_them():
    key = ratelimit.account_key("login", " Ann@Example.com ")
    assert key == ratelimit.account_key("login", "ann@example.com")
    assert "ann" not in key and key.startswith("login:acct:")
    assert ratelimit.address_key("login", "203.0.113.9") == "login:ip:203.0.113.9"
    assert ratelimit.address_key("login", None) == "login:ip:unknown"


def test_parallel_attempts_never_exceed_the_limit(engine, clock):
    allowed, refused, errors = [], [], []
    barrier = threading.Barrier(12)

    def attempt():
        with Session(engine) as s:
            barrier.wait()
            try:
                _hit(s, clock, key="race", limit=5)
                allowed.append(1)
            except RateLimited:
                refused.append(1)
            except Exception as exc:  # noqa: BLE001  # pragma: no cover - reported below
                errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert (len(allowed), len(refused)) == (5, 7)


def test_one_key_limited_over_two_windows(session, clock):
    # 2 per minute and 3 per hour on the same key: both are enforced, separately.
    def hit():
        ratelimit.check_and_count(session, key="two", limit=2, window=timedelta(minutes=1), clock=clock)
        ratelimit.check_and_count(session, key="two", limit=3, window=timedelta(hours=1), clock=clock)

    hit()
    hit()
    with pytest.raises(RateLimited):
        hit()
    clock.advance(minutes=2)
    hit()
    clock.advance(minutes=2)
    with pytest.raises(RateLimited) as excinfo:
        hit()
    assert excinfo.value.retry_after > 30 * 60


@pytest.mark.postgres
def test_limiter_on_postgres(clock):
    from sqlmodel import SQLModel

    import spoticlone.models  # noqa: F401 - registers the tables
    from tests.pg import postgres_schema

    with postgres_schema("rl") as engine:
        SQLModel.metadata.create_all(engine, tables=[RateLimitCounter.__table__])
        with Session(engine) as s:
            for _ in range(3):
                _hit(s, clock)
            with pytest.raises(RateLimited):
                _hit(s, clock)
            ratelimit.uncount(s, key="k", window=WINDOW, clock=clock)
            _hit(s, clock)
