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
    from spoticlone.services.media.audio_integrity import (
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
    from spoticlone.services.media.images import reencode_file, reencode_image
    from spoticlone.services.media.ingestion import ingest_file
    from spoticlone.services.media.loudness import (
        ffmpeg_path,
        measure_file,
        measure_track,
        parse_report,
        unmeasured_track_ids,
    )
    from spoticlone.services.media.loudness_child import ffmpeg_command
    from spoticlone.services.media.picture_uploads import bounded, check_size, count_upload, read_picture
    from spoticlone.services.media.sandbox import limit_self, run_module

#: Which module of the package defines each public function.
_HOMES = {
    "bounded": "picture_uploads",
    "check_flac": "audio_integrity",
    "check_mp3": "audio_integrity",
    "check_mp4": "audio_integrity",
    "check_ogg": "audio_integrity",
    "check_size": "picture_uploads",
    "check_wav": "audio_integrity",
    "count_upload": "picture_uploads",
    "detect_kind": "audio_probe",
    "extract_tags": "audio_tags",
    "ffmpeg_command": "loudness_child",
    "ffmpeg_path": "loudness",
    "id3v2_size": "audio_integrity",
    "ingest_file": "ingestion",
    "is_lrc": "audio_tags",
    "limit_self": "sandbox",
    "measure_file": "loudness",
    "measure_track": "loudness",
    "mp3_frame": "audio_integrity",
    "parse_report": "loudness",
    "probe_in_process": "audio_probe",
    "read_picture": "picture_uploads",
    "reencode_file": "images",
    "reencode_image": "images",
    "run_module": "sandbox",
    "run_probe": "audio_probe",
    "split_artists": "audio_tags",
    "unmeasured_track_ids": "loudness",
}

__all__ = [
    "bounded",
    "check_flac",
    "check_mp3",
    "check_mp4",
    "check_ogg",
    "check_size",
    "check_wav",
    "count_upload",
    "detect_kind",
    "extract_tags",
    "ffmpeg_command",
    "ffmpeg_path",
    "id3v2_size",
    "ingest_file",
    "is_lrc",
    "limit_self",
    "measure_file",
    "measure_track",
    "mp3_frame",
    "parse_report",
    "probe_in_process",
    "read_picture",
    "reencode_file",
    "reencode_image",
    "run_module",
    "run_probe",
    "split_artists",
    "unmeasured_track_ids",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
