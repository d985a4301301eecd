"""What SQL a piece of code runs: for tests that pin how many reads a hot path makes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine


@contextmanager
def statements_run(engine: Engine) -> Iterator[list[str]]:
    """The statements ``engine`` executes inside the ``with`` block, in order."""
    statements: list[str] = []

    def note(conn, cursor, statement: str, *rest) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


def reads_of(table: str, statements: Iterable[str]) -> list[str]:
    """The statements that read ``table`` (quoted or not, as SQLite and PostgreSQL print it)."""
    pattern = re.compile(rf'\bFROM "?{re.escape(table)}"?\s')
    return [s for s in statements if pattern.search(s)]
