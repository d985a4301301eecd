"""A value read on every write, kept per process and per database for a few seconds.

The archive switch and the terms in force are read before every unsafe request and at
every flush, and change a few times in a service's life. Each is kept here for ``TTL``
seconds per database URL (tests open a database per test, so the key is the URL, never
the process alone). The process that changes the value forgets it at once (``forget``),
so its own next request sees the change; another worker process sees it within ``TTL``
seconds. In-memory databases are never cached: one URL names many of them. (Engines that
choose a PostgreSQL schema through connect options, as the tests' ``tests/pg.py`` does,
share their URL's entry: only a test that flips the switch there would notice.)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

T = TypeVar("T")

#: How long another worker may act on the old value after a change (seconds).
TTL = 2.0


def database_key(engine: Engine) -> str | None:
    """The cache key of ``engine``'s database; None for an in-memory one (not cached)."""
    if engine.url.database in (None, "", ":memory:"):
        return None
    return engine.url.render_as_string(hide_password=False)


def engine_of(session: OrmSession) -> Engine:
    """The engine behind ``session``, also when the session is bound to a connection.

    Whatever is kept per database is keyed by this, never by ``session.get_bind()``: for a
    session on a connection (tests, the activity simulation's writer) that is a new object
    every time.
    """
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


class PerDatabase(Generic[T]):
    """``load(session)``'s result per database, reused for ``TTL`` seconds."""

    def __init__(self, load: Callable[[Session], T], ttl: float = TTL):
        self._load = load
        self._ttl = ttl
        self._values: dict[str, tuple[float, T]] = {}
        self._lock = threading.Lock()

    def peek(self, engine: Engine) -> T | None:
        """The value if one is fresh, else None (never queries: safe on the event loop)."""
        key = database_key(engine)
        with self._lock:
            hit = self._values.get(key) if key else None
        return hit[1] if hit and time.monotonic() < hit[0] else None

    def get(self, session: Session) -> T:
        """The fresh value, loading it with ``session`` when there is none."""
        key = database_key(engine_of(session))
        if key is None:
            return self._load(session)
        now = time.monotonic()
        with self._lock:
            hit = self._values.get(key)
        if hit and now < hit[0]:
            return hit[1]
        value = self._load(session)
        with self._lock:
            if len(self._values) >= 64:  # one per database: many only in a test run
                self._values = {k: v for k, v in self._values.items() if now < v[0]}
            self._values[key] = (now + self._ttl, value)
        return value

    def forget(self, session: Session) -> None:
        """Drop the value of ``session``'s database (call after committing a change)."""
        key = database_key(engine_of(session))
        with self._lock:
            self._values.pop(key or "", None)
