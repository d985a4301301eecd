"""The artist studio: uploads, drafts and releases (publish, schedule, unpublish), licences,
the lyrics sync editor's rules, and artist analytics with the rollups that feed them.

``__all__`` names the package's public functions. They load on first use (PEP 562), so
importing one module of the package, as the sandboxed parser children do, does not import
the rest; callers import the module that defines a function
(``from spoticlone.services.studio import analytics``).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.studio.analytics import analytics_csv, artist_analytics, parse_range
    from spoticlone.services.studio.licences import (
        licence_choices,
        licence_named,
        licence_url,
        normalise_isrc,
    )
    from spoticlone.services.studio.lyrics import (
        export_lrc,
        import_lrc,
        lyrics_for_edit,
        read_lrc_upload,
        save_lyrics,
        save_plain,
        save_synced,
        sync_lines_for,
    )
    from spoticlone.services.studio.ownership import album_for_edit, may_manage, own_artist, track_for_edit
    from spoticlone.services.studio.publishing import (
        delete_release,
        delete_track,
        publish_due_releases,
        publish_release,
        reorder_tracks,
        unpublish_release,
        update_release,
        update_track,
    )
    from spoticlone.services.studio.releases import (
        album_tracks,
        artist_for_listing,
        check_genre,
        check_kind,
        check_release_date,
        check_track_ids,
        clean_title,
        create_release,
        genre_choices,
        get_release,
        get_track,
        list_drafts,
        list_releases,
        release_detail,
        release_status,
        require_owner,
    )
    from spoticlone.services.studio.rollups import as_date, day_of, rebuild_rollups, record_play
    from spoticlone.services.studio.uploads import (
        clean_filename,
        fail_upload,
        get_upload,
        list_uploads,
        process_upload,
        storage_used,
        sweep_incoming,
        upload_audio,
    )

#: Which module of the package defines each public function.
_HOMES = {
    "album_for_edit": "ownership",
    "album_tracks": "releases",
    "analytics_csv": "analytics",
    "artist_analytics": "analytics",
    "artist_for_listing": "releases",
    "as_date": "rollups",
    "check_genre": "releases",
    "check_kind": "releases",
    "check_release_date": "releases",
    "check_track_ids": "releases",
    "clean_filename": "uploads",
    "clean_title": "releases",
    "create_release": "releases",
    "day_of": "rollups",
    "delete_release": "publishing",
    "delete_track": "publishing",
    "export_lrc": "lyrics",
    "fail_upload": "uploads",
    "genre_choices": "releases",
    "get_release": "releases",
    "get_track": "releases",
    "get_upload": "uploads",
    "import_lrc": "lyrics",
    "licence_choices": "licences",
    "licence_named": "licences",
    "licence_url": "licences",
    "list_drafts": "releases",
    "list_releases": "releases",
    "list_uploads": "uploads",
    "lyrics_for_edit": "lyrics",
    "may_manage": "ownership",
    "normalise_isrc": "licences",
    "own_artist": "ownership",
    "parse_range": "analytics",
    "process_upload": "uploads",
    "publish_due_releases": "publishing",
    "publish_release": "publishing",
    "read_lrc_upload": "lyrics",
    "rebuild_rollups": "rollups",
    "record_play": "rollups",
    "release_detail": "releases",
    "release_status": "releases",
    "reorder_tracks": "publishing",
    "require_owner": "releases",
    "save_lyrics": "lyrics",
    "save_plain": "lyrics",
    "save_synced": "lyrics",
    "storage_used": "uploads",
    "sweep_incoming": "uploads",
    "sync_lines_for": "lyrics",
    "track_for_edit": "ownership",
    "unpublish_release": "publishing",
    "update_release": "publishing",
    "update_track": "publishing",
    "upload_audio": "uploads",
}

__all__ = [
    "album_for_edit",
    "album_tracks",
    "analytics_csv",
    "artist_analytics",
    "artist_for_listing",
    "as_date",
    "check_genre",
    "check_kind",
    "check_release_date",
    "check_track_ids",
    "clean_filename",
    "clean_title",
    "create_release",
    "day_of",
    "delete_release",
    "delete_track",
    "export_lrc",
    "fail_upload",
    "genre_choices",
    "get_release",
    "get_track",
    "get_upload",
    "import_lrc",
    "licence_choices",
    "licence_named",
    "licence_url",
    "list_drafts",
    "list_releases",
    "list_uploads",
    "lyrics_for_edit",
    "may_manage",
    "normalise_isrc",
    "own_artist",
    "parse_range",
    "process_upload",
    "publish_due_releases",
    "publish_release",
    "read_lrc_upload",
    "rebuild_rollups",
    "record_play",
    "release_detail",
    "release_status",
    "reorder_tracks",
    "require_owner",
    "save_lyrics",
    "save_plain",
    "save_synced",
    "storage_used",
    "sweep_incoming",
    "sync_lines_for",
    "track_for_edit",
    "unpublish_release",
    "update_release",
    "update_track",
    "upload_audio",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
