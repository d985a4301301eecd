"""A copy of your data over REST: ``/api/v1/me/exports`` (ask, follow, link, download once).

Rules live in ``services.accounts.data_export``; the zip is built by the job worker. The
download streams the file and deletes it once sent: each link works once. It is read here
in chunks rather than handed to the server as a whole file (``FileResponse``): with Granian's
``pathsend`` the server opens the file after the app has returned, so deleting it then would
race the server's read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import id_path
from spoticlone.config import get_settings
from spoticlone.jobs.export_tasks import build_data_export
from spoticlone.services.accounts import data_export
from spoticlone.services.accounts.data_export import DataExportOut, DownloadLink

router = APIRouter(prefix="/api/v1/me/exports", tags=["me"])

SIGN_IN_NEEDED = {401: {"description": "No valid bearer token or session cookie."}}
NOT_YOURS = {404: {"description": "Not one of your exports (or, for a download, not the newest link)."}}
ExportId = id_path("The export's id.")
CHUNK = 1024 * 1024
Token = Annotated[str, Query(min_length=1, max_length=100, description="The token from the emailed or made link.")]


@router.post(
    "", status_code=202, summary="Ask for a copy of your data", response_model=DataExportOut,
    responses={**SIGN_IN_NEEDED, 409: {"description": "An export is already being gathered."},
               429: {"description": "You asked less than 24 hours ago (`Retry-After` says when you may again)."}},
)
def request_export(session: SessionDep, actor: CurrentActor) -> DataExportOut:
    """Queue a zip of everything kept about you (JSON per kind of data, playlists as M3U8 and XSPF,
    for artists their original files). Follow `progress` with `GET /api/v1/me/exports/{export_id}`;
    an email with a one-time link is sent when it is ready."""
    return data_export.request_export(session, actor=actor, enqueue=build_data_export)


@router.get("", summary="Your data exports", response_model=list[DataExportOut], responses=SIGN_IN_NEEDED)
def list_exports(session: SessionDep, actor: CurrentActor) -> list[DataExportOut]:
    """Your last ten exports, newest first. `status` is `queued`, `running`, `ready`, `downloaded`,
    `expired` or `failed`."""
    return data_export.list_exports(session, actor=actor)


@router.get("/{export_id}", summary="Follow an export", response_model=DataExportOut,
            responses={**SIGN_IN_NEEDED, **NOT_YOURS})
def export_status(export_id: ExportId, session: SessionDep, actor: CurrentActor) -> DataExportOut:
    """Status and `progress` (0-100) of one of your exports."""
    return data_export.export_status(session, actor=actor, export_id=export_id)


@router.post(
    "/{export_id}/link", summary="Make a new download link", response_model=DownloadLink,
    responses={**SIGN_IN_NEEDED, **NOT_YOURS, 409: {"description": "Not ready, already downloaded or expired."}},
)
def new_link(export_id: ExportId, session: SessionDep, actor: CurrentActor) -> DownloadLink:
    """A fresh one-time link to a ready export; earlier links (the emailed one too) stop working."""
    return data_export.new_download_link(session, actor=actor, export_id=export_id)


def _send_then_delete(path: Path) -> Iterator[bytes]:
    """The zip in chunks; deleted when sent (or when the client went away mid-way)."""
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
    finally:
        data_export.discard_file(path)


@router.get(
    "/{export_id}/download", summary="Download your data (once)", response_class=StreamingResponse,
    responses={**SIGN_IN_NEEDED, **NOT_YOURS,
               200: {"content": {"application/zip": {}}, "description": "The zip."},
               409: {"description": "The link was used already, or has expired."}},
)
def download(export_id: ExportId, token: Token, session: SessionDep, actor: CurrentActor) -> StreamingResponse:
    """The zip, for its owner signed in, with the newest link's token. It works once: the file is deleted
    after it was sent."""
    folder = data_export.exports_folder(get_settings().data_dir)
    path = data_export.claim_download(session, actor=actor, export_id=export_id, token=token, folder=folder)
    headers = {"Content-Disposition": f'attachment; filename="spoticlone-data-{export_id}.zip"',
               "Content-Length": str(path.stat().st_size), "Cache-Control": "no-store"}
    return StreamingResponse(_send_then_delete(path), media_type="application/zip", headers=headers)
