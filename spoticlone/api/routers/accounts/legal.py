"""Terms, Privacy and Licences over HTTP: read any version, accept, and (admins) publish.

Reading is public. ``POST /api/v1/me/legal/accept`` is the one write a listener with
unaccepted terms may still make (``api/write_guard.py`` answers every other one with 403
and code ``terms_not_accepted``).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import id_path
from spoticlone.services.accounts import legal
from spoticlone.services.accounts.legal import LegalPage, LegalVersion, PendingDocument

router = APIRouter(prefix="/api/v1", tags=["legal"])

Kind = Literal["terms", "privacy", "licences"]
VersionParam = id_path("The version number (1 is the first).")
REFUSED = {401: {"description": "Not signed in."}, 403: {"description": "Not an administrator."}}


class PublishIn(BaseModel):
    title: str = Field(default="", max_length=legal.MAX_TITLE)
    summary: str = Field(default="", max_length=legal.MAX_SUMMARY, description="What changed.")
    body: str = Field(min_length=1, max_length=legal.MAX_BODY, description="Markdown; raw HTML is shown as text.")
    requires_acceptance: bool = Field(default=False, description="Terms and privacy only: ask everyone to accept.")


@router.get("/legal/{kind}", response_model=LegalPage, summary="A legal document and its versions")
def read_document(kind: Kind, session: SessionDep):
    """The newest version of `terms`, `privacy` or `licences`, with the version history."""
    return legal.document_page(session, kind=kind)


@router.get("/legal/{kind}/versions/{version}", response_model=LegalPage, summary="One earlier version")
def read_version(kind: Kind, version: VersionParam, session: SessionDep):
    return legal.document_page(session, kind=kind, version=version)


@router.get("/me/legal", response_model=list[PendingDocument], summary="Documents waiting for my acceptance")
def pending(session: SessionDep, actor: CurrentActor):
    """Empty when the account has accepted everything it must; otherwise accept them first."""
    return legal.pending_for(session, actor=actor)


@router.post("/me/legal/accept", response_model=list[PendingDocument], summary="Accept the current terms",
             responses={401: {"description": "Not signed in."}})
def accept(session: SessionDep, actor: CurrentActor):
    """Accept the newest Terms of Service and Privacy Policy; answers what was newly accepted."""
    return legal.accept_current(session, actor=actor)


@router.post("/admin/legal/{kind}", response_model=LegalVersion, status_code=201,
             summary="Publish a new version", tags=["admin"], responses=REFUSED)
def publish(kind: Kind, body: PublishIn, session: SessionDep, actor: CurrentActor):
    """Publish the next version; `requires_acceptance` makes every listener accept it before writing."""
    return legal.publish(session, actor=actor, kind=kind, body=body.body, title=body.title,
                         summary=body.summary, requires_acceptance=body.requires_acceptance)
