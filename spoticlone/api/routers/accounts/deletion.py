"""Deleting an account over HTTP: ``/api/v1/me/deletion`` and ``/api/v1/admin/users/{id}/deletion``.

Thin: the checks (password, two-step code, throttling), the grace period, who may delete
whom and the erasure are ``services.accounts.deletion``. Asking to delete signs the
account out everywhere, so the response also clears this browser's session cookie.
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import MediaStoreDep, SessionDep
from spoticlone.api.params import id_path
from spoticlone.api.session_cookie import clear_session_cookie
from spoticlone.jobs import deletion_tasks  # noqa: F401  - the deletion emails go out as jobs
from spoticlone.services.accounts import deletion
from spoticlone.services.accounts.deletion import DeletionState

router = APIRouter(prefix="/api/v1")

SIGNED_IN = {401: {"description": "Not signed in (no valid bearer token or session cookie)."}}
ADMIN_ONLY = {401: {"description": "Not signed in."}, 403: {"description": "Not an administrator."},
              404: {"description": "No such user."}}


class DeletionRequest(BaseModel):
    """What confirms a deletion: the password, and the two-step code when two-step is on."""

    model_config = ConfigDict(extra="forbid")

    password: str = Field("", max_length=1024, description="The account password (accounts made with "
                                                          "Google have none: leave it empty).")
    code: str = Field("", max_length=64, description="A 6-digit authenticator code or a recovery code, "
                                                     "when two-step sign-in is on.")
    keep_releases: bool = Field(True, description="Artists only: keep published releases under the stage "
                                                  "name (true) or remove them with their files (false).")


class AdminDeletionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confirm_username: str = Field(..., max_length=200, description="The account's username, typed again.")
    keep_releases: bool = Field(True, description="For an artist: keep (true) or remove their releases.")
    immediate: bool = Field(False, description="Erase now instead of after the grace period.")


@router.get("/me/deletion", response_model=DeletionState, tags=["me"], summary="Is my account set to be deleted?",
            responses=SIGNED_IN)
def get_deletion(session: SessionDep, actor: CurrentActor):
    """Whether a deletion is pending and when; ``notice`` says when a sign-in cancelled one."""
    return deletion.deletion_status(session, actor=actor)


@router.post(
    "/me/deletion",
    response_model=DeletionState,
    status_code=202,
    tags=["me"],
    summary="Delete my account",
    responses={**SIGNED_IN, 409: {"description": "A deletion is already pending."},
               422: {"description": "Wrong password, or the two-step code is missing or wrong."},
               429: {"description": "Too many wrong passwords; see `Retry-After`."}},
)
def request_deletion(body: DeletionRequest, session: SessionDep, actor: CurrentActor, response: Response):
    """Erase the account after the grace period (14 days by default) and sign out everywhere now.

    Signing in again before the date cancels the deletion. Then the profile, pictures, library,
    playlists and sessions are erased; plays stay only as anonymous counts.
    """
    state = deletion.request_deletion(session, actor=actor, password=body.password, code=body.code,
                                      keep_releases=body.keep_releases)
    clear_session_cookie(response)
    return state


@router.delete("/me/deletion", response_model=DeletionState, tags=["me"], summary="Cancel deleting my account",
               responses={**SIGNED_IN, 409: {"description": "No deletion is pending."}})
def cancel_deletion(session: SessionDep, actor: CurrentActor):
    """Keep the account. (Signing in during the grace period also cancels it.)"""
    return deletion.cancel_deletion(session, actor=actor)


@router.post(
    "/admin/users/{target_id}/deletion",
    response_model=DeletionState,
    status_code=202,
    tags=["admin"],
    summary="Delete a user's account",
    responses={**ADMIN_ONLY, 409: {"description": "An administrator's account, or a deletion already pending."},
               422: {"description": "The username does not match, or it is your own account."}},
)
def admin_request_deletion(
    body: AdminDeletionRequest, session: SessionDep, actor: CurrentActor, store: MediaStoreDep,
    target_id: id_path("The user's id."),
):
    """Same rules as a listener's own deletion (the grace period, signing in cancels it), or
    ``immediate`` to erase at once. Every request is written to the audit log."""
    return deletion.admin_request_deletion(
        session, actor=actor, user_id=target_id, confirm_username=body.confirm_username,
        keep_releases=body.keep_releases, immediate=body.immediate, store=store,
    )


@router.delete("/admin/users/{target_id}/deletion", status_code=204, response_class=Response, tags=["admin"],
               summary="Cancel a user's account deletion",
               responses={**ADMIN_ONLY, 409: {"description": "That account is not set to be deleted."}})
def admin_cancel_deletion(session: SessionDep, actor: CurrentActor, target_id: id_path("The user's id.")):
    deletion.admin_cancel_deletion(session, actor=actor, user_id=target_id)
    return Response(status_code=204)
