"""How many rows the admin data browser says a table (or a filtered list) holds, cheaply.

A ``COUNT(*)`` reads the whole table on SQLite (there is no stored count), so the overview of
every table would cost as much as the largest table. Here a count stops after a bound, and a
table past ``EXACT_UP_TO`` rows gets an estimate marked as such; the overview then costs about
the same at 10M play events as at 10.
"""

from __future__ import annotations

from sqlalchemy import Table, func, literal, select, text as sql_text
from sqlalchemy.sql import Select
from sqlmodel import Session

from spoticlone.services.admin.data_browser_columns import column_kind

#: Rows counted exactly in the overview; past this a table's count is an estimate.
EXACT_UP_TO = 100_000


def count_upto(session: Session, statement: Select, limit: int) -> tuple[int, bool]:
    """``(rows, exact)``: how many rows ``statement`` selects, reading at most ``limit + 1``.

    A ``COUNT(*)`` of a 10M-row table reads all of it (SQLite has no stored count); this reads
    ``limit + 1`` rows at most, so its cost depends on ``limit``, not on the table.
    """
    capped = statement.limit(limit + 1).subquery()
    counted = int(session.scalar(select(func.count()).select_from(capped)) or 0)
    return (counted, True) if counted <= limit else (limit, False)


def estimate_rows(session: Session, table: Table, floor: int) -> int:
    """About how many rows a large table holds, in one cheap read (never below ``floor``).

    PostgreSQL keeps an estimate per table (``pg_class.reltuples``, refreshed by autovacuum);
    on SQLite an integer key's span (``max - min + 1``: two index probes) is exact until rows
    are deleted and too high by the deleted rows after that.
    """
    if session.get_bind().dialect.name == "postgresql":
        guess = session.scalar(sql_text("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(:name)"),
                               {"name": f'"{table.name}"'})  # quoted: "user" is a keyword
        if guess is not None and int(guess) > 0:
            return max(int(guess), floor)
    keys = list(table.primary_key.columns)
    if len(keys) == 1 and column_kind(keys[0]) == "number":
        # Two statements: SQLite answers a lone min() or max() from the index, both at once by a scan.
        low = session.scalar(select(func.min(keys[0])))
        high = session.scalar(select(func.max(keys[0])))
        if low is not None and high is not None:
            return max(int(high) - int(low) + 1, floor)
    return floor


def table_size(session: Session, table: Table) -> tuple[int, bool]:
    """``(rows, exact)`` for the overview: exact up to ``EXACT_UP_TO`` rows, an estimate beyond."""
    rows, exact = count_upto(session, select(literal(1)).select_from(table), EXACT_UP_TO)
    if not exact:
        rows = estimate_rows(session, table, rows + 1)
    return rows, exact


def exact_count(session: Session, table: Table) -> int:
    """Every row of ``table``, counted: a full read, so only when an admin asks for it."""
    return int(session.scalar(select(func.count()).select_from(table)) or 0)


def size_label(rows: int, exact: bool) -> str:
    """``"1,234"`` when exact; ``"about 12k"`` or ``"about 1.2M"`` for an estimate."""
    if exact:
        return f"{rows:,}"
    if rows >= 1_000_000:
        return f"about {rows / 1_000_000:.1f}M"
    if rows >= 10_000:
        return f"about {rows // 1000:,}k"
    return f"about {rows:,}"
