"""The lyrics sync editor over REST: read, save, import and export a track's lyrics.

Only the track's artist (or an administrator) gets anything; everyone else gets 404,
as if the song did not exist. Every rule and limit lives in
``spoticlone.services.studio.lyrics``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import id_path
from spoticlone.services.core.errors import TooLarge
from spoticlone.services.studio import lyrics
from spoticlone.services.studio.lyrics import MAX_CHARS, MAX_LINES, MAX_LRC_BYTES, EditableLyrics

router = APIRouter(prefix="/api/v1/studio/tracks", tags=["studio"])

TrackId = id_path("The track's id.")
ERRORS = {
    401: {"description": "Not signed in."},
    404: {"description": "No such song, or not one of yours."},
    413: {"description": "Over a size limit; nothing changed."},
    422: {"description": "Invalid lyrics; nothing changed."},
}
_TOO_BIG = f"An LRC file can be at most {MAX_LRC_BYTES // 1024} KB."


class LineIn(BaseModel):
    time_ms: int = Field(ge=0, le=2**31 - 1, description="When the line starts, in milliseconds.")
    text: str = Field(max_length=2000)


class LyricsIn(BaseModel):
    plain: str | None = Field(default=None, max_length=MAX_CHARS * 2,
                              description=f"Plain lyrics (up to {MAX_CHARS:,} characters, {MAX_LINES:,} lines).")
    lrc: str | None = Field(default=None, max_length=MAX_LRC_BYTES,
                            description="Synced lyrics as LRC text; an empty string clears them.")
    lines: list[LineIn] | None = Field(default=None, max_length=MAX_LINES,
                                       description="Synced lyrics as lines (instead of `lrc`).")


@router.get("/{track_id}/lyrics", response_model=EditableLyrics, summary="Get a song's lyrics for editing",
            description="Plain lyrics, synced lines and the song's duration. Any status; yours only.",
            responses=ERRORS)
def get_lyrics(session: SessionDep, actor: CurrentActor, track_id: TrackId):
    return lyrics.lyrics_for_edit(session, actor=actor, track_id=track_id)


@router.put("/{track_id}/lyrics", response_model=EditableLyrics, summary="Save a song's lyrics",
            description="Omitted parts stay as they are. Synced lyrics come as `lrc` or as `lines` "
                        "(times must not go backwards and must lie within the song). All or nothing.",
            responses=ERRORS)
def put_lyrics(session: SessionDep, actor: CurrentActor, track_id: TrackId, body: LyricsIn):
    lines = [(line.time_ms, line.text) for line in body.lines] if body.lines is not None else None
    return lyrics.save_lyrics(session, actor=actor, track_id=track_id, plain=body.plain, lrc=body.lrc,
                              lines=lines)


@router.post("/{track_id}/lyrics/import", response_model=EditableLyrics, summary="Import an .lrc file",
             description=f"The raw file as the request body (UTF-8, up to {MAX_LRC_BYTES // 1024} KB). "
                         "Replaces the synced lyrics; fills the plain lyrics only when there are none.",
             openapi_extra={"requestBody": {"content": {"text/plain": {"schema": {"type": "string",
                                                                                 "format": "binary"}}},
                                            "required": True}},
             responses=ERRORS)
async def import_lrc(session: SessionDep, actor: CurrentActor, track_id: TrackId, request: Request):
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_LRC_BYTES:
        raise TooLarge(_TOO_BIG)
    data = await lyrics.read_lrc_upload(request.stream())  # stops reading past the cap (413)

    def store():
        return lyrics.import_lrc(session, actor=actor, track_id=track_id, data=data)

    return await run_in_threadpool(store)


@router.get("/{track_id}/lyrics.lrc", summary="Download the synced lyrics as an .lrc file",
            response_class=Response, responses={**ERRORS, 200: {"content": {"text/plain": {}}}})
def export_lrc(session: SessionDep, actor: CurrentActor, track_id: TrackId):
    out = lyrics.export_lrc(session, actor=actor, track_id=track_id)
    return Response(out.text, media_type="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{out.filename}"',
                             "Cache-Control": "private, no-store"})
