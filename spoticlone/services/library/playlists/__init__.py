"""Playlists: who may do what (``access``), create, edit, follow and collaborate (``manage``),
their items (``tracks``), browsing public ones (``browse``) and DTO builders (``views``).

``__all__`` names the package's public functions. They load on first use (PEP 562), so
importing one module of the package, as the sandboxed parser children do, does not import
the rest; callers import the module that defines a function
(``from spoticlone.services.library.playlists import access``).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.library.playlists.access import (
        access_for,
        collaborating_ids,
        for_delete,
        for_details_edit,
        for_track_edit,
        is_collaborator,
        readable,
        readable_in_bulk,
    )
    from spoticlone.services.library.playlists.browse import browse_playlists
    from spoticlone.services.library.playlists.manage import (
        add_collaborator,
        clean_description,
        clean_name,
        clear_cover,
        create_playlist,
        delete_playlist,
        duplicate_playlist,
        follow_playlist,
        get_playlist,
        list_collaborators,
        parse_visibility,
        remove_collaborator,
        set_cover,
        unfollow_playlist,
        update_playlist,
        user_playlists,
    )
    from spoticlone.services.library.playlists.tracks import (
        add_tracks,
        move_item,
        play_from,
        playlist_detail,
        queue_track_ids,
        refresh_cover,
        remove_item,
        snapshots,
    )
    from spoticlone.services.library.playlists.views import playlist_dtos, shown, unavailable

#: Which module of the package defines each public function.
_HOMES = {
    "access_for": "access",
    "add_collaborator": "manage",
    "add_tracks": "tracks",
    "browse_playlists": "browse",
    "clean_description": "manage",
    "clean_name": "manage",
    "clear_cover": "manage",
    "collaborating_ids": "access",
    "create_playlist": "manage",
    "delete_playlist": "manage",
    "duplicate_playlist": "manage",
    "follow_playlist": "manage",
    "for_delete": "access",
    "for_details_edit": "access",
    "for_track_edit": "access",
    "get_playlist": "manage",
    "is_collaborator": "access",
    "list_collaborators": "manage",
    "move_item": "tracks",
    "parse_visibility": "manage",
    "play_from": "tracks",
    "playlist_detail": "tracks",
    "playlist_dtos": "views",
    "queue_track_ids": "tracks",
    "readable": "access",
    "readable_in_bulk": "access",
    "refresh_cover": "tracks",
    "remove_collaborator": "manage",
    "remove_item": "tracks",
    "set_cover": "manage",
    "shown": "views",
    "snapshots": "tracks",
    "unavailable": "views",
    "unfollow_playlist": "manage",
    "update_playlist": "manage",
    "user_playlists": "manage",
}

__all__ = [
    "access_for",
    "add_collaborator",
    "add_tracks",
    "browse_playlists",
    "clean_description",
    "clean_name",
    "clear_cover",
    "collaborating_ids",
    "create_playlist",
    "delete_playlist",
    "duplicate_playlist",
    "follow_playlist",
    "for_delete",
    "for_details_edit",
    "for_track_edit",
    "get_playlist",
    "is_collaborator",
    "list_collaborators",
    "move_item",
    "parse_visibility",
    "play_from",
    "playlist_detail",
    "playlist_dtos",
    "queue_track_ids",
    "readable",
    "readable_in_bulk",
    "refresh_cover",
    "remove_collaborator",
    "remove_item",
    "set_cover",
    "shown",
    "snapshots",
    "unavailable",
    "unfollow_playlist",
    "update_playlist",
    "user_playlists",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
