"""Administration over HTTP (``/api/v1/admin``): list users, change roles, suspend, verify artists.

Every rule (admins only, the last admin stays, no self-suspension, suspension ends
sessions) is in ``services.admin.roles``; a listener calling these gets 403 from there.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field, model_validator

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import PageParam, id_path
from spoticlone.models import Role
from spoticlone.services.admin import artists, roles
from spoticlone.services.admin.artists import VerifiedArtist
from spoticlone.services.admin.roles import AdminUser, UserPage

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])

REFUSED = {401: {"description": "Not signed in."}, 403: {"description": "Not an administrator."}}


class UserPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role | None = Field(None, description="New role.")
    suspended: bool | None = Field(None, description="Suspend (and sign out everywhere) or reinstate.")

    @model_validator(mode="after")
    def _something(self) -> UserPatch:
        if self.role is None and self.suspended is None:
            raise ValueError("Send `role`, `suspended` or both.")
        return self


@router.get("/users", response_model=UserPage, summary="List and search users", responses=REFUSED)
def list_users(
    session: SessionDep,
    actor: CurrentActor,
    page: PageParam = 1,
    q: Annotated[str, Query(max_length=roles.MAX_QUERY, description="Part of an email or username.")] = "",
):
    """Users whose email or username contains `q`, newest first, 20 per page."""
    return roles.list_users(session, actor=actor, query=q, page=page)


@router.patch(
    "/users/{target_id}",
    response_model=AdminUser,
    summary="Change a user's role or suspension",
    responses={
        **REFUSED,
        404: {"description": "No such user."},
        409: {"description": "That would leave no active administrator."},
    },
)
def update_user(
    session: SessionDep,
    actor: CurrentActor,
    target_id: id_path("The user's id."),
    body: UserPatch,
):
    """Role first, then suspension. Suspending ends every session of that user at once.

    Administrators cannot suspend themselves, and the last active administrator
    cannot be demoted.
    """
    return roles.update_user(
        session, actor=actor, user_id=target_id, role=body.role, suspended=body.suspended
    )


class VerifiedBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verified: bool = Field(description="Give (true) or take back (false) the verified badge.")


@router.put(
    "/artists/{artist_id}/verified",
    response_model=VerifiedArtist,
    summary="Give or take back an artist's verified badge",
    responses={**REFUSED, 404: {"description": "No such artist."}},
)
def set_artist_verified(
    session: SessionDep,
    actor: CurrentActor,
    artist_id: id_path("The artist profile's id."),
    body: VerifiedBody,
):
    """The badge shows on the artist's page ("Verified artist")."""
    return artists.set_artist_verified(session, actor=actor, artist_id=artist_id, verified=body.verified)
