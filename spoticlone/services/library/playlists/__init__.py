"""Playlists: who may do what (``access``), create, edit, follow and collaborate (``manage``),
their items (``tracks``), browsing public ones (``browse``) and DTO builders (``views``).

The package names its public functions below; callers import the module that defines
each (``from spoticlone.services.library.playlists import access``), which keeps import order simple.
"""

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
    playlist_detail,
    queue_track_ids,
    refresh_cover,
    remove_item,
)
from spoticlone.services.library.playlists.views import playlist_dtos

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
    "playlist_detail",
    "playlist_dtos",
    "queue_track_ids",
    "readable",
    "readable_in_bulk",
    "refresh_cover",
    "remove_collaborator",
    "remove_item",
    "set_cover",
    "unfollow_playlist",
    "update_playlist",
    "user_playlists",
]
