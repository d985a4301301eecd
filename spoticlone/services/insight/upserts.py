"""Upserts of the dashboard's rollups, on SQLite and PostgreSQL, built once per shape.

A live play runs several of these in its own request; building SQLAlchemy's upsert construct
again each time cost several times more than running it (about 180 µs against 25 µs per
statement on SQLite), so each shape is built once per dialect and reused.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session


def dialect_insert(session: Session) -> Any:
    """``insert`` of the session's dialect (SQLite or PostgreSQL), which has ``on_conflict_do_*``."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert
        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert
    return sqlite_insert


#: Upsert statements by (dialect, table, keys, columns added): a live play runs several, and
#: building each again cost about as much as running it.
_ADDING: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], Any] = {}


def _adding(session: Session, table: Any, keys: Sequence[str], added: tuple[str, ...]) -> Any:
    """The upsert that inserts new keys and adds ``added`` to existing rows, built once."""
    cache_key = (session.get_bind().dialect.name, table.name, tuple(keys), added)
    statement = _ADDING.get(cache_key)
    if statement is None:
        insert = dialect_insert(session)(table)
        statement = _ADDING[cache_key] = insert.on_conflict_do_update(
            index_elements=list(keys), set_={name: table.c[name] + insert.excluded[name] for name in added})
    return statement


def add_rows(session: Session, model: Any, keys: Sequence[str], rows: list[dict[str, Any]]) -> None:
    """Upsert ``rows``: insert new keys, add the other columns to existing rows (one executemany)."""
    if not rows:
        return
    added = tuple(name for name in rows[0] if name not in keys)
    # Through the connection: these are aggregates of a write the archive guard already
    # allowed in this transaction, so the guard's extra read per statement is skipped.
    session.connection().execute(_adding(session, model.__table__, keys, added), rows)


#: "Insert unless the key exists" statements by (dialect, table, keys), built once like ``_ADDING``.
_NEW: dict[tuple[str, str, tuple[str, ...]], Any] = {}


def insert_if_new(session: Session, model: Any, keys: Sequence[str], row: dict[str, Any]) -> bool:
    """Insert ``row`` unless a row with its ``keys`` exists; whether it was new.

    Read from ``RETURNING``, not ``rowcount``: SQLAlchemy reports -1 for a single insert on
    psycopg, which once counted every play of a day as a new listener on PostgreSQL.
    """
    table = model.__table__
    cache_key = (session.get_bind().dialect.name, table.name, tuple(keys))
    statement = _NEW.get(cache_key)
    if statement is None:
        statement = _NEW[cache_key] = dialect_insert(session)(table).on_conflict_do_nothing(
            index_elements=list(keys)).returning(table.c[keys[0]])
    return session.connection().execute(statement, row).first() is not None


def set_rows(session: Session, model: Any, keys: Sequence[str], rows: list[dict[str, Any]]) -> None:
    """Upsert ``rows``, replacing the other columns of existing rows (one executemany)."""
    if not rows:
        return
    table = model.__table__
    statement = dialect_insert(session)(table)
    session.connection().execute(
        statement.on_conflict_do_update(index_elements=list(keys),
                                        set_={name: statement.excluded[name] for name in rows[0] if name not in keys}),
        rows,
    )
