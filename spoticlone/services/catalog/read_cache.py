"""Catalog reads every listener makes, kept per process and per database for a few seconds.

Under load most UI events read the same public rows again: the Home shelves, an album page,
the DTO of a track in a queue. They are built once and shared here, since they hold
nothing about the listener (likes, saves, follows and histories are read by their own
services, never through this cache).

What makes a cached answer stale is a committed write to a catalog table (``CATALOG_TABLES``):
a publish, an edit, a takedown or hide, a deletion, an import. Rather than trusting every write
site to announce itself, the cache watches the SQL the process runs: a statement that writes a
catalog table marks its connection, and the commit of that connection starts a new
*generation* of the database's catalog, which every entry of an older generation misses. A
change is therefore seen at once by the process that made it, whichever service (or test,
or migration) made it, and by other worker processes within ``TTL`` seconds. A session
with uncommitted catalog writes of its own reads around the cache.

The one write that does not start a generation is a change of play counts alone (every
counted play bumps ``track.play_count``): cached shelves may show a count up to ``TTL``
seconds old. Track DTOs are still exact for it, as their entries remember the row they were
built from (``track_dto_cache``).

Entries are keyed by the database URL (tests open a database per test); in-memory databases
are never cached, as ``core.db_cache`` does.
"""

from __future__ import annotations

import re
import threading
import time
import weakref
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import Pool
from sqlmodel import Session

from spoticlone.services.core.db_cache import database_key, engine_of

T = TypeVar("T")

#: How long another worker process may serve a catalog read made before a change (seconds).
TTL = 5.0
#: Tables whose rows any cached read is built from. ``pluginstate`` and ``moderationhold`` are
#: not the catalog, but whether a plugin is on (``admin.plugins.is_enabled``) and whether an item
#: is hidden (``moderation.holds.is_hidden``) are read as often and written as rarely.
CATALOG_TABLES = frozenset({"track", "album", "artistprofile", "genre", "trackfeaturedartist", "pluginstate",
                            "moderationhold"})

_WRITE = re.compile(r'\s*(?:UPDATE|DELETE\s+FROM|INSERT(?:\s+OR\s+\w+)?\s+INTO)\s+"?(\w+)"?', re.IGNORECASE)
# ``UPDATE track SET play_count=(track.play_count + ?) WHERE ...``: a counted play, no edit.
_PLAY_COUNT_ONLY = re.compile(r'\s*UPDATE\s+"?track"?\s+SET\s+play_count\s*=[^,]*\sWHERE\s', re.IGNORECASE)
# A plugin's latest error or settings: not whether it is on (a failing plugin records one per event).
_PLUGIN_NOT_SWITCHED = re.compile(r'\s*UPDATE\s+"?pluginstate"?\s+SET\s+(?:(?!\benabled\b).)*?\sWHERE\s',
                                  re.IGNORECASE | re.DOTALL)
_WRITES = "catalog_read_cache.writes"  # on a connection: its transaction wrote the catalog (the db key)
_SETTLE = "catalog_read_cache.settle"  # on a pooled connection: bump again once the commit is done

_lock = threading.Lock()
_generations: dict[str, int] = {}
_every: weakref.WeakSet[SharedReads] = weakref.WeakSet()  # for ``clear_shared_reads``


def generation(db: str) -> int:
    """The current catalog generation of database ``db`` (a ``database_key``)."""
    return _generations.get(db, 0)


def invalidate(db: str | None) -> None:
    """Start a new catalog generation for ``db``: every cached read of it misses from now on."""
    if db is not None:
        with _lock:
            _generations[db] = _generations.get(db, 0) + 1


def _writes_catalog(statement: str) -> bool:
    if statement[:1] not in "UuDdIi":  # SELECT, PRAGMA, BEGIN...: the common case, decided at once
        return False
    found = _WRITE.match(statement)
    return bool(found and found.group(1).lower() in CATALOG_TABLES and not _PLAY_COUNT_ONLY.match(statement)
                and not _PLUGIN_NOT_SWITCHED.match(statement))


@event.listens_for(Engine, "after_cursor_execute")
def _note_write(conn: Connection, cursor, statement: str, parameters, context, executemany) -> None:
    if _writes_catalog(statement):
        conn.info[_WRITES] = database_key(conn.engine)


@event.listens_for(Engine, "commit")
def _on_commit(conn: Connection) -> None:
    db = conn.info.pop(_WRITES, None)
    if db is not None:
        invalidate(db)
        # This runs just before the database commits: a read started in between would see
        # the old rows under the new generation, so the generation moves again when the
        # connection goes back to the pool, after the commit.
        conn.info[_SETTLE] = db


@event.listens_for(Engine, "rollback")
def _on_rollback(conn: Connection) -> None:
    # A connection invalidated mid-statement (Ctrl+C inside the driver) cannot even show its
    # ``info`` until rolled back, and this runs as part of that rollback. Its mark may then
    # outlive it on the pooled record: at worst one needless new generation later.
    if not conn.invalidated:
        conn.info.pop(_WRITES, None)


@event.listens_for(Pool, "checkin")
def _on_checkin(dbapi_connection, record) -> None:
    if record is not None and (db := record.info.pop(_SETTLE, None)) is not None:
        invalidate(db)


def cache_key_of(session: Session) -> tuple[str, int] | None:
    """``(database, generation)`` under which ``session`` may read and fill the cache, or None
    when it must read the database itself (an in-memory database, or uncommitted catalog
    writes of its own in this session).
    """
    db = database_key(engine_of(session))
    if db is None or session.new or session.dirty or session.deleted:
        return None
    if session.in_transaction() and session.connection().info.get(_WRITES) is not None:
        return None
    return db, generation(db)


class SharedReads(Generic[T]):
    """``load()``'s result per database and key, until ``TTL`` passes or the catalog changes."""

    def __init__(self, ttl: float = TTL, max_entries: int = 4096):
        self._ttl = ttl
        self._max = max_entries
        self._values: dict[tuple[str, Hashable], tuple[float, int, T]] = {}
        self._lock = threading.Lock()
        _every.add(self)

    def get(self, session: Session, key: Hashable, load: Callable[[], T]) -> T:
        """The cached value of ``key`` for ``session``'s database, or ``load()``'s, kept."""
        where = cache_key_of(session)
        if where is None:
            return load()
        hit = self.lookup(where, key)
        if hit is not None:
            return hit
        value = load()
        self.put(where, key, value)
        return value

    def cached(self, session: Session, key: Hashable) -> T | None:
        """The entry of ``key`` if ``session`` may use it now without a query, else None."""
        where = cache_key_of(session)
        return None if where is None else self.lookup(where, key)

    def lookup(self, where: tuple[str, int], key: Hashable) -> T | None:
        """The entry of ``key`` if it is fresh for ``where`` (from ``cache_key_of``), else None."""
        hit = self._values.get((where[0], key))
        if hit is not None and time.monotonic() < hit[0] and hit[1] == where[1]:
            return hit[2]
        return None

    def put(self, where: tuple[str, int], key: Hashable, value: T) -> None:
        """Keep ``value`` for ``key``, made under ``where`` (taken before it was read)."""
        now = time.monotonic()
        self._store((where[0], key), (now + self._ttl, where[1], value), now)

    def _store(self, key: tuple[str, Hashable], entry: tuple[float, int, Any], now: float) -> None:
        with self._lock:
            if len(self._values) >= self._max:
                self._values = {k: v for k, v in self._values.items() if now < v[0]}
                if len(self._values) >= self._max:
                    self._values.clear()
            self._values[key] = entry

    def clear(self) -> None:
        """Forget every entry (tests, or memory pressure)."""
        with self._lock:
            self._values.clear()


def clear_shared_reads() -> None:
    """Forget every entry of every ``SharedReads`` of this process (tests, or memory pressure)."""
    for reads in list(_every):
        reads.clear()
