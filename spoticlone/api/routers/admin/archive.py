"""Archive (end-of-life) mode over HTTP: the public status and the admin's switch.

``PUT /api/v1/admin/archive`` stays open while archived (so the switch can be turned off
again); every other write is refused by ``api/write_guard.py`` with the message set here.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel, Field

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.services.lifecycle import archive
from spoticlone.services.lifecycle.archive import ArchiveStatus

router = APIRouter(prefix="/api/v1", tags=["admin"])


class ArchiveIn(BaseModel):
    enabled: bool
    message: str = Field(default="", max_length=archive.MAX_MESSAGE, description="What happens next.")
    contact: str = Field(default="", max_length=archive.MAX_CONTACT, description="An address for questions.")
    closes_on: date | None = Field(default=None, description="The day the service closes for good.")


@router.get("/archive", response_model=ArchiveStatus, summary="Whether the service is read-only")
def read_status(session: SessionDep):
    """Public: when `enabled`, every write is refused with `message`; listening still works."""
    return archive.archive_status(session)


@router.put("/admin/archive", response_model=ArchiveStatus, summary="Turn archive mode on or off",
            responses={401: {"description": "Not signed in."}, 403: {"description": "Not an administrator."}})
def set_status(body: ArchiveIn, session: SessionDep, actor: CurrentActor):
    return archive.set_archive(session, actor=actor, enabled=body.enabled, message=body.message,
                               contact=body.contact, closes_on=body.closes_on)
