"""Files from outside: audio ingestion (probe, integrity, tags) and pictures, each parsed
in a resource-limited child process, with the caps every upload respects.

The package names its public functions below; callers import the module that defines
each (``from spoticlone.services.media import audio_integrity``), which keeps import order simple.
"""

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
    ffmpeg_command,
    ffmpeg_path,
    measure_file,
    measure_track,
    parse_report,
    unmeasured_track_ids,
)
from spoticlone.services.media.picture_uploads import bounded, check_size, count_upload, read_picture
from spoticlone.services.media.sandbox import limit_self, run_module

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
