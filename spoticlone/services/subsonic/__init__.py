"""Subsonic apps over the web's services: the catalog lists and listening records they need."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.subsonic.bookmarks import create_bookmark, delete_bookmark, list_bookmarks
    from spoticlone.services.subsonic.catalog import (
        album_list,
        all_artists,
        all_genres,
        artist_with_albums,
        avatar_key,
        cover_key,
        library_page,
        random_tracks,
        require_published,
        similar_tracks,
        top_tracks_of,
        tracks_of_genre,
    )
    from spoticlone.services.subsonic.covers import avatar, cover_art
    from spoticlone.services.subsonic.listening import followed_artists, now_playing, scrobble
    from spoticlone.services.subsonic.play_queue import get_play_queue, save_play_queue

#: Which module of the package defines each public function.
_HOMES = {
    "album_list": "catalog",
    "all_artists": "catalog",
    "all_genres": "catalog",
    "artist_with_albums": "catalog",
    "avatar": "covers",
    "avatar_key": "catalog",
    "cover_art": "covers",
    "cover_key": "catalog",
    "create_bookmark": "bookmarks",
    "delete_bookmark": "bookmarks",
    "followed_artists": "listening",
    "get_play_queue": "play_queue",
    "library_page": "catalog",
    "list_bookmarks": "bookmarks",
    "now_playing": "listening",
    "random_tracks": "catalog",
    "require_published": "catalog",
    "save_play_queue": "play_queue",
    "scrobble": "listening",
    "similar_tracks": "catalog",
    "top_tracks_of": "catalog",
    "tracks_of_genre": "catalog",
}

__all__ = [
    "album_list",
    "all_artists",
    "all_genres",
    "artist_with_albums",
    "avatar",
    "avatar_key",
    "cover_art",
    "cover_key",
    "create_bookmark",
    "delete_bookmark",
    "followed_artists",
    "get_play_queue",
    "library_page",
    "list_bookmarks",
    "now_playing",
    "random_tracks",
    "require_published",
    "save_play_queue",
    "scrobble",
    "similar_tracks",
    "top_tracks_of",
    "tracks_of_genre",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
