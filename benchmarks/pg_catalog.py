"""What the catalog benchmarks share to run on PostgreSQL as well as SQLite.

``open_engine`` gives an engine on a fresh schema of the given PostgreSQL database (its
``search_path``), dropped on exit unless kept; ``load`` bulk-writes rows with ``COPY`` on
PostgreSQL (about 10x faster than executemany at a million rows) and ``executemany``
on SQLite, so both benchmarks build the very same synthetic catalog on either.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import sqlalchemy
from sqlalchemy.engine import Connection, Engine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from spoticlone.db import create_schema

log = logging.getLogger("benchmarks.pg")


@contextlib.contextmanager
def open_engine(url: str, *, schema: str | None = None, keep: bool = False) -> Iterator[tuple[Engine, bool]]:
    """``(engine, fresh)`` on ``schema`` (default: a new ``bench_*`` one) of the database at ``url``.

    ``fresh`` is False when ``schema`` already existed (a kept catalog to reuse). The schema
    is dropped afterwards unless ``keep`` (or it was given and already there).
    """
    name = schema or f"bench_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(url)
    with admin.begin() as conn:
        existed = bool(conn.execute(sqlalchemy.text(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = :s"), {"s": name}).first())
        if not existed:
            conn.execute(sqlalchemy.text(f'CREATE SCHEMA "{name}"'))
    engine = sqlalchemy.create_engine(url, connect_args={"options": f"-csearch_path={name}"})
    if not existed:
        create_schema(engine)
    log.info("PostgreSQL schema %s (%s)", name, "reused" if existed else "new")
    try:
        yield engine, not existed
    finally:
        engine.dispose()
        if keep or existed:
            log.info("kept schema %s (drop it with: DROP SCHEMA \"%s\" CASCADE)", name, name)
        else:
            with admin.begin() as conn:
                conn.execute(sqlalchemy.text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


def load(conn: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table`` as fast as the dialect allows."""
    if conn.dialect.name == "postgresql":
        driver = conn.connection.driver_connection
        assert driver is not None  # a live connection inside a transaction
        cursor = driver.cursor()
        with cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    conn.exec_driver_sql(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})', list(rows))


def settle(engine: Engine) -> None:
    """On PostgreSQL, ``VACUUM`` the freshly loaded catalog tables, as autovacuum soon would:
    until then no page is marked all-visible, so even index-only scans read the heap.
    """
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM (ANALYZE) track, album, artistprofile, genre")


def analyze(conn: Connection) -> None:
    """Fresh planner statistics for the catalog tables (only these: a database-wide
    ANALYZE on PostgreSQL also locks the system catalogs other sessions are using).
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE track, album, artistprofile, genre")
    else:
        conn.exec_driver_sql("ANALYZE")
