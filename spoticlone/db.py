"""Database engine and session handling shared by services, API, state and CLI.

SQLite is the embedded default. Every SQLite connection gets ``foreign_keys=ON``
(cascades and referential checks are off by default in SQLite), WAL journaling (so
readers never block the writer) and a busy timeout (so concurrent writers wait
instead of failing with "database is locked"), except in ``run_without_waiting``.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event, make_url, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session, SQLModel, create_engine

from spoticlone.config import get_settings
from spoticlone.services.core.quick_reads import running_quick_read

log = logging.getLogger(__name__)
T = TypeVar("T")


def _apply_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


#: How long a SQLite write waits for another connection's write lock (ms).
BUSY_TIMEOUT_MS = 5000
#: Set while a quick write runs on the event loop: its connections must not wait (``run_without_waiting``).
_NO_WAIT: ContextVar[bool] = ContextVar("spoticlone_no_wait", default=False)
_NO_WAIT_INFO = "spoticlone_no_wait"


class WriteLockBusy(Exception):
    """Another connection held SQLite's write lock; what the call did was rolled back."""


def run_without_waiting(fn: Callable[..., T], /, **kwargs: Any) -> T:
    """``run_in_session(fn, **kwargs)`` on connections that fail at once on a held write lock.

    For a quick write on the event loop (``services.core.quick_reads``): waiting up to
    ``BUSY_TIMEOUT_MS`` there would stall every listener of the worker. Raises
    ``WriteLockBusy`` (the call's session rolled back) if the lock was held. A connection gets
    its usual timeout back when it returns to the pool.
    """
    token = _NO_WAIT.set(True)
    try:
        return run_in_session(fn, **kwargs)
    except OperationalError as exc:
        if _write_lock_was_busy(exc):
            raise WriteLockBusy() from exc
        raise
    finally:
        _NO_WAIT.reset(token)


def _write_lock_was_busy(exc: OperationalError) -> bool:
    orig = exc.orig
    return isinstance(orig, sqlite3.OperationalError) and "database is locked" in str(orig)


def _no_wait_on_checkout(dbapi_connection, record, _proxy) -> None:
    if _NO_WAIT.get():
        dbapi_connection.execute("PRAGMA busy_timeout=0")
        record.info[_NO_WAIT_INFO] = True


def _wait_again_on_checkin(dbapi_connection, record) -> None:
    if record.info.pop(_NO_WAIT_INFO, False) and dbapi_connection is not None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


#: Connections each engine keeps open, and how many more it may open under load.
#: Per process: two PostgreSQL workers use at most 2 x 30, under the server's default 100.
POOL_SIZE = 10
POOL_OVERFLOW = 20
#: API requests holding a session at once (``api.deps.get_session``): fewer than the pool's
#: connections, so the rest serve the short sessions opened elsewhere (the write guard,
#: streaming, Reflex event handlers) and a request's session always gets a connection.
REQUEST_SESSIONS = 20


def make_engine(url: str) -> Engine:
    """Create an engine for ``url`` with the pragmas and pool settings we rely on."""
    _install_write_guards()
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        if not database or database == ":memory:":
            engine = create_engine(url, connect_args={"check_same_thread": False})
        else:
            engine = create_engine(url, connect_args={"check_same_thread": False},
                                   pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
        event.listen(engine, "connect", _apply_sqlite_pragmas)
        event.listen(engine, "checkout", _no_wait_on_checkout)
        event.listen(engine, "checkin", _wait_again_on_checkin)
        event.listen(engine, "before_cursor_execute", _refuse_quick_read_writes)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)


def _install_write_guards() -> None:
    # Archive mode refuses writes at the session's flush, below every adapter; no engine
    # exists without that guard (lazy import: the services import this module's users).
    from spoticlone.services.accounts.terms_gate import install_terms_gate
    from spoticlone.services.lifecycle.archive import install_write_guard

    install_write_guard()
    install_terms_gate()  # and terms to accept: refused below every front end too


_ENGINES: OrderedDict[str, Engine] = OrderedDict()  # most recently used last
_ENGINES_LOCK = threading.Lock()
_MAX_ENGINES = 4


def _engine_for(url: str) -> Engine:
    """One engine per URL, the last few URLs only (tests switch databases many times a run).

    An engine that falls out is disposed: its pooled connections hold the database file,
    its WAL and shared memory open. Disposing never breaks a holder still using it:
    checked-out connections are left alone (closed when they are returned) and the engine
    opens new ones if used again. In-memory databases are kept alive as they live in their
    connection.
    """
    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is not None:
            _ENGINES.move_to_end(url)
            return engine
        engine = _ENGINES[url] = make_engine(url)
        evicted = [_ENGINES.popitem(last=False) for _ in range(len(_ENGINES) - _MAX_ENGINES)]
    for old_url, old in evicted:
        if make_url(old_url).database not in (None, "", ":memory:"):
            old.dispose()
    return engine


def get_engine() -> Engine:
    """The engine for the configured database (one per URL per process)."""
    return _engine_for(get_settings().resolved_database_url)


@contextlib.contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A short-lived session: commit on success, roll back on error, always close."""
    session = Session(engine or get_engine(), expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def run_in_session(fn: Callable[..., T], /, **kwargs: Any) -> T:
    """``fn(session, **kwargs)`` in its own ``session_scope``: the one way adapters reach the database.

    Reflex states and out-of-request HTTP code call services through this (states via
    ``state.common.call_service``, on a worker thread), so no adapter opens a session
    or runs a query itself. Inside ``one_session_for_all`` the calls share one session.
    """
    shared = _SHARED.get()
    if shared is not None and shared.lock.acquire(blocking=False):
        try:
            if shared.open:
                return shared.run(fn, kwargs)
        finally:
            shared.lock.release()
    with session_scope() as session:
        return fn(session, **kwargs)


class _SharedSession:
    """One session for the service calls of a ``one_session_for_all`` block, one call at a time."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = True
        self.session: Session | None = None
        self.kept: list[Any] = []

    def run(self, fn: Callable[..., T], kwargs: dict[str, Any]) -> T:
        """``fn`` as ``session_scope`` would run it (commit, or roll back and raise), keeping the session.

        Its ``info`` starts empty as a new session's does (whom it acts for is the call's own).
        """
        if self.session is None:
            self.session = Session(get_engine(), expire_on_commit=False)
            # The identity map holds its objects weakly: without a reference of its own the
            # account one call loaded would be gone (and read again) by the next call.
            event.listen(self.session, "loaded_as_persistent", lambda _session, instance: self.kept.append(instance))
        session = self.session
        session.info.clear()
        try:
            result = fn(session, **kwargs)
            session.commit()
            return result
        except BaseException:
            session.rollback()
            raise

    def close(self) -> None:
        """No more calls share the session. Never waits: the event loop calls it.

        A call still running (its page load was cancelled) keeps the session until it ends;
        every call ends in a commit or rollback, so what is left then holds no connection
        and is simply collected.
        """
        self.open = False
        if self.lock.acquire(blocking=False):
            try:
                if self.session is not None:
                    self.session.close()
                    self.session, self.kept = None, []
            finally:
                self.lock.release()


_SHARED: ContextVar[_SharedSession | None] = ContextVar("spoticlone_shared_session", default=None)


@contextlib.contextmanager
def one_session_for_all() -> Iterator[None]:
    """Let the ``run_in_session`` calls inside share one session, one after another.

    A page's load runs four to six service calls within milliseconds (``state.page_load``),
    and each opened a session and loaded the acting account again: on Home about a seventh
    of the page's cost. Shared, the account the session check loaded is in the session's
    identity map for every call after it (``load_actor`` then runs no query). Each call still
    commits or rolls back as its own unit. Objects are not expired between calls, so a row
    read by one call is seen as it was by the next: fine for the milliseconds of one page
    load, not for anything longer.

    A call that finds the session in use (two calls at once, or a nested call) gets a session
    of its own, as does anything that runs after the block ends with a copy of this context
    (an event queued from inside it).
    """
    shared = _SharedSession()
    _SHARED.set(shared)
    try:
        yield
    finally:
        shared.close()


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


class QuickReadWrote(RuntimeError):
    """A service marked ``services.core.quick_reads.quick_read`` sent a write (refused under test)."""


def reads_on_the_loop() -> bool:
    """Whether quick reads run on the caller's event loop: on SQLite, not over a network.

    On PostgreSQL every query is a round trip the loop would sit out; there, a thread waits.
    """
    return get_engine().dialect.name == "sqlite"


def _refuse_quick_read_writes(_conn, _cursor, statement: str, *_args) -> None:
    name = running_quick_read()
    if name is None or not statement.lstrip()[:7].upper().startswith(_WRITES):
        return
    if get_settings().env == "test":  # the suite finds the mistake; a listener's page still opens
        raise QuickReadWrote(f"{name} is marked quick_read but wrote: {statement[:80]}")
    log.error("%s is marked quick_read but wrote (it ran on the event loop): %s", name, statement[:80])


def ping(session: Session) -> bool:
    """Whether the database answers a trivial query on ``session`` (rolled back if not)."""
    try:
        session.execute(text("SELECT 1")).one()
    except SQLAlchemyError:
        log.exception("database ping failed")
        session.rollback()
        return False
    return True


def create_schema(engine: Engine) -> None:
    """Create every table directly (tests); real databases use Alembic migrations.

    The search index (FTS5 table and triggers, or PostgreSQL indexes) and the triggers that
    count each album's published tracks are not models, so they are installed here too, by
    the same functions the migrations call.
    """
    import spoticlone.models  # noqa: F401  - registers the tables on the metadata
    from spoticlone.services.catalog import album_listing
    from spoticlone.services.search import index

    SQLModel.metadata.create_all(engine)
    with engine.begin() as conn:
        index.install(conn)
        album_listing.install(conn)


def _not_search_object(name: str | None, _type: str, _parents: dict) -> bool:
    from spoticlone.services.search.index import is_search_object

    return not is_search_object(name)


def ignore_search_index_in_autogenerate() -> None:
    """Make Alembic's autogenerate skip the search index, which no model describes.

    Reflex runs autogenerate with its own fixed options (no ``env.py``, no hook), both in
    ``reflex db makemigrations`` and in the schema check of every ``reflex run``. Without
    this, the FTS tables look like tables to drop: the check tells every newcomer to
    generate migrations, and a generated migration would delete the index. Called from
    ``rxconfig.py``, which every Reflex command loads first; idempotent.
    """
    from alembic.runtime.environment import EnvironmentContext

    original = EnvironmentContext.configure
    if getattr(original, "skips_search_index", False):
        return

    def configure(self, *args, **kwargs):
        kwargs.setdefault("include_name", _not_search_object)
        return original(self, *args, **kwargs)

    configure.skips_search_index = True  # type: ignore[attr-defined]  # a marker on our wrapper
    EnvironmentContext.configure = configure  # type: ignore[method-assign]  # Alembic has no hook for this
