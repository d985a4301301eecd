"""What a listener keeps: liked songs and saved albums, follows and the Home feed,
star ratings, and playlists (``library.playlists``).

The package names its public functions below; callers import the module that defines
each (``from spoticlone.services.library import collection``), which keeps import order simple.
"""

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
