"""How loud a track is, measured to EBU R128: integrated loudness (LUFS) and true peak (dBTP).

A player that turns every track to one target loudness (Spotify uses -14 LUFS) needs each
track's integrated loudness, and its true peak to know how far it may turn a quiet master
up without clipping. ffmpeg's ``ebur128`` filter measures both in one decoding pass.

The file came from an uploader and ffmpeg parses it, so it runs like the other parsers of
untrusted files (``media.sandbox``): a child process caps its own memory, CPU time and
file writes, then becomes ffmpeg (``exec`` keeps the limits), and the parent adds a
wall-clock timeout. The figures go to ``TrackLoudness``; a file ffmpeg cannot measure gets
no row, and the player then plays it unchanged.
"""

from __future__ import annotations

import logging
import math
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import Track, TrackLoudness, utcnow
from spoticlone.services.core.errors import NotFound
from spoticlone.services.media import loudness_child, sandbox
from spoticlone.services.media.loudness_child import TIMEOUT_SECONDS

log = logging.getLogger(__name__)

#: Below this the ``ebur128`` filter reports its floor: the track is (nearly) silent.
SILENCE_FLOOR_LUFS = -70.0

_INTEGRATED = re.compile(r"Integrated loudness:\s*\n\s*I:\s*(-?[\d.]+|-?inf)\s*LUFS")
_TRUE_PEAK = re.compile(r"True peak:\s*\n\s*Peak:\s*(-?[\d.]+|-?inf)\s*dBFS")


class LoudnessError(Exception):
    """ffmpeg is missing, timed out, or could not measure the file (``reason`` says which)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class Loudness:
    """Integrated loudness in LUFS and true peak in dBTP (None when the track is silent)."""

    integrated_lufs: float
    true_peak_dbtp: float | None


def ffmpeg_path() -> str | None:
    """Where ffmpeg is (``make setup`` installs Debian's), or None."""
    return shutil.which("ffmpeg")


def parse_report(stderr: str) -> Loudness:
    """The figures of ffmpeg's ``ebur128`` summary; ``LoudnessError`` if there is none."""
    integrated, peak = _INTEGRATED.search(stderr), _TRUE_PEAK.search(stderr)
    if integrated is None or peak is None:
        raise LoudnessError("unmeasurable", "ffmpeg printed no loudness summary")
    lufs = float(integrated.group(1))
    peak_db = float(peak.group(1))
    return Loudness(
        integrated_lufs=max(lufs, SILENCE_FLOOR_LUFS) if math.isfinite(lufs) else SILENCE_FLOOR_LUFS,
        true_peak_dbtp=round(peak_db, 2) if math.isfinite(peak_db) else None,
    )


def measure_file(path: Path, *, timeout: float = TIMEOUT_SECONDS) -> Loudness:
    """Measure ``path`` in a resource-limited ffmpeg child; ``LoudnessError`` if it cannot."""
    if ffmpeg_path() is None:
        raise LoudnessError("no_ffmpeg", "ffmpeg is not installed (make setup installs it)")
    with tempfile.TemporaryDirectory(prefix="spoticlone-loudness-") as tmp:
        try:
            proc = sandbox.run_module(loudness_child.__name__, [str(Path(path).resolve())], timeout=timeout,
                                      cwd=tmp)
        except subprocess.TimeoutExpired:
            raise LoudnessError("timeout", f"no answer within {timeout:.0f} s") from None
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        last = stderr.strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
        raise LoudnessError("unmeasurable", last[0][:200])
    return parse_report(stderr)


def measure_track(session: Session, *, track_id: int, store: MediaStore) -> Loudness | None:
    """Measure a track's audio file and store the figures on it; None if it cannot be measured.

    Run by the ``measure_loudness`` job after ingestion, and by ``cli loudness`` for tracks
    that have no figures yet. Measuring again gives the same figures, so a retried job is
    harmless.
    """
    track = session.get(Track, track_id)
    if track is None:
        raise NotFound("That track does not exist.")
    try:
        loudness = measure_file(store.path(track.audio_key))
    except LoudnessError as exc:
        log.warning("loudness of track %s not measured: %s", track_id, exc)
        return None
    row = session.get(TrackLoudness, track_id) or TrackLoudness(track_id=track_id, integrated_lufs=0.0)
    row.integrated_lufs = round(loudness.integrated_lufs, 2)
    row.true_peak_dbtp = loudness.true_peak_dbtp
    row.measured_at = utcnow()
    session.add(row)
    session.commit()
    return loudness


def unmeasured_track_ids(session: Session) -> list[int]:
    """Tracks without loudness figures yet, oldest first (the ``cli loudness`` backfill)."""
    measured = select(TrackLoudness.track_id)
    rows = session.exec(select(Track.id).where(col(Track.id).not_in(measured)).order_by(col(Track.id)))
    return [row for row in rows if row is not None]
