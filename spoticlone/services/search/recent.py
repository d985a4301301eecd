"""A listener's recent searches: the last few distinct queries they committed to.

What counts as "committed" is the caller's choice (the Search page records a query when
the listener presses Enter, opens or plays one of its results, or picks it from this
list; API clients post it), never each keystroke of search-as-you-type. The rules live
here so the page and the API keep the same list:

- the text is tidied (control characters dropped, runs of whitespace made one space,
  cut to ``search.MAX_QUERY_CHARS``); a blank query is refused;
- queries that differ only in case are one entry ("Hollow Pines" = "hollow pines"):
  searching again moves it to the top with the newest spelling;
- only the ``KEEP`` newest are kept, newest first;
- each account sees and clears only its own list; anonymous visitors have none.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import bindparam, delete, select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from spoticlone.models import RecentSearch, User
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.errors import Invalid
from spoticlone.services.core.quick_reads import quick_read
from spoticlone.services.search.engine import MAX_QUERY_CHARS

KEEP = 10


class RecentSearchOut(BaseModel):
    """One remembered query and when it was last searched."""

    model_config = ConfigDict(frozen=True)

    query: str
    searched_at: datetime


class RecentSearches(BaseModel):
    """The actor's recent searches, newest first."""

    model_config = ConfigDict(frozen=True)

    items: list[RecentSearchOut]


def tidy(query: str) -> str:
    """The query as it is kept: printable, single-spaced, at most ``MAX_QUERY_CHARS``."""
    printable = "".join(c if c.isprintable() else " " for c in str(query or ""))
    return " ".join(printable.split())[:MAX_QUERY_CHARS].strip()


@quick_read
def list_recent(session: Session, *, actor: User | None) -> RecentSearches:
    """The actor's recent searches, newest first (``PermissionDenied`` if anonymous)."""
    user = require_user(actor)
    rows = session.connection().execute(_RECENT_OF, {"user_id": user.id}).all()
    return RecentSearches(items=[RecentSearchOut(query=r.query, searched_at=r.searched_at) for r in rows])


#: ``list_recent``'s read: the search page asks on every open (a hot read, docs/architecture.md).
_RECENT_OF = (
    sa_select(col(RecentSearch.query), col(RecentSearch.searched_at))
    .where(col(RecentSearch.user_id) == bindparam("user_id"))
    .order_by(col(RecentSearch.id).desc()).limit(KEEP)
)


def _replace(session: Session, user_id: int, query: str, key: str) -> None:
    # Delete-then-insert rather than update: the row id is the recency order, and a
    # fresh id is always above every other (SQLite rowids and PostgreSQL sequences
    # both grow), so the newest search sorts first without trusting clock resolution.
    session.execute(delete(RecentSearch).where(col(RecentSearch.user_id) == user_id,
                                               col(RecentSearch.query_key) == key))
    session.add(RecentSearch(user_id=user_id, query=query, query_key=key))
    session.flush()
    keep = (select(RecentSearch.id).where(RecentSearch.user_id == user_id)
            .order_by(col(RecentSearch.id).desc()).limit(KEEP))
    session.execute(delete(RecentSearch).where(col(RecentSearch.user_id) == user_id,
                                               col(RecentSearch.id).not_in(keep.scalar_subquery())))
    session.commit()


def record(session: Session, *, actor: User | None, query: str) -> RecentSearches:
    """Put ``query`` at the top of the actor's recent searches; returns the new list."""
    user = require_user(actor)
    text = tidy(query)
    if not text:
        raise Invalid("Type something to search for.")
    try:
        _replace(session, saved_id(user), text, text.casefold())
    except IntegrityError:
        # The same listener recorded the same query at the same moment (two tabs):
        # the other transaction's row won the unique key; take its place once more.
        session.rollback()
        _replace(session, saved_id(user), text, text.casefold())
    return list_recent(session, actor=user)


def clear(session: Session, *, actor: User | None) -> None:
    """Forget every recent search of the actor (and nobody else's)."""
    user = require_user(actor)
    session.execute(delete(RecentSearch).where(col(RecentSearch.user_id) == user.id))
    session.commit()
