"""The terms gate at the flush: no changes from someone who must accept new terms first.

The REST API refuses early (``api/write_guard.py``: 403 ``terms_not_accepted``) and pages
show a blocking dialog, but a page's events arrive over the websocket and Subsonic apps
call ``/rest``, where no HTTP method says "this changes something", and a crafted event
skips any dialog. So the rule is also enforced where every write ends up, as archive mode
is: the session's flush and ORM ``INSERT``/``UPDATE``/``DELETE`` statements. The session
knows whose work it is (``core.actor.acting_for``: set by ``load_actor``, which every
adapter's actor comes from, and by the Subsonic sign-in), and ``legal.require_accepted``
refuses with ``Conflict`` (code ``terms_not_accepted``), which each adapter already shows
(a toast, a form error, a Subsonic error).

What still works before accepting, so nobody is stuck:

- everything that keeps working while the service is read-only (``archive.WRITABLE_WHILE_ARCHIVED``:
  signing in and out, throttles, listening and its statistics, recent searches, exports),
  plus accepting the terms and the deletion notice (``OPEN_TABLES``);
- reading, including the legal pages (no writes);
- asking for (or cancelling) the account's deletion: those services run under
  ``core.write_guards.exempt`` (someone who will not accept may still leave with their data).
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState
from sqlmodel import Session

from spoticlone.services.accounts import legal
from spoticlone.services.core.actor import acting_for
from spoticlone.services.core.write_guards import exemption, sets_only, statement_table, written_tables
from spoticlone.services.lifecycle import archive

#: Tables a person with terms to accept may write besides the read-only set: accepting
#: them, and the deletion's one-time "cancelled" notice.
OPEN_TABLES = frozenset({"legalacceptance", "accountdeletion"})
#: Of the read-only set, the operator's own switch is not a listener's way out.
CLOSED_TABLES = frozenset({"archiveswitch"})


def writable_before_accepting() -> set[str]:
    """The tables anyone may write with terms still to accept (read at each check: features add to it)."""
    return (archive.WRITABLE_WHILE_ARCHIVED - CLOSED_TABLES) | OPEN_TABLES


def _gated(session: Session) -> bool:
    return acting_for(session) is not None and exemption(session) is None


def _guard_flush(session: Session, _context, _instances) -> None:
    if _gated(session) and written_tables(session) - writable_before_accepting():
        legal.require_accepted(session)


def _guard_statement(state: ORMExecuteState) -> None:
    table = statement_table(state)
    if table is None or not _gated(state.session):  # type: ignore[arg-type]  # a sqlmodel Session here
        return
    if table not in writable_before_accepting() and not sets_only(state, archive.COUNTERS_WHILE_ARCHIVED):
        legal.require_accepted(state.session)  # type: ignore[arg-type]


def install_terms_gate() -> None:
    """Refuse the writes of accounts with terms to accept, on every session (idempotent)."""
    if not event.contains(Session, "before_flush", _guard_flush):
        event.listen(Session, "before_flush", _guard_flush)
        event.listen(Session, "do_orm_execute", _guard_statement)
