"""One search box over songs, artists, albums, genres and lyrics: the query engine, its
full-text index (SQLite FTS5 or PostgreSQL), and each listener's recent searches.

``__all__`` names the package's public functions. They load on first use (PEP 562), so
importing one module of the package, as the sandboxed parser children do, does not import
the rest; callers import the module that defines a function
(``from spoticlone.services.search import dto``).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.search.bulk_index import fill, tracks_indexed_together
    from spoticlone.services.search.engine import fold, fts_query, search, terms, tier
    from spoticlone.services.search.index import (
        album_rows,
        corrections,
        create_triggers,
        drop_triggers,
        hot_rows,
        hot_threshold,
        install,
        is_search_object,
        kind_range,
        known,
        lyrics_rows,
        new_track_rows,
        reindex_all,
        sqlite_trigger,
        track_rows,
        uninstall,
        within_one_edit,
        words_between,
    )
    from spoticlone.services.search.pg_index import pg_install, pg_uninstall, refresh_hot
    from spoticlone.services.search.postgres import candidates, tsquery
    from spoticlone.services.search.recent import clear, list_recent, record, tidy

#: Which module of the package defines each public function.
_HOMES = {
    "album_rows": "index",
    "candidates": "postgres",
    "clear": "recent",
    "corrections": "index",
    "create_triggers": "index",
    "drop_triggers": "index",
    "fill": "bulk_index",
    "fold": "engine",
    "fts_query": "engine",
    "hot_rows": "index",
    "hot_threshold": "index",
    "install": "index",
    "is_search_object": "index",
    "kind_range": "index",
    "known": "index",
    "list_recent": "recent",
    "lyrics_rows": "index",
    "new_track_rows": "index",
    "pg_install": "pg_index",
    "pg_uninstall": "pg_index",
    "record": "recent",
    "refresh_hot": "pg_index",
    "reindex_all": "index",
    "search": "engine",
    "sqlite_trigger": "index",
    "terms": "engine",
    "tidy": "recent",
    "tier": "engine",
    "track_rows": "index",
    "tracks_indexed_together": "bulk_index",
    "tsquery": "postgres",
    "uninstall": "index",
    "within_one_edit": "index",
    "words_between": "index",
}

__all__ = [
    "album_rows",
    "candidates",
    "clear",
    "corrections",
    "create_triggers",
    "drop_triggers",
    "fill",
    "fold",
    "fts_query",
    "hot_rows",
    "hot_threshold",
    "install",
    "is_search_object",
    "kind_range",
    "known",
    "list_recent",
    "lyrics_rows",
    "new_track_rows",
    "pg_install",
    "pg_uninstall",
    "record",
    "refresh_hot",
    "reindex_all",
    "search",
    "sqlite_trigger",
    "terms",
    "tidy",
    "tier",
    "track_rows",
    "tracks_indexed_together",
    "tsquery",
    "uninstall",
    "within_one_edit",
    "words_between",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
