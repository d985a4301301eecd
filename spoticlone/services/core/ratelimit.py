"""Throttling of sign-in, code checks, sign-up and password resets, stored in the database.

Counters live in the ``ratelimitcounter`` table rather than in process memory so every
server worker (and a restart) sees the same numbers. One row per key and fixed window
keeps the table small under attack.

A plain fixed window lets a burst straddle a boundary (``limit`` at the end of one
window plus ``limit`` at the start of the next). To keep the promise "at most
``limit`` per ``window``" for *any* window-long interval, an attempt is allowed only
while ``previous window + current window < limit``: any interval of one window's
length overlaps at most two consecutive fixed windows. The price is that a full burst
keeps the key blocked for up to two windows.

Every count is an atomic conditional ``UPDATE ... WHERE count + previous < limit``, so
parallel attempts cannot slip past the limit, and the limiter commits at once so a
failed attempt stays counted even if the caller later rolls back.
"""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
import threading
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import bindparam, delete, select as sa_select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from spoticlone.models import RateLimitCounter
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.db_cache import database_key, engine_of
from spoticlone.services.core.errors import RateLimited

log = logging.getLogger(__name__)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: Counters older than this are pruned; longer than twice the longest window in use.
RETENTION = timedelta(days=3)


def account_key(action: str, identifier: str) -> str:
    """Throttle key for one account (or would-be account) doing ``action``.

    The identifier (an email) is hashed so the table neither stores addresses nor
    needs long keys; unknown emails get keys too, so throttling does not reveal
    whether an account exists.
    """
    digest = hashlib.sha256(identifier.strip().lower().encode()).hexdigest()[:40]
    return f"{action}:acct:{digest}"


def pair_key(action: str, identifier: str, client_ip: str | None) -> str:
    """Throttle key for one client address doing ``action`` on one account.

    What a guesser at one address can try against one account, without touching
    what the account's owner can do from anywhere else (NIST SP 800-63B 5.2.2).
    """
    pair = f"{identifier.strip().lower()}\n{(client_ip or 'unknown')[:64]}"
    digest = hashlib.sha256(pair.encode()).hexdigest()[:40]
    return f"{action}:pair:{digest}"


def address_key(action: str, client_ip: str | None) -> str:
    """Throttle key for one client address doing ``action``."""
    return f"{action}:ip:{(client_ip or 'unknown')[:64]}"


def _row_key(key: str, window: timedelta) -> str:
    # The same key may be limited over several windows (10 per 15 min and 100 per
    # hour); their rows must not collide when the windows start at the same instant.
    return f"{key}/{int(window.total_seconds())}s"


def _window_start(now: datetime, window: timedelta) -> datetime:
    seconds = int(window.total_seconds())
    if seconds <= 0:
        raise ValueError("window must be at least one second")
    elapsed = int((now - _EPOCH).total_seconds())
    return _EPOCH + timedelta(seconds=elapsed - elapsed % seconds)


#: The two statements of every counted attempt (a play start, a sign-in), built once: a
#: statement built per call cost more Python than the query (as ``sessions.user_for_token``
#: found). The parameters are not named after columns: an UPDATE would take those as values.
_COUNT_OF = sa_select(col(RateLimitCounter.count)).where(
    col(RateLimitCounter.key) == bindparam("rl_key"), col(RateLimitCounter.window_start) == bindparam("rl_start"))
_TAKE = (
    update(RateLimitCounter)
    .where(col(RateLimitCounter.key) == bindparam("rl_key"),
           col(RateLimitCounter.window_start) == bindparam("rl_start"),
           col(RateLimitCounter.count) + bindparam("rl_previous") + bindparam("rl_amount") <= bindparam("rl_limit"))
    .values(count=col(RateLimitCounter.count) + bindparam("rl_amount"))
)


def _count(session: Session, key: str, start: datetime) -> int:
    value = session.connection().execute(_COUNT_OF, {"rl_key": key, "rl_start": start}).scalar()
    return value or 0


def _message(retry_after: int) -> str:
    minutes = max(1, math.ceil(retry_after / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many attempts. Try again in {minutes} {unit}."


def _refuse(now: datetime, start: datetime, window: timedelta, current: int, limit: int) -> RateLimited:
    # The sum drops below the limit when the current window becomes "previous" (if it
    # alone is under the limit) or, otherwise, when it falls out one window later.
    end = start + window if current < limit else start + 2 * window
    retry_after = max(1, math.ceil((end - now).total_seconds()))
    return RateLimited(_message(retry_after), retry_after=retry_after)


def ensure_allowed(
    session: Session, *, key: str, limit: int, window: timedelta, clock: Clock = SYSTEM_CLOCK
) -> None:
    """Raise ``RateLimited`` if ``key`` has used up its attempts; counts nothing."""
    key = _row_key(key, window)
    now = clock.now()
    start = _window_start(now, window)
    current = _count(session, key, start)
    if _count(session, key, start - window) + current >= limit:
        raise _refuse(now, start, window, current, limit)


def _ensure_row(session: Session, key: str, start: datetime) -> None:
    """Create the (key, window) row with count 0 unless it exists; safe under races."""
    dialect = session.get_bind().dialect.name
    values: dict[str, Any] = {"key": key, "window_start": start, "count": 0}
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite_insert if dialect == "sqlite" else pg_insert
        session.execute(
            insert(RateLimitCounter).values(**values).on_conflict_do_nothing(
                index_elements=["key", "window_start"]
            )
        )
        return
    if _count_row_exists(session, key, start):  # pragma: no cover - other databases
        return
    try:  # pragma: no cover - other databases
        with session.begin_nested():
            session.add(RateLimitCounter(**values))
    except IntegrityError:  # pragma: no cover - a parallel attempt created it first
        pass


def _count_row_exists(session: Session, key: str, start: datetime) -> bool:
    return session.exec(
        select(RateLimitCounter.id).where(
            RateLimitCounter.key == key, RateLimitCounter.window_start == start
        )
    ).first() is not None


def _take(session: Session, key: str, start: datetime, *, previous: int, amount: int, limit: int) -> bool:
    """Add ``amount`` attempts to ``key``'s window starting at ``start`` if the limit allows them.

    One conditional ``UPDATE``: concurrent writers (threads, worker processes) can never take
    more than the limit between them, since the check and the increment are one statement.
    """
    params = {"rl_key": key, "rl_start": start, "rl_previous": previous, "rl_amount": amount, "rl_limit": limit}
    return session.connection().execute(_TAKE, params).rowcount == 1


def check_and_count(
    session: Session, *, key: str, limit: int, window: timedelta, clock: Clock = SYSTEM_CLOCK
) -> None:
    """Count one attempt for ``key``, or raise ``RateLimited`` if none is left.

    Commits the session (see the module docstring for why).
    """
    name = key
    key = _row_key(key, window)
    now = clock.now()
    start = _window_start(now, window)
    previous = _count(session, key, start - window)
    if previous < limit:
        _ensure_row(session, key, start)
        if _take(session, key, start, previous=previous, amount=1, limit=limit):
            session.commit()
            _maybe_prune(session, clock)
            return
    current = _count(session, key, start)
    session.commit()
    log.info("rate limit reached for %s", name.split(":")[0])
    raise _refuse(now, start, window, current, limit)


#: A batch of attempts one process may reserve at once: this share of the limit.
BATCH_SHARE = 50
_reserved: dict[tuple[str, str, datetime], int] = {}  # (database, row key, window start) -> left
_reserved_lock = threading.Lock()


def check_and_count_batched(
    session: Session, *, key: str, limit: int, window: timedelta, clock: Clock = SYSTEM_CLOCK
) -> None:
    """``check_and_count`` for frequent, harmless attempts (plays): fewer writes, same limit.

    The process reserves ``limit // BATCH_SHARE`` attempts with one conditional ``UPDATE``
    (``count + previous + batch <= limit``: the row never promises more than the limit, across
    all workers) and spends them from memory; the exact one-by-one path takes over when less
    than a batch is left. The stored count includes the attempts a process reserved and has
    not used yet: a key may be refused up to a batch per worker early (another worker's
    reservation, one lost in a restart, or the rest of a batch when its window ends), never
    late. A limit under ``2 * BATCH_SHARE`` is always counted one by one; so is an in-memory
    database.
    """
    batch = limit // BATCH_SHARE
    db = database_key(engine_of(session))
    if batch < 2 or db is None:
        check_and_count(session, key=key, limit=limit, window=window, clock=clock)
        return
    row = _row_key(key, window)
    start = _window_start(clock.now(), window)
    slot = (db, row, start)
    with _reserved_lock:
        if _reserved.get(slot, 0) > 0:
            _reserved[slot] -= 1
            return
    previous = _count(session, row, start - window)
    _ensure_row(session, row, start)
    taken = _take(session, row, start, previous=previous, amount=batch, limit=limit)
    if not taken:  # less than a batch left: the exact path decides (and commits)
        check_and_count(session, key=key, limit=limit, window=window, clock=clock)
        return
    session.commit()
    with _reserved_lock:
        for old in [s for s in _reserved if s[2] < start]:  # past windows: never spent now
            del _reserved[old]
        _reserved[slot] = _reserved.get(slot, 0) + batch - 1
    _maybe_prune(session, clock)


def uncount(session: Session, *, key: str, window: timedelta, clock: Clock = SYSTEM_CLOCK) -> None:
    """Give back one attempt counted in the current window (a sign-in that succeeded).

    Counting before checking and refunding on success is what lets the limit count
    only failures while still stopping parallel guesses at the limit.
    """
    start = _window_start(clock.now(), window)
    key = _row_key(key, window)
    session.execute(
        update(RateLimitCounter)
        .where(
            col(RateLimitCounter.key) == key,
            col(RateLimitCounter.window_start) == start,
            col(RateLimitCounter.count) > 0,
        )
        .values(count=RateLimitCounter.count - 1)
    )
    session.commit()


def count_all(session: Session, keys_limits, clock: Clock = SYSTEM_CLOCK) -> list[tuple[str, timedelta]]:
    """Count one attempt against each ``(key, (limit, window))``; returns what ``refund`` takes.

    Raises ``RateLimited`` at the first key over its limit (earlier keys stay counted).
    """
    counted = []
    for key, (limit, window) in keys_limits:
        check_and_count(session, key=key, limit=limit, window=window, clock=clock)
        counted.append((key, window))
    return counted


def refund(session: Session, counted: list[tuple[str, timedelta]], clock: Clock = SYSTEM_CLOCK) -> None:
    """Give back the attempts ``count_all`` counted (the attempt succeeded)."""
    for key, window in counted:
        uncount(session, key=key, window=window, clock=clock)


def reset(session: Session, *, key: str) -> None:
    """Forget every counter of ``key`` (an admin unlocking an account)."""
    session.execute(
        delete(RateLimitCounter).where(col(RateLimitCounter.key).startswith(f"{key}/", autoescape=True))
    )
    session.commit()


def prune(session: Session, *, clock: Clock = SYSTEM_CLOCK) -> int:
    """Delete counters older than ``RETENTION``; returns how many rows went."""
    result = cast(
        CursorResult,
        session.execute(delete(RateLimitCounter).where(col(RateLimitCounter.window_start) < clock.now() - RETENTION)),
    )
    session.commit()
    return result.rowcount or 0


def _maybe_prune(session: Session, clock: Clock) -> None:
    # Roughly one attempt in a hundred tidies up, so no scheduler is needed.
    if secrets.randbelow(100) == 0:
        prune(session, clock=clock)
