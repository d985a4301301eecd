"""How a listener wants music played: streaming quality and volume normalisation.

Both are kept on the server (``ListenerSettings``) so they follow the listener to every
browser and the REST API; no row, or an anonymous listener, means the defaults: **normal**
quality (160 kbps: good on any connection, a fraction of a lossless upload) and
normalisation **on**, as Spotify ships it.

Normalisation turns every track toward one loudness, so a quiet folk song and a loud
modern master play at about the same level. From a track's EBU R128 figures
(``media.loudness``) the gain is ``TARGET_LUFS - integrated`` both ways, as Spotify's
"Normal" level does: a loud track is turned down, a quiet one up, but a boost only as far as
the true peak's headroom below ``PEAK_CEILING_DBTP`` (beyond it the track would clip in the
listener's DAC); attenuation is always safe. A track without figures (not measured yet, or
silent) plays unchanged. The browser applies the gain (``assets/player.js``: a cut as the
element's volume, a boost through a Web Audio gain node).
"""

from __future__ import annotations

import math

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from spoticlone.models import ListenerSettings, Track, TrackLoudness, utcnow
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import Actor, require_user
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.core.quick_reads import quick_read
from spoticlone.services.listening.streaming import streamable
from spoticlone.services.media.renditions import QUALITIES

DEFAULT_QUALITY = "normal"
DEFAULT_NORMALISE = True
#: Spotify's default ("Normal") target.
TARGET_LUFS = -14.0
#: Headroom kept below full scale for inter-sample peaks and lossy encoding.
PEAK_CEILING_DBTP = -1.0
#: No master needs more than this either way; beyond it the figures are suspect.
MAX_CUT_DB = -24.0
MAX_BOOST_DB = 12.0
QUALITY_LABELS = {
    "low": "Low (96 kbps)",
    "normal": "Normal (160 kbps)",
    "high": "High (320 kbps)",
    "original": "Original (as uploaded)",
}


class PlaybackSettings(DTO):
    """A listener's playback choices (the defaults for anonymous listeners)."""

    streaming_quality: str = DEFAULT_QUALITY
    normalise_volume: bool = DEFAULT_NORMALISE


class TrackNormalisation(DTO):
    """A track's loudness and the gain that brings it to the target (None: play unchanged)."""

    track_id: int
    integrated_lufs: float | None
    true_peak_dbtp: float | None
    target_lufs: float = TARGET_LUFS
    gain_db: float | None


def normalisation_gain(integrated_lufs: float | None, true_peak_dbtp: float | None) -> float | None:
    """The gain in dB toward ``TARGET_LUFS``, never lifting the true peak over the ceiling.

    None when there is nothing sound to go by: no figures, or silence (no true peak).
    """
    if integrated_lufs is None or true_peak_dbtp is None:
        return None
    if not (math.isfinite(integrated_lufs) and math.isfinite(true_peak_dbtp)):
        return None
    gain = round(TARGET_LUFS - integrated_lufs, 2)
    headroom = PEAK_CEILING_DBTP - true_peak_dbtp
    if gain > 0 and gain > headroom:
        # Rounded down: a boost rounded up to the next 0.01 dB could lift the peak over the ceiling.
        gain = max(0.0, math.floor(headroom * 100 + 1e-9) / 100)
    return min(MAX_BOOST_DB, max(MAX_CUT_DB, gain))


@quick_read
def get_settings(session: Session, *, actor: Actor) -> PlaybackSettings:
    """The actor's playback settings; the defaults for anonymous listeners and new accounts."""
    if actor is None or actor.id is None:
        return PlaybackSettings()
    row = session.get(ListenerSettings, actor.id)
    if row is None:
        return PlaybackSettings()
    return PlaybackSettings(streaming_quality=row.streaming_quality, normalise_volume=row.normalise_volume)


def update_settings(
    session: Session,
    *,
    actor: Actor,
    streaming_quality: str | None = None,
    normalise_volume: bool | None = None,
) -> PlaybackSettings:
    """Change the signed-in actor's settings; a value left as None stays as it is.

    Raises:
        PermissionDenied: anonymous (settings belong to an account).
        Invalid: an unknown quality or a normalisation value that is not true or false.
    """
    user = require_user(actor)
    if streaming_quality is not None and streaming_quality not in QUALITIES:
        raise Invalid(f"Streaming quality must be one of: {', '.join(QUALITIES)}.")
    if normalise_volume is not None and not isinstance(normalise_volume, bool):
        raise Invalid("Volume normalisation is either on or off.")
    user_id = saved_id(user)
    row = session.get(ListenerSettings, user_id) or ListenerSettings(user_id=user_id)
    if streaming_quality is not None:
        row.streaming_quality = streaming_quality
    if normalise_volume is not None:
        row.normalise_volume = normalise_volume
    row.updated_at = utcnow()
    session.add(row)
    session.commit()
    return PlaybackSettings(streaming_quality=row.streaming_quality, normalise_volume=row.normalise_volume)


_LOUDNESS_QUERY = sa_select(
    col(Track.status), col(Track.artist_id), col(TrackLoudness.integrated_lufs), col(TrackLoudness.true_peak_dbtp)
).select_from(Track).outerjoin(TrackLoudness, col(TrackLoudness.track_id) == col(Track.id))


def track_normalisation(session: Session, *, actor: Actor, track_id: int) -> TrackNormalisation:
    """The loudness figures and normalisation gain of a track the actor may stream.

    Raises:
        NotFound: unknown track, or one the actor may not stream (as for the stream itself).
    """
    row = session.connection().execute(_LOUDNESS_QUERY.where(col(Track.id) == track_id)).first()
    if row is None or not streamable(session, actor=actor, status=row.status, artist_id=row.artist_id):
        raise NotFound("That track does not exist.")
    return TrackNormalisation(
        track_id=track_id, integrated_lufs=row.integrated_lufs, true_peak_dbtp=row.true_peak_dbtp,
        gain_db=normalisation_gain(row.integrated_lufs, row.true_peak_dbtp),
    )
