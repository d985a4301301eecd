"""One search box over songs, artists, albums, genres and lyrics: the query engine, its
full-text index (SQLite FTS5 or PostgreSQL), and each listener's recent searches.

The package names its public functions below; callers import the module that defines
each (``from spoticlone.services.search import dto``), which keeps import order simple.
"""

from spoticlone.services.search.engine import fold, fts_query, search, terms, tier
from spoticlone.services.search.index import (
    corrections,
    create_triggers,
    drop_triggers,
    hot_threshold,
    install,
    is_search_object,
    kind_range,
    known,
    reindex_all,
    uninstall,
    within_one_edit,
    words_between,
)
from spoticlone.services.search.postgres import candidates, tsquery
from spoticlone.services.search.recent import clear, list_recent, record, tidy

__all__ = [
    "candidates",
    "clear",
    "corrections",
    "create_triggers",
    "drop_triggers",
    "fold",
    "fts_query",
    "hot_threshold",
    "install",
    "is_search_object",
    "kind_range",
    "known",
    "list_recent",
    "record",
    "reindex_all",
    "search",
    "terms",
    "tidy",
    "tier",
    "tsquery",
    "uninstall",
    "within_one_edit",
    "words_between",
]
