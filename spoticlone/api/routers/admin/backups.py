"""Backup status over HTTP (``/api/v1/admin/backups``): recent runs, the last good one, back up now.

Admins only (``services.lifecycle.schedule`` refuses everyone else). A backup is queued for
the job worker, which writes it into ``SPOTICLONE_BACKUP_DIR``, reads it back against its
manifest and records whether it verified.
"""

from __future__ import annotations

from fastapi import APIRouter

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.config import get_settings
from spoticlone.jobs.lifecycle_tasks import requested_backup
from spoticlone.services.lifecycle import schedule
from spoticlone.services.lifecycle.schedule import BackupOverview, BackupRunOut

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])

REFUSED = {401: {"description": "Not signed in."}, 403: {"description": "Not an administrator."}}


@router.get("/backups", response_model=BackupOverview, summary="Backup status", responses=REFUSED)
def list_backups(session: SessionDep, actor: CurrentActor):
    """The last 20 backup runs (newest first), the newest verified backup, and the schedule's settings.

    A run's `status` is `queued`, `running`, `verified`, `failed` (see `error`) or
    `interrupted` (still running after 12 hours: the worker was stopped).
    """
    return schedule.list_backups(session, actor=actor, settings=get_settings())


@router.post(
    "/backups", response_model=BackupRunOut, status_code=202, summary="Back up now",
    responses={**REFUSED, 409: {"description": "A backup is already queued or running."},
               422: {"description": "Backups are not configured (SPOTICLONE_BACKUP_DIR)."}},
)
def request_backup(session: SessionDep, actor: CurrentActor):
    """Queue a backup for the job worker; follow it with `GET /api/v1/admin/backups`."""
    return schedule.request_backup(session, actor=actor, settings=get_settings(), enqueue=requested_backup)
