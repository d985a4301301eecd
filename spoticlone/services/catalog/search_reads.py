"""The search box's queries, shared between listeners while the catalog stays the same.

Listeners type the same words, and every debounced keystroke is a search of the whole
catalog. ``engine.search`` answers with public catalog data only, so an answer is kept per
database and query (``read_cache``: a new catalog generation or ``TTL`` seconds end it).
A search that finds nothing is never kept: the engine counts each one for the admin
dashboard's missed searches, and that count must stay exact. A quick read: the count is
written after the answer (``quick_reads.write_after_read``).
"""

from __future__ import annotations

from sqlmodel import Session

from spoticlone.services.catalog.read_cache import SharedReads, cache_key_of
from spoticlone.services.core.quick_reads import quick_read
from spoticlone.services.search import engine
from spoticlone.services.search.dto import SearchResults

_RESULTS: SharedReads[SearchResults] = SharedReads(max_entries=2048)


@quick_read
def search(session: Session, *, query: str, limit_per_group: int = 5) -> SearchResults:
    """``engine.search`` of every group, from the shared cache when the same query was searched."""
    where = cache_key_of(session)
    key = (" ".join((query or "").split())[: engine.MAX_QUERY_CHARS], limit_per_group)
    if where is not None and (hit := _RESULTS.lookup(where, key)) is not None:
        return hit
    found = engine.search(session, query=query, limit_per_group=limit_per_group)
    if where is not None and (found.total or found.top is not None):
        _RESULTS.put(where, key, found)
    return found
