"""The database in and out of a backup: SQLite's online backup API, or pg_dump and pg_restore.

Both copies are taken from one consistent view while listeners keep writing. SQLite's
``Connection.backup`` copies every page in a single step under one read transaction
(WAL mode lets writers carry on); PostgreSQL's ``pg_dump`` runs on a snapshot exported
from a repeatable-read transaction that stays open, so the table digests written into
the manifest describe exactly the rows the dump holds. A restore is checked against
those digests: every row of every table, not only the file's bytes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import URL, Connection

from spoticlone.integrations.media_store import is_valid_key
from spoticlone.services.core.errors import Conflict, Invalid

SQLITE_FILE = "database/spoticlone.db"
POSTGRES_FILE = "database/spoticlone.dump"


@dataclass(frozen=True)
class DatabaseCopy:
    """What a backup records about its database."""

    engine: str
    file: str
    alembic_revision: str | None
    tables: dict[str, dict[str, object]]
    media_keys: frozenset[str] = field(default_factory=frozenset)

    def manifest(self) -> dict[str, object]:
        """The ``database`` entry of the manifest."""
        return {"engine": self.engine, "file": self.file, "tables": self.tables}


def engine_of(url: str) -> str:
    """``sqlite`` or ``postgresql`` for a database URL; ``Invalid`` for anything else."""
    name = make_url(url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise Invalid(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


def sqlite_path(url: str) -> Path:
    """The file of a SQLite URL."""
    database = make_url(url).database
    if not database or database == ":memory:":
        raise Invalid("An in-memory database cannot be backed up.")
    return Path(database)


def dump(url: str, folder: Path) -> DatabaseCopy:
    """Copy the database at ``url`` into ``folder`` (the backup being written)."""
    if engine_of(url) == "sqlite":
        return _dump_sqlite(sqlite_path(url), folder / SQLITE_FILE)
    return _dump_postgres(url, folder / POSTGRES_FILE)


def _dump_sqlite(source: Path, target: Path) -> DatabaseCopy:
    if not source.is_file():
        raise Invalid(f"There is no database at {source}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source, timeout=60)
    dst = sqlite3.connect(target)
    try:
        src.execute("PRAGMA busy_timeout=60000")
        src.backup(dst)  # pages=-1: one step, one read transaction, one consistent state
        # The copy is a plain file: opening it later (verify) must not create -wal/-shm files.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    return inspect_sqlite(target, relative=SQLITE_FILE)


def inspect_sqlite(path: Path, *, relative: str = SQLITE_FILE) -> DatabaseCopy:
    """Digests, revision and media keys of a SQLite file, opened read-only."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
        tables, keys = {}, set()
        for name in names:
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')]
            order = ", ".join(str(i) for i in range(1, len(columns) + 1))
            rows = conn.execute(f'SELECT * FROM "{name}" ORDER BY {order}')
            tables[name] = _digest(rows)
            keys |= _keys_in(conn.execute(f'SELECT "{c}" FROM "{name}"') for c in columns if "key" in c)
        revision = (conn.execute("SELECT version_num FROM alembic_version").fetchone() or [None])[0] \
            if "alembic_version" in names else None
    finally:
        conn.close()
    return DatabaseCopy("sqlite", relative, revision, tables, frozenset(keys))


def sqlite_integrity(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` and foreign key problems of a SQLite file, as sentences."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            found = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"the database file cannot be read: {exc}"]
    problems = [] if found == ["ok"] else [f"database integrity check: {line}" for line in found[:20]]
    problems += [f"database row {rowid} of {table} points to a missing {parent} row"
                 for table, rowid, parent, _ in dangling[:20]]
    return problems


def _digest(rows: Iterable[tuple]) -> dict[str, object]:
    digest, count = hashlib.sha256(), 0
    for row in rows:
        digest.update(repr(tuple(row)).encode())
        digest.update(b"\n")
        count += 1
    return {"rows": count, "sha256": digest.hexdigest()}


def _keys_in(results: Iterable[Iterable[tuple]]) -> set[str]:
    return {value for rows in results for (value,) in rows if isinstance(value, str) and is_valid_key(value)}


def _libpq_env(url: str) -> dict[str, str]:
    """The connection as libpq variables: no password on a command line anyone can list."""
    parsed: URL = make_url(url)
    env = dict(os.environ)
    for name, value in (("PGHOST", parsed.host), ("PGPORT", parsed.port), ("PGUSER", parsed.username),
                        ("PGPASSWORD", parsed.password), ("PGDATABASE", parsed.database)):
        if value is not None:
            env[name] = str(value)
    options = parsed.query.get("options")
    if options:
        env["PGOPTIONS"] = options if isinstance(options, str) else " ".join(options)
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise Invalid(f"{name} is not installed; install the PostgreSQL client tools (postgresql-client).")
    return found


def _postgres_digests(conn: Connection) -> tuple[dict[str, dict[str, object]], set[str], str | None]:
    names = [row[0] for row in conn.execute(text(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' ORDER BY table_name"))]
    tables, keys = {}, set()
    for name in names:
        # Ordered by the row's text: any column type (json too) sorts the same way twice.
        tables[name] = _digest(conn.execute(text(f'SELECT r.* FROM "{name}" AS r ORDER BY r::text')))
        columns = [row[0] for row in conn.execute(text(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = :t AND data_type IN ('character varying', 'text')"), {"t": name})]
        keys |= _keys_in(conn.execute(text(f'SELECT "{c}" FROM "{name}"')) for c in columns if "key" in c)
    revision = (conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                if "alembic_version" in names else None)
    return tables, keys, revision


def _dump_postgres(url: str, target: Path) -> DatabaseCopy:
    pg_dump = _tool("pg_dump")
    target.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            done = subprocess.run(
                [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                 f"--file={target}"], env=_libpq_env(url), capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise Invalid(f"pg_dump failed: {done.stderr.strip()[:500]}")
            tables, keys, revision = _postgres_digests(conn)
    finally:
        engine.dispose()
    return DatabaseCopy("postgresql", POSTGRES_FILE, revision, tables, frozenset(keys))


def postgres_archive_problems(path: Path) -> list[str]:
    """Whether ``pg_restore`` can read the archive's table of contents."""
    done = subprocess.run([_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True, check=False)
    return [] if done.returncode == 0 else [f"the database dump cannot be read: {done.stderr.strip()[:300]}"]


def postgres_is_empty(url: str) -> bool:
    """Whether the database's current schema has no tables yet."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return not conn.execute(text(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
            )).scalar_one()
    finally:
        engine.dispose()


def load_postgres(url: str, archive: Path, *, tables: dict[str, dict[str, object]], force: bool) -> None:
    """Restore ``archive`` into the database at ``url``, then compare every table with the manifest.

    Raises:
        Conflict: the database has tables and ``force`` was not given.
        Invalid: pg_restore failed (nothing was changed: it runs in one transaction), or the
            restored rows differ from the backup's.
    """
    if not force and not postgres_is_empty(url):
        raise Conflict("The configured PostgreSQL database already has tables. Restore into an empty "
                       "database, or add --force to replace what the backup holds.")
    command = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
               f"--dbname={make_url(url).database}"]
    if force:
        command += ["--clean", "--if-exists"]
    done = subprocess.run([*command, str(archive)], env=_libpq_env(url), capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise Invalid(f"pg_restore failed, nothing was restored: {done.stderr.strip()[:500]}")
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            restored, _, _ = _postgres_digests(conn)
    finally:
        engine.dispose()
    differ = sorted(name for name, digest in tables.items() if restored.get(name) != digest)
    if differ:
        raise Invalid(f"The restored database differs from the backup in: {', '.join(differ)}.")
