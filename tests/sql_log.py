"""What SQL a piece of code runs: for tests that pin how many reads a hot path makes."""

from __future__ import annotations

from collections.abc import Iterator
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
