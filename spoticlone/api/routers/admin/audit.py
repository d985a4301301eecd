"""The audit log over HTTP (``/api/v1/admin/audit``): administrators read and filter it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import PageParam, PageSizeParam
from spoticlone.services.admin import audit_log
from spoticlone.services.admin.audit_log import AuditPage

router = APIRouter(prefix="/api/v1/admin/audit", tags=["admin"])

REFUSED = {401: {"description": "Not signed in."}, 403: {"description": "Not an administrator."}}


@router.get("", response_model=AuditPage, summary="The audit log, newest first", responses=REFUSED)
def list_entries(
    session: SessionDep,
    actor: CurrentActor,
    page: PageParam = 1,
    page_size: PageSizeParam = audit_log.PAGE_SIZE,
    action: Annotated[str, Query(max_length=audit_log.MAX_TEXT,
                                 description="Start of the action, e.g. `user` or `user.role`.")] = "",
    admin: Annotated[str, Query(max_length=audit_log.MAX_TEXT,
                                description="The admin's id, or part of their username.")] = "",
    target_type: Annotated[str, Query(max_length=audit_log.MAX_TEXT, description="e.g. `user`.")] = "",
    target_id: Annotated[str, Query(max_length=audit_log.MAX_TEXT, description="The target's id.")] = "",
    since: Annotated[date | None, Query(description="First day (YYYY-MM-DD), included.")] = None,
    until: Annotated[date | None, Query(description="Last day (YYYY-MM-DD), included.")] = None,
):
    """Who changed what, when, and each field's value before → after (secrets hidden)."""
    return audit_log.list_entries(session, actor=actor, action=action, admin=admin, target_type=target_type,
                                  target_id=target_id, since=since, until=until, page=page, page_size=page_size)
