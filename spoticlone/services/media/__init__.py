"""Files from outside: audio ingestion (probe, integrity, tags) and pictures, each parsed
in a resource-limited child process, with the caps every upload respects.

``__all__`` names the package's public functions. They load on first use (PEP 562), so
importing one module of the package, as the sandboxed parser children do, does not import
the rest; callers import the module that defines a function
(``from spoticlone.services.media import audio_integrity``).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spoticlone.services.media.audio_crc import byte_table, flac_frame_crc, flac_header_crc, ogg_page_crc
    from spoticlone.services.media.audio_integrity import (
        check_aiff,
        check_flac,
        check_mp3,
        check_mp4,
        check_ogg,
        check_wav,
        id3v2_size,
        mp3_frame,
    )
    from spoticlone.services.media.audio_probe import detect_kind, probe_in_process, run_probe
    from spoticlone.services.media.audio_tags import extract_tags, is_lrc, split_artists
    from spoticlone.services.media.batch_ingest import write_batch
    from spoticlone.services.media.duplicates import (
        backfill_hashes,
        hash_file,
        hash_stream,
        holder_of,
        track_with_audio,
        unhashed_track_ids,
    )
    from spoticlone.services.media.images import reencode_file, reencode_image
    from spoticlone.services.media.ingestion import (
        ingest_file,
        ingest_staged,
        store_cover,
        track_fields,
        track_values,
        write_staged,
    )
    from spoticlone.services.media.loudness import (
        ffmpeg_path,
        measure_file,
        measure_track,
        parse_report,
        unmeasured_track_ids,
    )
    from spoticlone.services.media.loudness_child import ffmpeg_command
    from spoticlone.services.media.matching import (
        current_track_slugs,
        forget_matches,
        match_album,
        match_albums,
        match_artist,
        match_genre,
        preload_track_slugs,
        recall,
        refresh_matches,
        remember,
        track_slug,
        unique_slug,
    )
    from spoticlone.services.media.picture_uploads import bounded, check_size, count_upload, read_picture
    from spoticlone.services.media.rendition_child import encode_command, parse_outputs
    from spoticlone.services.media.renditions import (
        choose,
        encode_file,
        lookup_tier,
        make_renditions,
        needs_rendition,
        playable_original,
        rendition_keys,
        source_bitrate,
        tiers_needed,
        tracks_missing_renditions,
    )
    from spoticlone.services.media.sandbox import limit_self, run_module
    from spoticlone.services.media.staging import check_audio_size, discard_staged, stage_audio

#: Which module of the package defines each public function.
_HOMES = {
    "backfill_hashes": "duplicates",
    "bounded": "picture_uploads",
    "byte_table": "audio_crc",
    "check_aiff": "audio_integrity",
    "check_audio_size": "staging",
    "check_flac": "audio_integrity",
    "check_mp3": "audio_integrity",
    "check_mp4": "audio_integrity",
    "check_ogg": "audio_integrity",
    "check_size": "picture_uploads",
    "check_wav": "audio_integrity",
    "choose": "renditions",
    "count_upload": "picture_uploads",
    "current_track_slugs": "matching",
    "detect_kind": "audio_probe",
    "discard_staged": "staging",
    "encode_command": "rendition_child",
    "encode_file": "renditions",
    "extract_tags": "audio_tags",
    "ffmpeg_command": "loudness_child",
    "ffmpeg_path": "loudness",
    "flac_frame_crc": "audio_crc",
    "flac_header_crc": "audio_crc",
    "forget_matches": "matching",
    "hash_file": "duplicates",
    "hash_stream": "duplicates",
    "holder_of": "duplicates",
    "id3v2_size": "audio_integrity",
    "ingest_file": "ingestion",
    "ingest_staged": "ingestion",
    "is_lrc": "audio_tags",
    "limit_self": "sandbox",
    "lookup_tier": "renditions",
    "make_renditions": "renditions",
    "match_album": "matching",
    "match_albums": "matching",
    "match_artist": "matching",
    "match_genre": "matching",
    "measure_file": "loudness",
    "measure_track": "loudness",
    "mp3_frame": "audio_integrity",
    "needs_rendition": "renditions",
    "ogg_page_crc": "audio_crc",
    "parse_outputs": "rendition_child",
    "parse_report": "loudness",
    "playable_original": "renditions",
    "preload_track_slugs": "matching",
    "probe_in_process": "audio_probe",
    "read_picture": "picture_uploads",
    "recall": "matching",
    "reencode_file": "images",
    "reencode_image": "images",
    "refresh_matches": "matching",
    "remember": "matching",
    "rendition_keys": "renditions",
    "run_module": "sandbox",
    "run_probe": "audio_probe",
    "source_bitrate": "renditions",
    "split_artists": "audio_tags",
    "stage_audio": "staging",
    "store_cover": "ingestion",
    "tiers_needed": "renditions",
    "track_fields": "ingestion",
    "track_slug": "matching",
    "track_values": "ingestion",
    "track_with_audio": "duplicates",
    "tracks_missing_renditions": "renditions",
    "unhashed_track_ids": "duplicates",
    "unique_slug": "matching",
    "unmeasured_track_ids": "loudness",
    "write_batch": "batch_ingest",
    "write_staged": "ingestion",
}

__all__ = [
    "backfill_hashes",
    "bounded",
    "byte_table",
    "check_aiff",
    "check_audio_size",
    "check_flac",
    "check_mp3",
    "check_mp4",
    "check_ogg",
    "check_size",
    "check_wav",
    "choose",
    "count_upload",
    "current_track_slugs",
    "detect_kind",
    "discard_staged",
    "encode_command",
    "encode_file",
    "extract_tags",
    "ffmpeg_command",
    "ffmpeg_path",
    "flac_frame_crc",
    "flac_header_crc",
    "forget_matches",
    "hash_file",
    "hash_stream",
    "holder_of",
    "id3v2_size",
    "ingest_file",
    "ingest_staged",
    "is_lrc",
    "limit_self",
    "lookup_tier",
    "make_renditions",
    "match_album",
    "match_albums",
    "match_artist",
    "match_genre",
    "measure_file",
    "measure_track",
    "mp3_frame",
    "needs_rendition",
    "ogg_page_crc",
    "parse_outputs",
    "parse_report",
    "playable_original",
    "preload_track_slugs",
    "probe_in_process",
    "read_picture",
    "recall",
    "reencode_file",
    "reencode_image",
    "refresh_matches",
    "remember",
    "rendition_keys",
    "run_module",
    "run_probe",
    "source_bitrate",
    "split_artists",
    "stage_audio",
    "store_cover",
    "tiers_needed",
    "track_fields",
    "track_slug",
    "track_values",
    "track_with_audio",
    "tracks_missing_renditions",
    "unhashed_track_ids",
    "unique_slug",
    "unmeasured_track_ids",
    "write_batch",
    "write_staged",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
