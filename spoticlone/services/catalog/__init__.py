"""What there is to listen to: browsing genres, artists, albums and tracks, their DTOs,
the Home shelves, lyrics, and editing what ingestion cannot fill in.

``__all__`` names the package's public functions. They load on first use (PEP 562), so
importing one module of the package, as the sandboxed parser children do, does not import
the rest; callers import the module that defines a function
(``from spoticlone.services.catalog import browse``).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.catalog.album_listing import drop_triggers, install, uninstall
    from spoticlone.services.catalog.browse import (
        artist_id_for_slug,
        get_album,
        get_artist,
        get_genre,
        get_track,
        list_albums,
        list_artists,
        list_genres,
        list_tracks,
        queue_for,
        tracks_by_ids,
    )
    from spoticlone.services.catalog.dto import format_duration
    from spoticlone.services.catalog.editing import describe_genre, set_album_cover, update_artist_profile
    from spoticlone.services.catalog.home import home_feed
    from spoticlone.services.catalog.lyrics import line_index_at, lyrics_for_track, parse_lrc
    from spoticlone.services.catalog.read_cache import (
        cache_key_of,
        clear_shared_reads,
        generation,
        invalidate,
    )
    from spoticlone.services.catalog.search_reads import search
    from spoticlone.services.catalog.views import (
        album_dtos,
        album_listed,
        album_out,
        album_stats,
        artist_dtos,
        artist_out,
        artist_ref,
        by_id,
        genre_out,
        published,
        published_album_out,
        published_albums,
        published_artist_dtos,
        published_artists,
        published_track_dtos,
        track_context,
        track_dtos,
        track_fields,
    )

#: Which module of the package defines each public function.
_HOMES = {
    "album_dtos": "views",
    "album_listed": "views",
    "album_out": "views",
    "album_stats": "views",
    "artist_dtos": "views",
    "artist_id_for_slug": "browse",
    "artist_out": "views",
    "artist_ref": "views",
    "by_id": "views",
    "cache_key_of": "read_cache",
    "clear_shared_reads": "read_cache",
    "describe_genre": "editing",
    "drop_triggers": "album_listing",
    "format_duration": "dto",
    "generation": "read_cache",
    "genre_out": "views",
    "get_album": "browse",
    "get_artist": "browse",
    "get_genre": "browse",
    "get_track": "browse",
    "home_feed": "home",
    "install": "album_listing",
    "invalidate": "read_cache",
    "line_index_at": "lyrics",
    "list_albums": "browse",
    "list_artists": "browse",
    "list_genres": "browse",
    "list_tracks": "browse",
    "lyrics_for_track": "lyrics",
    "parse_lrc": "lyrics",
    "published": "views",
    "published_album_out": "views",
    "published_albums": "views",
    "published_artist_dtos": "views",
    "published_artists": "views",
    "published_track_dtos": "views",
    "queue_for": "browse",
    "search": "search_reads",
    "set_album_cover": "editing",
    "track_context": "views",
    "track_dtos": "views",
    "track_fields": "views",
    "tracks_by_ids": "browse",
    "uninstall": "album_listing",
    "update_artist_profile": "editing",
}

__all__ = [
    "album_dtos",
    "album_listed",
    "album_out",
    "album_stats",
    "artist_dtos",
    "artist_id_for_slug",
    "artist_out",
    "artist_ref",
    "by_id",
    "cache_key_of",
    "clear_shared_reads",
    "describe_genre",
    "drop_triggers",
    "format_duration",
    "generation",
    "genre_out",
    "get_album",
    "get_artist",
    "get_genre",
    "get_track",
    "home_feed",
    "install",
    "invalidate",
    "line_index_at",
    "list_albums",
    "list_artists",
    "list_genres",
    "list_tracks",
    "lyrics_for_track",
    "parse_lrc",
    "published",
    "published_album_out",
    "published_albums",
    "published_artist_dtos",
    "published_artists",
    "published_track_dtos",
    "queue_for",
    "search",
    "set_album_cover",
    "track_context",
    "track_dtos",
    "track_fields",
    "tracks_by_ids",
    "uninstall",
    "update_artist_profile",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
