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
    from spoticlone.services.library.ratings import artist_rating, rate, rating_summary, remove_rating

#: Which module of the package defines each public function.
_HOMES = {
    "artist_follow_state": "follows",
    "artist_rating": "ratings",
    "display_name": "dto",
    "follow_artist": "follows",
    "follow_user": "follows",
    "followers": "follows",
    "following": "follows",
    "home_feed": "follows",
    "library_overview": "collection",
    "like_track": "collection",
    "liked_count": "collection",
    "liked_ids": "collection",
    "liked_songs": "collection",
    "playlist_url": "dto",
    "rate": "ratings",
    "rating_summary": "ratings",
    "remove_rating": "ratings",
    "save_album": "collection",
    "saved_album_ids": "collection",
    "saved_albums": "collection",
    "unfollow_artist": "follows",
    "unfollow_user": "follows",
    "unlike_track": "collection",
    "unsave_album": "collection",
    "user_follow_state": "follows",
    "user_ref": "dto",
}

__all__ = [
    "artist_follow_state",
    "artist_rating",
    "display_name",
    "follow_artist",
    "follow_user",
    "followers",
    "following",
    "home_feed",
    "library_overview",
    "like_track",
    "liked_count",
    "liked_ids",
    "liked_songs",
    "playlist_url",
    "rate",
    "rating_summary",
    "remove_rating",
    "save_album",
    "saved_album_ids",
    "saved_albums",
    "unfollow_artist",
    "unfollow_user",
    "unlike_track",
    "unsave_album",
    "user_follow_state",
    "user_ref",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
