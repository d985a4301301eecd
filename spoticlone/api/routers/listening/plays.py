"""Listening activity over HTTP: start a play, report progress, recently played.

A play belongs to the signed-in caller (bearer token or session cookie) when there is
one; otherwise to the anonymous listening id the client sends in the body (or the
query, for reads). Signing in moves that id's plays to the account
(``services.listening.plays.claim_anonymous_plays``, called by the browser sign-in route).
Rules (who owns a play, when it counts, counting once, how many plays an hour) live
in ``services.listening.plays``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from spoticlone.api.auth_deps import OptionalUserId
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import BodyId, IdPath, int_query
from spoticlone.api.routers.auth.common import client_ip
from spoticlone.models import PlaySource
from spoticlone.services.catalog.dto import TrackOut
from spoticlone.services.listening import plays
from spoticlone.services.listening.plays import PlayProgress

_SESSION_DOC = (
    "This browser's anonymous listening id: 16-64 letters, digits, `-` or `_`, random "
    "and kept by the client. Needed only without a bearer token or session cookie; "
    "ignored when signed in."
)
AnonymousSession = Annotated[
    str, Field(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description=_SESSION_DOC)
]
NOT_FOUND = {404: {"description": "No such track or play, or the play is somebody else's."}}
THROTTLED = {429: {"description": "Too many plays started this hour; see `Retry-After`."}}

router = APIRouter(prefix="/api/v1", tags=["plays"])


class PlayStart(BaseModel):
    model_config = ConfigDict(extra="forbid")

    track_id: BodyId
    source: PlaySource = Field(PlaySource.OTHER, description="Where playback was started.")
    source_id: str | None = Field(None, max_length=64, description="Album id, genre slug, ...")
    anonymous_session: AnonymousSession | None = None


class PlayStarted(BaseModel):
    play_id: int


class PlayReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ms_played: int = Field(ge=0, le=2**31 - 1, description="Total milliseconds heard so far.")
    completed: bool = False
    skipped: bool = False
    anonymous_session: AnonymousSession | None = None


def _owner(user_id: int | None, anonymous_session: str | None) -> dict[str, Any]:
    """The signed-in user wins; the anonymous id counts only without one."""
    if user_id is not None:
        return {"user_id": user_id}
    return {"anonymous_session": anonymous_session}


@router.post(
    "/plays",
    response_model=PlayStarted,
    status_code=201,
    summary="Start a play",
    description=(
        "Record that a published track started playing; report progress with PATCH. "
        f"At most {plays.PLAY_OWNER_LIMITS[0][0]} plays an hour per listener and "
        f"{plays.PLAY_ADDRESS_LIMITS[0][0]} per client address for plays without an account."
    ),
    responses={**NOT_FOUND, **THROTTLED},
)
def start_play(session: SessionDep, body: PlayStart, user_id: OptionalUserId, request: Request):
    play_id = plays.start_play(
        session, track_id=body.track_id, source=body.source, source_id=body.source_id,
        client_ip=client_ip(request),
        **_owner(user_id, body.anonymous_session),
    )
    return PlayStarted(play_id=play_id)


@router.patch(
    "/plays/{play_id}",
    response_model=PlayProgress,
    summary="Report listening progress",
    description=(
        "`ms_played` is the total heard so far and never goes down. The play counts towards "
        f"the track's play count once, after min({plays.PLAY_THRESHOLD_MS // 1000} s, half "
        "the track)."
    ),
    responses=NOT_FOUND,
)
def report_progress(
    session: SessionDep, play_id: IdPath, body: PlayReport,
    user_id: OptionalUserId,
):
    return plays.report_progress(
        session, play_id=play_id, ms_played=body.ms_played, completed=body.completed,
        skipped=body.skipped, **_owner(user_id, body.anonymous_session),
    )


@router.get(
    "/me/recently-played",
    response_model=list[TrackOut],
    summary="Recently played tracks",
    description="Published tracks this listener played, each once, most recent first.",
)
def recently_played(
    session: SessionDep,
    user_id: OptionalUserId,
    anonymous_session: Annotated[
        str | None,
        Query(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description=_SESSION_DOC),
    ] = None,
    limit: int_query(1, plays.MAX_RECENT, "How many tracks.") = 12,
):
    return plays.recently_played(session, limit=limit, **_owner(user_id, anonymous_session))
