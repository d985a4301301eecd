"""The API, at /api/plugins/listenbrainz/...: the signed-in listener's own connection only."""

from fastapi import APIRouter
from pydantic import BaseModel, Field

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone_listenbrainz import accounts

router = APIRouter()


class TokenIn(BaseModel):
    token: str = Field(max_length=200)


@router.get("/account", response_model=accounts.Connection, summary="ListenBrainz: my connection")
def get_account(session: SessionDep, actor: CurrentActor):
    return accounts.connection(session, actor=actor)


@router.put("/account", response_model=accounts.Connection, summary="ListenBrainz: connect with my token")
def put_account(body: TokenIn, session: SessionDep, actor: CurrentActor):
    return accounts.connect_with_service(session, actor=actor, token=body.token)


@router.delete("/account", response_model=accounts.Connection, summary="ListenBrainz: disconnect")
def delete_account(session: SessionDep, actor: CurrentActor):
    return accounts.disconnect(session, actor=actor)
