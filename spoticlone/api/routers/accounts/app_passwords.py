"""App passwords over REST: ``/api/v1/me/app-passwords`` (list, make, revoke).

The keys Subsonic apps sign in with (``services.auth.app_passwords``); a new key is in
the ``POST`` answer only, never again.
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import id_path
from spoticlone.services.auth import app_passwords
from spoticlone.services.auth.app_passwords import AppPasswordOut, NewAppPassword

router = APIRouter(prefix="/api/v1/me/app-passwords", tags=["me"])

SIGN_IN_NEEDED = {401: {"description": "No valid bearer token or session cookie."}}
AppPasswordId = id_path("The app password's id.")


class AppPasswordIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200, description="Which device or app it is for.")


@router.get("", summary="List your app passwords", response_model=list[AppPasswordOut], responses=SIGN_IN_NEEDED)
def list_keys(session: SessionDep, actor: CurrentActor) -> list[AppPasswordOut]:
    return app_passwords.list_app_passwords(session, actor=actor)


@router.post(
    "", status_code=201, summary="Make an app password", response_model=NewAppPassword,
    description="Makes a key for a Subsonic app. `key` is shown in this answer only: copy it now.",
    responses={**SIGN_IN_NEEDED, 400: {"description": "No name, or too many app passwords."}},
)
def create_key(body: AppPasswordIn, session: SessionDep, actor: CurrentActor) -> NewAppPassword:
    return app_passwords.create_app_password(session, actor=actor, name=body.name)


@router.delete(
    "/{app_password_id}", status_code=204, summary="Revoke an app password",
    responses={**SIGN_IN_NEEDED, 404: {"description": "Not one of your app passwords."}},
)
def revoke_key(app_password_id: AppPasswordId, session: SessionDep, actor: CurrentActor) -> Response:
    app_passwords.revoke_app_password(session, actor=actor, app_password_id=app_password_id)
    return Response(status_code=204)
