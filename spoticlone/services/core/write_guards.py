"""What the site-wide write guards share: which tables a flush writes, and the way out.

Two guards refuse writes at the session's flush and at ORM ``INSERT``/``UPDATE``/``DELETE``
statements, below every adapter: archive mode (``lifecycle/archive.py``) and terms a
signed-in person has not accepted yet (``accounts/terms_gate.py``). Both look at the same
thing, the tables a write touches, with the helpers here.

A few writes must pass both guards, because they are how a person leaves: the right to
erasure (GDPR Art. 17) outlives an archived service, and someone who will not accept new
terms may still delete their account. A service marks exactly that work with ``exempt``
(or the ``exempting`` decorator); the guards ask ``exemption``. Nothing an adapter sends
can set it: it lives on the service's own session, for the statements inside the block.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from sqlalchemy.orm import ORMExecuteState, Session as OrmSession

P = ParamSpec("P")
T = TypeVar("T")

#: The purpose of an account deletion's writes: asking, cancelling, the erasure itself.
ERASURE = "erasure"
_EXEMPTION = "spoticlone.write_exemption"


@contextmanager
def exempt(session: OrmSession, purpose: str) -> Iterator[None]:
    """Let the writes inside the block pass the write guards (``purpose`` says why)."""
    previous = session.info.get(_EXEMPTION)
    session.info[_EXEMPTION] = purpose
    try:
        yield
    finally:
        if previous is None:
            session.info.pop(_EXEMPTION, None)
        else:
            session.info[_EXEMPTION] = previous


def exempting(purpose: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Decorate a service ``fn(session, ...)`` so all its writes run under ``exempt``."""

    def wrap(fn: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(fn)
        def run(*args: P.args, **kwargs: P.kwargs) -> T:
            with exempt(args[0], purpose):  # type: ignore[arg-type]  # services take the session first
                return fn(*args, **kwargs)

        return run

    return wrap


def exemption(session: OrmSession) -> str | None:
    """The purpose of the exempt work under way on ``session``, or None."""
    return session.info.get(_EXEMPTION)


def written_tables(session: OrmSession) -> set[str]:
    """The tables the coming flush inserts into, updates or deletes from."""
    tables = set()
    for obj in session.new | session.deleted:
        tables.add(getattr(obj, "__tablename__", ""))
    for obj in session.dirty:
        if session.is_modified(obj):
            tables.add(getattr(obj, "__tablename__", ""))
    return tables


def statement_table(state: ORMExecuteState) -> str | None:
    """The table an ORM ``INSERT``/``UPDATE``/``DELETE`` writes ("" if unknown); None for a read."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return None
    return getattr(getattr(state.bind_mapper, "local_table", None), "name", "") or ""


def sets_only(state: ORMExecuteState, columns: frozenset[str]) -> bool:
    """Whether ``state`` is an ``UPDATE`` whose SET clause names only ``columns``."""
    # ``_values`` is SQLAlchemy's own record of an UPDATE's SET clause (column -> value).
    values: Any = getattr(state.statement, "_values", None) or {}
    names = {getattr(column, "key", None) or getattr(column, "name", str(column)) for column in values}
    return bool(state.is_update and names) and names <= columns
