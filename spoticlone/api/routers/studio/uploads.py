"""Audio uploads for artists over REST: send a file, then follow it until it is a draft.

Two ways to send, one set of rules (``services.studio.receiving``):

- **One request**: ``POST /api/v1/studio/uploads?filename=...`` with the raw file as the body
  (any ``Content-Type``), streamed to disk by ``uploads.upload_audio``.
- **Resumable, in pieces** (``services.studio.chunked``): ``POST .../uploads/sessions``
  announces the file; ``PUT .../uploads/sessions/{id}`` with an ``Upload-Offset`` header sends
  each piece; ``HEAD`` or ``GET`` of the session tells the offset to go on from after a
  dropped connection; the last piece completes it; ``DELETE`` cancels.

``POST /api/v1/studio/tracks/{id}/audio`` (or a session with ``replace_track_id``) sends a
new file for one of the artist's songs. The caller must be an artist before a byte is read;
sizes are checked when declared and while receiving. Every rule lives in the services.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from pydantic import BaseModel, Field

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import MAX_ID, BodyId, PageParam, PageSizeParam, id_path, int_query
from spoticlone.jobs.studio_tasks import ingest_upload
from spoticlone.services.core.dto import Page
from spoticlone.services.studio import chunked, uploads
from spoticlone.services.studio.chunked import UploadSessionOut
from spoticlone.services.studio.uploads import UploadOut

router = APIRouter(prefix="/api/v1/studio", tags=["studio"])

UploadId = id_path("The upload's id.")
SessionId = id_path("The upload session's id.")
TrackId = id_path("The song's id.")
AUTH_ERRORS = {401: {"description": "Not signed in."}}
POST_ERRORS = {
    **AUTH_ERRORS,
    403: {"description": "Signed in without an artist profile."},
    409: {"description": "You already uploaded this exact file (the message names the song)."},
    413: {"description": "Larger than `SPOTICLONE_MAX_UPLOAD_MB`, or more than your storage quota has left; "
                         "refused before or while the body arrives."},
    422: {"description": "Empty, or not an audio file by its content."},
}
SESSION_ERRORS = {**AUTH_ERRORS, 404: {"description": "No such upload session, or not yours."}}
PUT_ERRORS = {
    **SESSION_ERRORS,
    409: {"description": "The piece does not start at the offset the server holds (the message says "
                         "which), another request is sending this file, or it is already complete. "
                         "Ask `HEAD` for `Upload-Offset` and go on from there."},
    413: {"description": "The piece goes past the announced size, or is over 32 MB."},
    422: {"description": "An empty piece; or, when the file is complete, what a one-request upload refuses "
                         "(not audio, checksum mismatch): the session then says `failed`."},
}
FORMATS = "MP3, FLAC, Ogg Vorbis, Opus, WAV, AIFF or M4A"


def _raw_body(description: str) -> dict:
    return {"requestBody": {"required": True, "content": {"application/octet-stream": {
        "schema": {"type": "string", "format": "binary", "description": description}}}}}


UPLOAD_BODY = _raw_body(f"The audio file itself: {FORMATS}.")
PIECE_BODY = _raw_body("The file's bytes from `Upload-Offset` on: at most `max_piece` bytes, "
                       "ideally `piece_size`.")
FilenameQuery = Annotated[str, Query(min_length=1, max_length=1000,
                                     description="The file's name; the draft's title if it has no title tag.")]


def _declared(request: Request) -> int | None:
    value = request.headers.get("content-length", "")
    return int(value) if value.isdigit() else None


def _offset_headers(response: Response, found: UploadSessionOut) -> UploadSessionOut:
    response.headers["Upload-Offset"] = str(found.offset)
    response.headers["Upload-Length"] = str(found.size)
    response.headers["Cache-Control"] = "no-store"
    return found


class SessionIn(BaseModel):
    """A file about to be sent in pieces."""

    filename: str = Field(min_length=1, max_length=1000, description="The file's name on the artist's device.")
    size: int = Field(ge=0, le=MAX_ID, strict=True, description="The whole file's size in bytes.")
    sha256: str | None = Field(default=None, max_length=64,
                               description="Optional SHA-256 of the whole file (64 hex characters): "
                                           "checked when the last piece arrives.")
    replace_track_id: BodyId | None = Field(default=None, description="One of your songs: the file becomes "
                                                                      "its new audio instead of a new draft.")


@router.post(
    "/uploads", response_model=UploadOut, status_code=202, summary="Upload an audio file",
    responses=POST_ERRORS, openapi_extra=UPLOAD_BODY,
    description="Send the file as the raw body. It is checked as it arrives (size, storage quota, "
                "audio by content, the same file twice) and then made a draft in the background: "
                "follow `GET /api/v1/studio/uploads/{id}` until `status` is `ready` (with `track_id`) "
                "or `failed` (with `error`). For large files or unsteady connections, use the "
                "resumable protocol (`POST /api/v1/studio/uploads/sessions`).",
)
async def post_upload(request: Request, session: SessionDep, actor: CurrentActor, filename: FilenameQuery):
    return await uploads.upload_audio(session, actor=actor, filename=filename, declared_size=_declared(request),
                                      chunks=request.stream(), ingest=ingest_upload)


@router.post(
    "/uploads/sessions", response_model=UploadSessionOut, status_code=201, summary="Start a resumable upload",
    responses={**POST_ERRORS, 404: {"description": "`replace_track_id` is not one of your songs."},
               409: {"description": "Already 20 files being sent."}},
    description="Announce a file to send in pieces. The size must fit the upload limit and your storage "
                "quota (it is reserved while the file arrives). Then `PUT` the pieces in order to "
                "`/api/v1/studio/uploads/sessions/{id}`, each with an `Upload-Offset` header; the piece "
                "that completes the file queues it for processing like a one-request upload.",
)
def start_session(body: SessionIn, response: Response, session: SessionDep, actor: CurrentActor):
    found = chunked.start_session(session, actor=actor, filename=body.filename, size=body.size,
                                  sha256=body.sha256, replace_track_id=body.replace_track_id)
    response.headers["Location"] = f"{router.prefix}/uploads/sessions/{found.id}"
    return _offset_headers(response, found)


@router.get("/uploads/sessions/{session_id}", response_model=UploadSessionOut,
            summary="Where a resumable upload stands", responses=SESSION_ERRORS,
            description="`offset` is how many bytes the server holds: send the next piece from there. "
                        "Once `status` is `complete`, `upload` is the upload it became.")
def get_session(session_id: SessionId, response: Response, session: SessionDep, actor: CurrentActor):
    return _offset_headers(response, chunked.session_status(session, actor=actor, session_id=session_id))


@router.head("/uploads/sessions/{session_id}", status_code=200, response_class=Response,
             summary="The offset to resume from", responses=SESSION_ERRORS,
             description="No body: the `Upload-Offset` header is how many bytes the server holds, "
                         "`Upload-Length` the announced size.")
def head_session(session_id: SessionId, session: SessionDep, actor: CurrentActor):
    response = Response(status_code=200)
    _offset_headers(response, chunked.session_status(session, actor=actor, session_id=session_id))
    return response


@router.put(
    "/uploads/sessions/{session_id}", response_model=UploadSessionOut, summary="Send one piece",
    responses=PUT_ERRORS, openapi_extra=PIECE_BODY,
    description="The raw bytes of the file from `Upload-Offset`, which must equal the session's "
                "`offset`. If the connection drops, ask `HEAD` for the offset: bytes that reached the "
                "server count. The piece that completes the file answers with `status` `complete` "
                "(and the `upload`), or refuses the file with a sentence.",
)
async def put_piece(
    request: Request, session_id: SessionId, response: Response, session: SessionDep, actor: CurrentActor,
    upload_offset: Annotated[int, Header(alias="Upload-Offset", ge=0, le=MAX_ID,
                                         description="Where this piece starts in the file.")],
):
    found = await chunked.put_piece(session, actor=actor, session_id=session_id, offset=upload_offset,
                                    length=_declared(request), chunks=request.stream(), ingest=ingest_upload)
    return _offset_headers(response, found)


@router.delete("/uploads/sessions/{session_id}", status_code=204, response_class=Response,
               summary="Cancel a resumable upload", responses={
                   **SESSION_ERRORS, 409: {"description": "Already complete: it is being processed."}},
               description="Stops the upload: the bytes received are removed.")
def cancel_session(session_id: SessionId, session: SessionDep, actor: CurrentActor):
    chunked.cancel_session(session, actor=actor, session_id=session_id)
    return Response(status_code=204)


@router.post(
    "/tracks/{track_id}/audio", response_model=UploadOut, status_code=202, summary="Replace a song's audio",
    responses={**POST_ERRORS, 404: {"description": "No such song, or not yours."}}, openapi_extra=UPLOAD_BODY,
    description="Send a new file for one of your songs (draft or published), as the raw body. Once "
                "processed (follow `GET /api/v1/studio/uploads/{id}`), the song keeps its id, plays, likes, "
                "playlist places and details, and plays the new audio; its loudness is measured again.",
)
async def replace_audio(request: Request, track_id: TrackId, session: SessionDep, actor: CurrentActor,
                        filename: FilenameQuery):
    return await uploads.upload_audio(session, actor=actor, filename=filename, declared_size=_declared(request),
                                      chunks=request.stream(), ingest=ingest_upload, replace_track_id=track_id)


@router.get("/uploads", response_model=Page[UploadOut], summary="My recent uploads",
            description="Newest first. An administrator may name any `artist_id`.",
            responses={**AUTH_ERRORS, 403: {"description": "No artist profile."},
                       404: {"description": "No such artist, or not yours."}})
def list_uploads(
    session: SessionDep, actor: CurrentActor, page: PageParam = 1, page_size: PageSizeParam = 20,
    artist_id: int_query(1, MAX_ID, "Another artist's uploads (administrators only).") = None,
):
    return uploads.list_uploads(session, actor=actor, page=page, page_size=page_size, artist_id=artist_id)


@router.get("/uploads/{upload_id}", response_model=UploadOut, summary="One upload's status",
            responses={**AUTH_ERRORS, 404: {"description": "No such upload, or not yours."}})
def get_upload(session: SessionDep, actor: CurrentActor, upload_id: UploadId):
    return uploads.get_upload(session, actor=actor, upload_id=upload_id)
