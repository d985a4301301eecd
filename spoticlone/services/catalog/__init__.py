"""What there is to listen to: browsing genres, artists, albums and tracks, their DTOs,
the Home shelves, lyrics, and editing what ingestion cannot fill in.

The package names its public functions below; callers import the module that defines
each (``from spoticlone.services.catalog import browse``), which keeps import order simple.
"""

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
from spoticlone.services.catalog.views import (
    album_dtos,
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

__all__ = [
    "album_dtos",
    "album_out",
    "album_stats",
    "artist_dtos",
    "artist_id_for_slug",
    "artist_out",
    "artist_ref",
    "by_id",
    "describe_genre",
    "format_duration",
    "genre_out",
    "get_album",
    "get_artist",
    "get_genre",
    "get_track",
    "home_feed",
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
    "set_album_cover",
    "track_context",
    "track_dtos",
    "track_fields",
    "tracks_by_ids",
    "update_artist_profile",
]
