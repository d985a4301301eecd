"""Audio uploads for artists over REST: send a file, then follow it until it is a draft.

The body is the raw file (any ``Content-Type``), streamed to disk by
``services.studio.uploads.upload_audio``: the caller must be an artist before a byte is
read, a declared ``Content-Length`` over the cap or the quota is refused at once, and an
undeclared one is cut off (413) as soon as it passes. Every rule lives in the service.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import MAX_ID, PageParam, PageSizeParam, id_path, int_query
from spoticlone.jobs.studio_tasks import ingest_upload
from spoticlone.services.core.dto import Page
from spoticlone.services.studio import uploads
from spoticlone.services.studio.uploads import UploadOut

router = APIRouter(prefix="/api/v1/studio/uploads", tags=["studio"])

UploadId = id_path("The upload's id.")
AUTH_ERRORS = {401: {"description": "Not signed in."}}
POST_ERRORS = {
    **AUTH_ERRORS,
    403: {"description": "Signed in without an artist profile."},
    409: {"description": "You already uploaded this exact file (the message names the song)."},
    413: {"description": "Larger than `SPOTICLONE_MAX_UPLOAD_MB`, or more than your storage quota has left; "
                         "refused before or while the body arrives."},
    422: {"description": "Empty, or not an audio file by its content."},
}
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/octet-stream": {
                "schema": {"type": "string", "format": "binary",
                           "description": "The audio file itself: MP3, FLAC, Ogg Vorbis, Opus, WAV or M4A."}
            }
        },
    }
}


def _declared(request: Request) -> int | None:
    value = request.headers.get("content-length", "")
    return int(value) if value.isdigit() else None


@router.post(
    "", response_model=UploadOut, status_code=202, summary="Upload an audio file",
    responses=POST_ERRORS, openapi_extra=UPLOAD_BODY,
    description="Send the file as the raw body. It is checked as it arrives (size, storage quota, "
                "audio by content, the same file twice) and then made a draft in the background: "
                "follow `GET /api/v1/studio/uploads/{id}` until `status` is `ready` (with `track_id`) "
                "or `failed` (with `error`).",
)
async def post_upload(
    request: Request, session: SessionDep, actor: CurrentActor,
    filename: Annotated[str, Query(min_length=1, max_length=1000,
                                   description="The file's name; the draft's title if it has no title tag.")],
):
    return await uploads.upload_audio(session, actor=actor, filename=filename, declared_size=_declared(request),
                                      chunks=request.stream(), ingest=ingest_upload)


@router.get("", response_model=Page[UploadOut], summary="My recent uploads",
            description="Newest first. An administrator may name any `artist_id`.",
            responses={**AUTH_ERRORS, 403: {"description": "No artist profile."},
                       404: {"description": "No such artist, or not yours."}})
def list_uploads(
    session: SessionDep, actor: CurrentActor, page: PageParam = 1, page_size: PageSizeParam = 20,
    artist_id: int_query(1, MAX_ID, "Another artist's uploads (administrators only).") = None,
):
    return uploads.list_uploads(session, actor=actor, page=page, page_size=page_size, artist_id=artist_id)


@router.get("/{upload_id}", response_model=UploadOut, summary="One upload's status",
            responses={**AUTH_ERRORS, 404: {"description": "No such upload, or not yours."}})
def get_upload(session: SessionDep, actor: CurrentActor, upload_id: UploadId):
    return uploads.get_upload(session, actor=actor, upload_id=upload_id)
