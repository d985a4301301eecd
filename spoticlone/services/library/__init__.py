"""What a listener keeps: liked songs and saved albums, follows and the Home feed,
star ratings, and playlists (``library.playlists``).

``__all__`` names the package's public functions. They load on first use (PEP 562), so
importing one module of the package, as the sandboxed parser children do, does not import
the rest; callers import the module that defines a function
(``from spoticlone.services.library import collection``).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.library.collection import (
        library_overview,
        like_track,
        liked_count,
        liked_ids,
        liked_songs,
        save_album,
        saved_album_ids,
        saved_albums,
        set_like,
        unlike_track,
        unsave_album,
    )
    from spoticlone.services.library.dto import display_name, playlist_url, user_ref
    from spoticlone.services.library.follows import (
        artist_follow_state,
        follow_artist,
        follow_user,
        followers,
        following,
        home_feed,
        unfollow_artist,
        unfollow_user,
        user_follow_state,
    )
    from spoticlone.services.library.once import insert_once
    from spoticlone.services.library.ratings import artist_rating, rate, rating_summary, remove_rating
    from spoticlone.services.library.smart_nsp import export_nsp, parse_nsp
    from spoticlone.services.library.smart_playlists import (
        check_rules,
        create_smart_playlist,
        delete_smart_playlist,
        export_smart_playlist,
        import_nsp,
        my_smart_playlists,
        preview_smart_playlist,
        smart_playlist_detail,
        update_smart_playlist,
    )
    from spoticlone.services.library.smart_query import count_query, track_ids_query
    from spoticlone.services.library.smart_rules import group_json, parse_criteria, parse_group

#: Which module of the package defines each public function.
_HOMES = {
    "artist_follow_state": "follows",
    "artist_rating": "ratings",
    "check_rules": "smart_playlists",
    "count_query": "smart_query",
    "create_smart_playlist": "smart_playlists",
    "delete_smart_playlist": "smart_playlists",
    "display_name": "dto",
    "export_nsp": "smart_nsp",
    "export_smart_playlist": "smart_playlists",
    "follow_artist": "follows",
    "follow_user": "follows",
    "followers": "follows",
    "following": "follows",
    "group_json": "smart_rules",
    "home_feed": "follows",
    "import_nsp": "smart_playlists",
    "insert_once": "once",
    "library_overview": "collection",
    "like_track": "collection",
    "liked_count": "collection",
    "liked_ids": "collection",
    "liked_songs": "collection",
    "my_smart_playlists": "smart_playlists",
    "parse_criteria": "smart_rules",
    "parse_group": "smart_rules",
    "parse_nsp": "smart_nsp",
    "playlist_url": "dto",
    "preview_smart_playlist": "smart_playlists",
    "rate": "ratings",
    "rating_summary": "ratings",
    "remove_rating": "ratings",
    "save_album": "collection",
    "saved_album_ids": "collection",
    "saved_albums": "collection",
    "set_like": "collection",
    "smart_playlist_detail": "smart_playlists",
    "track_ids_query": "smart_query",
    "unfollow_artist": "follows",
    "unfollow_user": "follows",
    "unlike_track": "collection",
    "unsave_album": "collection",
    "update_smart_playlist": "smart_playlists",
    "user_follow_state": "follows",
    "user_ref": "dto",
}

__all__ = [
    "artist_follow_state",
    "artist_rating",
    "check_rules",
    "count_query",
    "create_smart_playlist",
    "delete_smart_playlist",
    "display_name",
    "export_nsp",
    "export_smart_playlist",
    "follow_artist",
    "follow_user",
    "followers",
    "following",
    "group_json",
    "home_feed",
    "import_nsp",
    "insert_once",
    "library_overview",
    "like_track",
    "liked_count",
    "liked_ids",
    "liked_songs",
    "my_smart_playlists",
    "parse_criteria",
    "parse_group",
    "parse_nsp",
    "playlist_url",
    "preview_smart_playlist",
    "rate",
    "rating_summary",
    "remove_rating",
    "save_album",
    "saved_album_ids",
    "saved_albums",
    "set_like",
    "smart_playlist_detail",
    "track_ids_query",
    "unfollow_artist",
    "unfollow_user",
    "unlike_track",
    "unsave_album",
    "update_smart_playlist",
    "user_follow_state",
    "user_ref",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
