"""Put a new audio file in place of a song's audio, keeping everything else about the song.

An artist who fixes a mix or a master should not lose what the song gathered: its id (and
so its links, likes, ratings, plays and playlist rows), its title, lyrics, credits and
release. The new file arrives like any upload (``receiving``, one request or in pieces,
with a ``replace_track_id``) and the ingestion job calls ``replace_track_audio`` instead of
making a draft. The file is checked by the same sandboxed probe as any other; only the
audio columns of the track change (key, format, MIME type, duration, bitrate, rate, size).
Loudness figures of the old file are dropped (the job measures the new one) and the old
file is deleted once the new one is committed. Streams are addressed by the audio key
(their ETag is made of it), so no cached copy of the old audio is served as the new one.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlmodel import Session, select

from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import Track, TrackLoudness
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.media import duplicates
from spoticlone.services.media.audio_probe import ProbeError, run_probe
from spoticlone.services.media.ingestion import MESSAGES, NOT_AUDIO

log = logging.getLogger(__name__)

TRACK_GONE = "The song whose audio this file was to replace no longer exists."


def replace_track_audio(session: Session, *, store: MediaStore, track_id: int, artist_id: int,
                        source: Path, sha256: str | None = None) -> int:
    """Make the file at ``source`` the audio of track ``track_id``; commits. Returns the track id.

    Args:
        session: Database session; committed on success, rolled back on failure.
        store: Where the audio goes.
        track_id: The song to change; it must still belong to ``artist_id``.
        artist_id: The artist the upload was made for (checked when the upload was made and
            again here: the song may have been deleted meanwhile).
        source: The received file.
        sha256: Its content digest (taken while receiving), kept so duplicate detection
            recognises the new audio; computed here when not given.

    Raises:
        NotFound: The song is gone, or no longer this artist's.
        Invalid: The file is not whole, readable audio (nothing changes).
    """
    track = session.get(Track, track_id)
    if track is None or track.artist_id != artist_id:
        raise NotFound(TRACK_GONE)
    try:
        probe = run_probe(Path(source))
    except ProbeError as exc:
        log.info("replacement audio for track %s rejected: %s", track_id, exc)
        raise Invalid(MESSAGES.get(exc.reason, NOT_AUDIO)) from exc
    size = Path(source).stat().st_size
    new_key = store.put_file("audio", probe.extension, Path(source))
    old_key = track.audio_key
    try:
        track.audio_key, track.audio_format, track.mime_type = new_key, probe.audio_format, probe.mime_type
        track.duration_ms, track.bitrate, track.sample_rate = probe.duration_ms, probe.bitrate, probe.sample_rate
        track.file_size = size
        track.audio_sha256 = sha256 or duplicates.hash_file(Path(source))
        stale = session.get(TrackLoudness, track_id)
        if stale is not None:
            session.delete(stale)
        session.add(track)
        session.commit()
    except BaseException:
        session.rollback()
        store.delete(new_key)
        raise
    _forget(session, store, old_key)
    log.info("track %s now plays %s (%s) instead of %s", track_id, new_key, probe.audio_format, old_key)
    return track_id


def _forget(session: Session, store: MediaStore, key: str) -> None:
    """Delete the old file unless another track still plays it (a seeded catalog may share)."""
    if session.exec(select(Track.id).where(Track.audio_key == key)).first() is not None:
        return
    try:
        store.delete(key)
    except (OSError, ValueError):
        log.exception("could not delete the replaced audio file %s", key)
