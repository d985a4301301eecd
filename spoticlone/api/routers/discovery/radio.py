"""Radio over REST: start a station from a seed, fetch its next batch, tell it about skips and likes.

A station is the caller's own: another listener's station id is a 404, like one that never
existed. Signing in is required (radio is personal, like every discovery feature).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import BodyId, IdPath, int_query
from spoticlone.services.discovery import radio
from spoticlone.services.discovery.radio import RadioBatch, StationOut

router = APIRouter(prefix="/api/v1/radio", tags=["radio"])

UNAUTHORIZED: dict[int | str, dict[str, Any]] = {401: {"description": "Not signed in."}}
STATION_ERRORS: dict[int | str, dict[str, Any]] = {404: {"description": "No such station of the caller."},
                                                   **UNAUTHORIZED}
BatchSize = int_query(1, radio.MAX_BATCH, f"How many tracks (1-{radio.MAX_BATCH}).")


class StartIn(BaseModel):
    kind: str = Field(max_length=20, pattern=r"^[a-z][a-z0-9-]*$",
                      description="`track`, `album`, `artist`, `genre`, `playlist` or `my` (the caller's taste), "
                                  "or a kind a plugin registered.")
    ref: str = Field(max_length=120, min_length=1,
                     description="Track, album or playlist id; artist or genre slug (or id); `me` for `my`.")
    size: int = Field(default=radio.BATCH, ge=1, le=radio.MAX_BATCH, strict=True,
                      description=f"Tracks in the first batch (1-{radio.MAX_BATCH}).")


class FeedbackIn(BaseModel):
    track_id: BodyId = Field(description="A track this station played.")
    action: Literal["skip", "like"] = Field(description="`skip` leans away from the track's artist and "
                                                        "neighbours; `like` leans towards them.")


@router.post("/stations", response_model=RadioBatch, status_code=201, summary="Start a radio station",
             responses={404: {"description": "No such seed, or a playlist the caller may not read."},
                        **UNAUTHORIZED},
             description="A new station of the caller grown from the seed, and its first tracks at once (a "
                         "track station opens with the track). `station.url` is the address to share: opening "
                         "it starts the same kind of station for whoever opens it.")
def start_station(session: SessionDep, actor: CurrentActor, body: StartIn):
    return radio.start_station(session, actor=actor, kind=body.kind, ref=body.ref, size=body.size)


@router.get("/stations/{station_id}", response_model=StationOut, summary="One of my stations",
            responses=STATION_ERRORS)
def get_station(session: SessionDep, actor: CurrentActor, station_id: IdPath):
    return radio.get_station(session, actor=actor, station_id=station_id)


@router.post("/stations/{station_id}/next", response_model=RadioBatch, summary="The station's next tracks",
             responses=STATION_ERRORS,
             description="Never a track the station has played before; leaning by the skips and likes so far. "
                         f"An empty list means the station has run out (at most {radio.MAX_SERVED} tracks).")
def next_batch(session: SessionDep, actor: CurrentActor, station_id: IdPath, size: BatchSize = radio.BATCH):
    return radio.next_batch(session, actor=actor, station_id=station_id, size=size)


@router.post("/stations/{station_id}/feedback", response_model=StationOut, summary="Skip or like on a station",
             responses={**STATION_ERRORS, 422: {"description": "An unknown action."}})
def feedback(session: SessionDep, actor: CurrentActor, station_id: IdPath, body: FeedbackIn):
    return radio.station_feedback(session, actor=actor, station_id=station_id, track_id=body.track_id,
                                  action=body.action)
