"""Playback settings (``/api/v1/me/playback``) and a track's normalisation gain.

Rules (which qualities exist, the defaults, the gain toward -14 LUFS, who may hear a
track) live in ``services.listening.playback``.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from spoticlone.api.auth_deps import CurrentActor, OptionalActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import id_path
from spoticlone.services.listening import playback
from spoticlone.services.listening.playback import PlaybackSettings, TrackNormalisation

router = APIRouter(prefix="/api/v1")

TrackIdParam = id_path("The track's id.")
Quality = Literal["low", "normal", "high", "original"]


class PlaybackUpdate(BaseModel):
    """Fields to change; leave a field out to keep it."""

    model_config = ConfigDict(extra="forbid")

    streaming_quality: Quality | None = Field(
        None, description="low (96 kbps), normal (160 kbps), high (320 kbps) or original (as uploaded)."
    )
    normalise_volume: StrictBool | None = Field(
        None, description="Turn every track toward -14 LUFS (on by default)."
    )


@router.get("/me/playback", response_model=PlaybackSettings, tags=["me"], summary="Get my playback settings")
def get_playback(session: SessionDep, actor: OptionalActor):
    """Streaming quality and volume normalisation; the defaults (normal, on) when not signed in."""
    return playback.get_settings(session, actor=actor)


@router.put(
    "/me/playback",
    response_model=PlaybackSettings,
    tags=["me"],
    summary="Change my playback settings",
    responses={401: {"description": "Not signed in (no valid bearer token or session cookie)."},
               422: {"description": "An unknown quality or field; nothing was changed."}},
)
def put_playback(body: PlaybackUpdate, session: SessionDep, actor: CurrentActor):
    """Set the streaming quality the player asks for, and whether it normalises volume."""
    return playback.update_settings(session, actor=actor, streaming_quality=body.streaming_quality,
                                    normalise_volume=body.normalise_volume)


@router.get(
    "/tracks/{track_id}/normalisation",
    response_model=TrackNormalisation,
    tags=["tracks"],
    summary="Get a track's loudness and normalisation gain",
    responses={404: {"description": "Unknown track, or not streamable by you."}},
)
def get_normalisation(track_id: TrackIdParam, session: SessionDep, actor: OptionalActor):
    """EBU R128 integrated loudness and true peak, and the gain in dB toward -14 LUFS that
    keeps the true peak at or under -1 dBTP (`null` while the track is not measured)."""
    return playback.track_normalisation(session, actor=actor, track_id=track_id)
