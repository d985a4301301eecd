"""Adding a row a listener may add only once (a like, a saved album, a follow).

The unique constraint decides between a double click or two tabs at the same moment, not
a read before the insert; the event of a new row is emitted in the insert's own
transaction (``events.emit``), so its subscribers' writes and the row commit together or
not at all, and a row that was already there emits nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from spoticlone.services.core import events


def insert_once(session: Session, row: Any, event: str | None = None, **payload: Any) -> bool:
    """Add ``row``, emit ``event`` with ``payload`` if it is new, commit; False if it was there."""
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()  # already there: nothing changed, nothing to tell
        return False
    if event is not None:
        events.emit(event, session, **payload)
    session.commit()
    return True
