"""Editorial playlists over REST (``/api/v1/editorial``): anyone reads the live shelves;
administrators list, add, edit, reorder and remove features.

Every rule (admins only, public playlists only, periods, order on a shelf) is in
``services.discovery.editorial``; a listener calling the admin routes gets 403 from there.
Times are ISO 8601; one without a zone is taken as UTC, and answers are in UTC.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from spoticlone.api.auth_deps import CurrentActor, OptionalActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import BodyId, id_path
from spoticlone.services.discovery import editorial
from spoticlone.services.discovery.editorial import MAX_BLURB, MAX_SHELF, AdminFeature, EditorialShelf

router = APIRouter(prefix="/api/v1/editorial", tags=["editorial"])

REFUSED = {401: {"description": "Not signed in."}, 403: {"description": "Not an administrator."}}
MISSING = {404: {"description": "No such feature."}, **REFUSED}
FeatureId = id_path("The feature's id, as listed by `GET /editorial/features`.")


class FeatureFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    starts_at: datetime = Field(description="When it starts to show (ISO 8601; UTC if no zone is given).")
    ends_at: datetime | None = Field(None, description="When it stops showing; never if omitted. After `starts_at`.")
    shelf: str = Field(editorial.DEFAULT_SHELF, max_length=MAX_SHELF,
                       description="The shelf (row) it shows on; a new name starts a new shelf.")
    blurb: str = Field("", max_length=MAX_BLURB, description="A line of editorial text shown with it.")


class FeatureIn(FeatureFields):
    playlist_id: BodyId = Field(description="A public playlist's id.")


class MoveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    offset: Literal[-1, 1] = Field(description="-1 moves it one place up its shelf, 1 one place down.")


@router.get("/shelves", response_model=list[EditorialShelf], summary="Live featured playlists",
            description="The playlists featured right now, shelf by shelf (\"Featured\" first), each in its "
                        "editorial order. Only public playlists inside their featured period appear.")
def live_shelves(session: SessionDep, actor: OptionalActor,
                 shelf: Annotated[str | None, Query(max_length=MAX_SHELF, description="Only this shelf.")] = None):
    return editorial.live_shelves(session, actor=actor, shelf=shelf)


@router.get("/features", response_model=list[AdminFeature], summary="Every feature (admin)", responses=REFUSED,
            description="Live, scheduled, ended and hidden (playlist made private) features, in order.")
def list_features(session: SessionDep, actor: CurrentActor):
    return editorial.list_features(session, actor=actor)


@router.post("/features", response_model=list[AdminFeature], status_code=201, summary="Feature a playlist (admin)",
             responses={**REFUSED, 404: {"description": "No such playlist."},
                        409: {"description": "Already on that shelf."},
                        422: {"description": "A private playlist, a bad period or text too long."}},
             description="Adds it last on its shelf; answers with every feature.")
def add_feature(session: SessionDep, actor: CurrentActor, body: FeatureIn):
    return editorial.add_feature(session, actor=actor, playlist_id=body.playlist_id, starts_at=body.starts_at,
                                 ends_at=body.ends_at, shelf=body.shelf, blurb=body.blurb)


@router.put("/features/{feature_id}", response_model=list[AdminFeature], summary="Edit a feature (admin)",
            responses={**MISSING, 409: {"description": "That playlist is already on the new shelf."}},
            description="Replaces its period, shelf and blurb; a new shelf puts it last there.")
def update_feature(session: SessionDep, actor: CurrentActor, feature_id: FeatureId, body: FeatureFields):
    return editorial.update_feature(session, actor=actor, feature_id=feature_id, starts_at=body.starts_at,
                                    ends_at=body.ends_at, shelf=body.shelf, blurb=body.blurb)


@router.post("/features/{feature_id}/move", response_model=list[AdminFeature], summary="Move a feature (admin)",
             responses=MISSING, description="One place up or down its shelf; at either end nothing moves.")
def move_feature(session: SessionDep, actor: CurrentActor, feature_id: FeatureId, body: MoveIn):
    return editorial.move_feature(session, actor=actor, feature_id=feature_id, offset=body.offset)


@router.delete("/features/{feature_id}", response_model=list[AdminFeature], summary="Stop featuring (admin)",
               responses=MISSING, description="The playlist itself is untouched.")
def remove_feature(session: SessionDep, actor: CurrentActor, feature_id: FeatureId):
    return editorial.remove_feature(session, actor=actor, feature_id=feature_id)
