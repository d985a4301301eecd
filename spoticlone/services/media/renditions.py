"""Streaming renditions: smaller copies of a track's audio for the listener's quality setting.

A lossless upload (FLAC, WAV, AIFF) runs at 700-1,400 kbps; a phone on a mobile network
wants a tenth of that. So each track gets up to three renditions, made in the background
with ffmpeg after ingestion (the ``make_renditions`` job) and recorded in ``TrackRendition``:

- **low** 96 kbps, **normal** 160 kbps, **high** 320 kbps, all **AAC-LC in M4A**. AAC is the
  one lossy codec every target browser decodes natively (Chrome, Firefox, Safari on macOS and
  iOS, Edge, Android's WebView), unlike Opus or Vorbis in Ogg, which older Safari versions
  refuse; at these rates ffmpeg's built-in AAC encoder is transparent enough for
  streaming (Spotify's own tiers are 96/160/320). M4A with the index first (``+faststart``)
  starts playing after the first range request.
- **original** is the untouched upload.

A tier never upscales: when the original is lossy, browser-playable and already at or
under a tier's bitrate (5 % leeway for VBR), that tier is served by the original and no
rendition is made for it. The stream picks the file (``choose``); until a rendition exists
it serves the original.

ffmpeg parses an uploader's file, so it runs like ``loudness``: in a child that caps its own
memory, CPU time and output file size before becoming ffmpeg, with a wall-clock timeout on
top. Outputs go to a temporary folder, are copied into the media store atomically, and the
rows are committed last; on any failure the temporary folder and every stored copy are
removed, so nothing is left behind.

Deleting a track (``session.delete(track)``, as ``studio.publishing`` does) deletes its
renditions' files once the transaction commits: the listeners at the end of this module
note the keys before the flush and remove the files after the commit. They are registered
when this module is imported, which ``listening.streaming`` does.
"""

from __future__ import annotations

import logging
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event, select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from spoticlone.integrations.media_store import MediaStore, default_store
from spoticlone.models import Track, TrackRendition, utcnow
from spoticlone.services.core.errors import NotFound
from spoticlone.services.media import rendition_child, sandbox
from spoticlone.services.media.loudness import ffmpeg_path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tier:
    """A streaming quality made as a rendition: its name and target bits per second."""

    name: str
    bitrate: int


TIERS = (Tier("low", 96_000), Tier("normal", 160_000), Tier("high", 320_000))
TIER_BY_NAME = {tier.name: tier for tier in TIERS}
#: Every streaming quality a listener can choose, lowest first.
QUALITIES = (*TIER_BY_NAME, "original")
RENDITION_MIME = "audio/mp4"
RENDITION_EXTENSION = "m4a"
LOSSLESS_FORMATS = frozenset({"flac", "wav", "aiff"})
#: What current browsers play as uploaded (AIFF only Safari does).
PLAYABLE_FORMATS = frozenset({"mp3", "m4a", "ogg", "opus", "flac", "wav"})
#: An M4A above this is Apple Lossless (ALAC), which Chrome and Firefox do not decode.
ALAC_BITRATE = 512_000
#: VBR files hover around their nominal rate: 5 % over a tier still counts as at it.
LEEWAY = 1.05
#: Wall clock and CPU time: at least this, plus a second per this many seconds of audio.
BASE_SECONDS = 120
AUDIO_SECONDS_PER_SECOND = 4
MAX_SECONDS = 3600
#: Any output smaller than this is not a usable file, whatever ffmpeg's exit status says.
MIN_OUTPUT_BYTES = 512
_DOOMED = "spoticlone.renditions.doomed_keys"


class RenditionError(Exception):
    """ffmpeg is missing, timed out, or could not encode the file (``reason`` says which)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def source_bitrate(*, bitrate: int | None, file_size: int, duration_ms: int) -> int | None:
    """The original's bits per second: as probed, else estimated from its size and length."""
    if bitrate and bitrate > 0:
        return bitrate
    if file_size > 0 and duration_ms > 0:
        return file_size * 8 * 1000 // duration_ms
    return None


def playable_original(*, audio_format: str, bitrate: int | None) -> bool:
    """Whether every target browser plays the uploaded file as it is."""
    if audio_format == "m4a" and bitrate is not None and bitrate > ALAC_BITRATE:
        return False
    return audio_format in PLAYABLE_FORMATS


def needs_rendition(*, tier: str, audio_format: str, bitrate: int | None, file_size: int = 0,
                    duration_ms: int = 0) -> bool:
    """Whether ``tier`` needs its own file, or is served by the original (never upscaled)."""
    rate = source_bitrate(bitrate=bitrate, file_size=file_size, duration_ms=duration_ms)
    if audio_format in LOSSLESS_FORMATS or rate is None:
        return True
    if not playable_original(audio_format=audio_format, bitrate=rate):
        return True
    return rate > TIER_BY_NAME[tier].bitrate * LEEWAY


def tiers_needed(*, audio_format: str, bitrate: int | None, file_size: int = 0,
                 duration_ms: int = 0) -> list[Tier]:
    """The tiers of a track with this original that need a rendition, lowest first."""
    return [tier for tier in TIERS if needs_rendition(
        tier=tier.name, audio_format=audio_format, bitrate=bitrate, file_size=file_size,
        duration_ms=duration_ms)]


def choose(quality: str, *, audio_format: str, bitrate: int | None, rendition_key: str | None) -> str:
    """Which file serves ``quality``: ``"rendition"`` (the looked-up tier's) or ``"original"``.

    ``rendition_key`` is the current rendition of the tier the stream looked up (``lookup_tier``),
    or None while it is not made yet: then the original plays.
    """
    if rendition_key is None:
        return "original"
    if quality == "original":
        return "original" if playable_original(audio_format=audio_format, bitrate=bitrate) else "rendition"
    return "rendition"


def lookup_tier(quality: str) -> str:
    """The rendition tier a stream at ``quality`` looks up: "original" falls back to "high"."""
    return quality if quality in TIER_BY_NAME else "high"


def _limits(duration_ms: int, tiers: list[Tier]) -> tuple[int, int]:
    """Seconds of wall clock (also the CPU cap) and the per-file size cap in MiB."""
    seconds = max(duration_ms, 0) / 1000
    timeout = min(MAX_SECONDS, int(BASE_SECONDS + seconds / AUDIO_SECONDS_PER_SECOND))
    top = max(tier.bitrate for tier in tiers)
    # Duration unknown: allow three hours at the top rate.
    file_mb = int((seconds or 3 * 3600) * top * 1.5 / 8 / 1024 / 1024) + 4
    return timeout, file_mb


def encode_file(source: Path, tiers: list[Tier], *, out_dir: Path, duration_ms: int = 0,
                sample_rate: int | None = None) -> dict[str, Path]:
    """Encode ``source`` once per tier into ``out_dir`` in a capped ffmpeg child.

    Returns each tier's output file; raises ``RenditionError`` when ffmpeg is missing, is
    too slow, fails, or writes nothing usable.
    """
    if ffmpeg_path() is None:
        raise RenditionError("no_ffmpeg", "ffmpeg is not installed (make setup installs it)")
    timeout, file_mb = _limits(duration_ms, tiers)
    rate = 48_000 if sample_rate and sample_rate % 48_000 == 0 else 44_100
    args = [str(Path(source).resolve()), str(file_mb), str(timeout), str(rate),
            *(f"{tier.name}={tier.bitrate}" for tier in tiers)]
    try:
        proc = sandbox.run_module(rendition_child.__name__, args, timeout=timeout, cwd=str(out_dir))
    except subprocess.TimeoutExpired:
        raise RenditionError("timeout", f"no answer within {timeout} s") from None
    if proc.returncode != 0:
        stderr = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenditionError("unencodable", (stderr[-1:] or [f"exit status {proc.returncode}"])[0][:200])
    outputs = {tier.name: out_dir / f"{tier.name}.{RENDITION_EXTENSION}" for tier in tiers}
    for name, path in outputs.items():
        if not path.is_file() or path.stat().st_size < MIN_OUTPUT_BYTES:
            raise RenditionError("unencodable", f"ffmpeg wrote no usable {name} rendition")
    return outputs


def _delete_files(store: MediaStore, keys: Iterable[str]) -> None:
    for key in keys:
        try:
            store.delete(key)
        except (OSError, ValueError):
            log.warning("could not delete rendition %r", key, exc_info=True)


def _current(session: Session, track_id: int) -> dict[str, TrackRendition]:
    rows = session.exec(select(TrackRendition).where(TrackRendition.track_id == track_id))
    return {row.tier: row for row in rows}


def make_renditions(session: Session, *, track_id: int, store: MediaStore) -> list[str]:
    """Make the missing renditions of a track; the names of the tiers made (maybe none).

    Run by the ``make_renditions`` job after ingestion and by ``cli renditions``. Renditions
    of an earlier audio file (replaced since) and of tiers the original now serves are
    removed. Running it again makes nothing new, so a retried job is harmless. A file ffmpeg
    cannot encode is logged and gets none: its listeners hear the original.

    Raises:
        NotFound: no such track.
    """
    track = session.get(Track, track_id)
    if track is None:
        raise NotFound("That track does not exist.")
    audio_key, duration_ms, sample_rate = track.audio_key, track.duration_ms, track.sample_rate
    wanted = tiers_needed(audio_format=track.audio_format, bitrate=track.bitrate,
                          file_size=track.file_size, duration_ms=track.duration_ms)
    existing = _current(session, track_id)
    stale = [row for row in existing.values()
             if row.source_key != audio_key or row.tier not in {tier.name for tier in wanted}
             or not store.exists(row.key)]
    missing = [tier for tier in wanted
               if tier.name not in existing or existing[tier.name] in stale]
    if stale:
        stale_keys = [row.key for row in stale]
        for row in stale:
            session.delete(row)
        session.commit()
        _delete_files(store, stale_keys)
    else:
        session.rollback()  # end the read: encoding can take minutes
    if not missing:
        return []
    written: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="spoticlone-renditions-") as tmp:
            outputs = encode_file(store.path(audio_key), missing, out_dir=Path(tmp),
                                  duration_ms=duration_ms, sample_rate=sample_rate)
            sizes = {}
            for tier in missing:
                sizes[tier.name] = outputs[tier.name].stat().st_size
                written.append(store.put_file("audio", RENDITION_EXTENSION, outputs[tier.name]))
        return _record(session, track_id=track_id, audio_key=audio_key, tiers=missing,
                       keys=written, sizes=sizes, store=store)
    except RenditionError as exc:
        log.warning("renditions of track %s not made: %s", track_id, exc)
        _delete_files(store, written)
        return []
    except BaseException:
        session.rollback()
        _delete_files(store, written)
        raise


def _record(session: Session, *, track_id: int, audio_key: str, tiers: list[Tier], keys: list[str],
            sizes: dict[str, int], store: MediaStore) -> list[str]:
    """Commit the rows for freshly stored files, unless the track changed while encoding."""
    track = session.get(Track, track_id)
    if track is None or track.audio_key != audio_key:
        log.info("track %s was deleted or got new audio while encoding: renditions dropped", track_id)
        _delete_files(store, keys)
        return []
    for tier, key in zip(tiers, keys, strict=True):
        session.add(TrackRendition(track_id=track_id, tier=tier.name, key=key, source_key=audio_key,
                                   mime_type=RENDITION_MIME, bitrate=tier.bitrate,
                                   file_size=sizes[tier.name], created_at=utcnow()))
    try:
        session.commit()
    except IntegrityError:  # another worker made them at the same time: keep its files
        session.rollback()
        _delete_files(store, keys)
        return []
    log.info("track %s: renditions %s made", track_id, ", ".join(t.name for t in tiers))
    return [tier.name for tier in tiers]


def tracks_missing_renditions(session: Session) -> list[int]:
    """Tracks that lack a current rendition of a tier they need, oldest first (the backfill)."""
    made: dict[int, set[tuple[str, str]]] = {}
    for row in session.exec(select(TrackRendition)):
        made.setdefault(row.track_id, set()).add((row.tier, row.source_key))
    originals = sa_select(col(Track.id), col(Track.audio_key), col(Track.audio_format), col(Track.bitrate),
                          col(Track.file_size), col(Track.duration_ms)).order_by(col(Track.id))
    missing = []
    for track in session.connection().execute(originals):
        have = made.get(track.id, set())
        needed = tiers_needed(audio_format=track.audio_format, bitrate=track.bitrate,
                              file_size=track.file_size, duration_ms=track.duration_ms)
        if any((tier.name, track.audio_key) not in have for tier in needed):
            missing.append(track.id)
    return missing


def rendition_keys(session: Session, track_ids: Iterable[int]) -> list[str]:
    """The media keys of the renditions of ``track_ids``."""
    ids = list(track_ids)
    if not ids:
        return []
    return list(session.exec(select(TrackRendition.key).where(col(TrackRendition.track_id).in_(ids))))


@event.listens_for(OrmSession, "before_flush")
def _note_deleted_tracks(session: OrmSession, flush_context, instances) -> None:
    """Remember the rendition files of tracks this flush deletes (their rows go by cascade)."""
    ids = [obj.id for obj in session.deleted if isinstance(obj, Track) and obj.id is not None]
    if ids:
        keys = session.execute(
            select(TrackRendition.key).where(col(TrackRendition.track_id).in_(ids))
        ).scalars().all()
        session.info.setdefault(_DOOMED, set()).update(keys)


@event.listens_for(OrmSession, "after_commit")
def _delete_files_of_deleted_tracks(session: OrmSession) -> None:
    keys = session.info.pop(_DOOMED, None)
    if keys:
        _delete_files(default_store(), keys)


@event.listens_for(OrmSession, "after_rollback")
def _keep_files_after_rollback(session: OrmSession) -> None:
    session.info.pop(_DOOMED, None)
