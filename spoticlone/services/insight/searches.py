"""Searches that found nothing, counted per day and folded query, for the dashboard.

``services.search.engine.search`` calls ``record_miss`` only when a search found nothing, so a
search that finds something pays nothing. The one upsert runs in a SAVEPOINT and never fails
the search: on a read-only server (archive mode) or a busy database the miss is just not
counted.
"""

from __future__ import annotations

import logging
from datetime import date

from sqlmodel import Session

from spoticlone.models import InsightSearchMiss
from spoticlone.services.insight.upserts import add_rows
from spoticlone.services.lifecycle import archive

log = logging.getLogger(__name__)

TERM_CHARS = 100


def record_miss(session: Session, *, term: str, day: date) -> None:
    """Count one search for ``term`` (already folded and trimmed) that found nothing on ``day``."""
    term = " ".join(term.lower().split())[:TERM_CHARS]
    if not term:
        return
    try:
        with session.begin_nested():
            archive.require_writable(session)
            add_rows(session, InsightSearchMiss, ["day", "term"], [{"day": day, "term": term, "searches": 1}])
    except Exception:  # a search must never fail because its miss could not be counted
        log.debug("search miss not counted", exc_info=True)
