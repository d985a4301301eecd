"""The database-free half of ingestion: check, parse, hash and store one audio file.

``ingestion.ingest_file`` is ``stage_audio`` followed by writing the rows. Keeping this
half apart lets the bulk import stage several files at once in worker threads (parsing
in sandboxed children, hashing and the durable copy all wait on other processes or the
disk) while one thread writes rows, without a second code path for what a file must be.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from spoticlone.integrations.media_store import MediaStore
from spoticlone.services.core.errors import Invalid
from spoticlone.services.media.audio_probe import ProbeError, ProbeResult, run_probe
from spoticlone.services.media.duplicates import hash_file
from spoticlone.services.media.images import ImageRejected, reencode_image

log = logging.getLogger(__name__)

NOT_AUDIO = "This file is not an audio file we can read (MP3, FLAC, Ogg, Opus, WAV, M4A)."
MESSAGES = {
    "not_audio": NOT_AUDIO,
    "corrupt": NOT_AUDIO,
    "crashed": NOT_AUDIO,
    "truncated": (
        "This audio file is incomplete: it stops before its end, which usually means the "
        "upload or copy was interrupted. Please try again with the complete file."
    ),
    "timeout": "This file took too long to read. Please check it plays and try again.",
    "unreadable": "This file could not be read (check it exists and may be read).",
    # A bulk import's probe child copies accepted files into the store (``probe_pool``).
    "unstored": ("This file could not be copied into the media folder (see the log): check the data "
                 "folder's free space and permissions, then import again."),
}


@dataclass(frozen=True)
class StagedAudio:
    """A file that passed every check and whose audio is in the media store (no rows yet)."""

    source: Path
    size: int
    probe: ProbeResult
    sha256: str
    audio_key: str
    cover_jpeg: bytes | None  # the embedded picture, re-encoded; stored with the rows
    warnings: tuple[str, ...]


def check_audio_size(source: Path) -> int:
    """The file's size; ``Invalid`` when it is missing, not a file, empty or over the cap."""
    from spoticlone.config import get_settings

    try:
        size = source.stat().st_size
    except OSError as exc:
        raise Invalid("The file could not be found; please choose it again.") from exc
    if not source.is_file():
        raise Invalid(NOT_AUDIO)
    if size == 0:
        raise Invalid("This file is empty. Please choose an audio file (MP3, FLAC, Ogg, Opus, WAV, M4A).")
    limit_mb = get_settings().max_upload_mb
    if size > limit_mb * 1024 * 1024:
        raise Invalid(f"This file is larger than the {limit_mb} MB limit for audio uploads.")
    return size


def _cover_jpeg(cover: bytes | None, source: Path, warnings: list[str]) -> bytes | None:
    if not cover:
        return None
    try:
        return reencode_image(cover)
    except ImageRejected as exc:
        log.warning("dropping unusable embedded cover in %s: %s", source.name, exc.message)
        warnings.append("The picture embedded in this file could not be used, so it was skipped.")
        return None


def stage_audio(
    *,
    store: MediaStore,
    source: Path,
    sha256: str | None = None,
    prober: Callable[[Path], ProbeResult] | None = None,
    size: int | None = None,
    stored_key: str | None = None,
) -> StagedAudio:
    """Check ``source`` by content in a sandbox, hash it and copy it into the store.

    Raises ``Invalid`` with words for the person who sent the file, and stores nothing
    then. The caller owns the stored audio afterwards: it becomes a track's
    (``ingestion.ingest_staged``) or is removed with ``discard_staged``. ``size`` is what
    ``check_audio_size`` returned for this file, when the caller has already asked it;
    ``stored_key``, the key under which the file's audio was already copied into the store
    (by the probe child of a bulk import), which is then the caller's to remove on a refusal.
    """
    source = Path(source)
    size = check_audio_size(source) if size is None else size
    try:
        probe = (prober or run_probe)(source)
    except ProbeError as exc:
        (log.warning if exc.reason == "unstored" else log.info)("rejected %s: %s", source.name, exc)
        raise Invalid(MESSAGES.get(exc.reason, NOT_AUDIO)) from exc
    digest = (sha256 or hash_file(source)).lower()
    warnings: list[str] = []
    cover_jpeg = _cover_jpeg(probe.cover, source, warnings)
    audio_key = stored_key or store.put_file("audio", probe.extension, source)
    return StagedAudio(source=source, size=size, probe=probe, sha256=digest, audio_key=audio_key,
                       cover_jpeg=cover_jpeg, warnings=tuple(warnings))


def discard_staged(store: MediaStore, staged: StagedAudio) -> None:
    """Remove a staged file that will not become a track (a duplicate, a failed write)."""
    try:
        store.delete(staged.audio_key)
    except OSError:
        log.exception("could not delete %s", staged.audio_key)
