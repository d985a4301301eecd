"""Smart playlists: CRUD, the builder's live count, tracks as of now, ``.nsp`` import and export.

The services decide everything (who reads a private one, what a valid rule is); a private
smart playlist the caller may not see is a 404, like one that does not exist.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from spoticlone.api.auth_deps import CurrentActor, OptionalActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import id_path
from spoticlone.services.core.errors import Invalid, TooLarge
from spoticlone.services.core.slugs import slugify
from spoticlone.services.library import smart_playlists as smart
from spoticlone.services.library.smart_nsp import MAX_NSP_BYTES
from spoticlone.services.library.smart_playlists import SmartPlaylistDetail, SmartPlaylistOut, SmartPreviewOut
from spoticlone.services.library.smart_rules import MAX_LIMIT

router = APIRouter(prefix="/api/v1/smart-playlists", tags=["smart playlists"])

SmartId = id_path("Smart playlist id.")
ERRORS = {
    401: {"description": "Not signed in."},
    403: {"description": "Signed in, but not the owner."},
    404: {"description": "No such smart playlist, or a private one the caller may not see."},
    422: {"description": "A rule, the sort or the limit is wrong; `detail` names it (e.g. `rules[1].value`)."},
}
RULES_DOC = ('{"match": "all"|"any", "rules": [{"field": "genre", "operator": "is", "value": "Rock"}, '
             '{"match": "any", "rules": [...]}]}. Fields: title, genre, artist, album, year, dateAdded, '
             'playCount, lastPlayed, loved, rating, duration (seconds), loudness (LUFS).')


class Selection(BaseModel):
    rules: dict[str, Any] = Field(description=RULES_DOC)
    sort: str = Field(default="title", max_length=20, description="title, artist, album, year, dateAdded, "
                      "playCount, lastPlayed, rating, duration, loudness or random.")
    order: str = Field(default="asc", max_length=4, description="asc or desc")
    limit: int = Field(default=100, ge=1, le=MAX_LIMIT, description=f"1-{MAX_LIMIT} tracks.")


class SmartIn(Selection):
    name: str = Field(max_length=1000, description="1-100 characters after trimming.")
    description: str = Field(default="", max_length=3000)
    public: bool = False


@router.get("", response_model=list[SmartPlaylistOut], summary="My smart playlists", responses=ERRORS)
def mine(session: SessionDep, actor: CurrentActor):
    return smart.my_smart_playlists(session, actor=actor)


@router.post("", response_model=SmartPlaylistOut, status_code=201, summary="Create a smart playlist",
             responses=ERRORS)
def create(session: SessionDep, actor: CurrentActor, body: SmartIn):
    return smart.create_smart_playlist(session, actor=actor, **body.model_dump())


@router.post("/preview", response_model=SmartPreviewOut, summary="Count the tracks unsaved rules match",
             description="What the builder shows while editing: nothing is saved.", responses=ERRORS)
def preview(session: SessionDep, actor: CurrentActor, body: Selection):
    return smart.preview_smart_playlist(session, actor=actor, **body.model_dump())


async def _read_capped(request: Request) -> bytes:
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > MAX_NSP_BYTES:
            raise TooLarge(f"That file is larger than {MAX_NSP_BYTES // 1024} KB; a smart playlist file is "
                           "much smaller.")
    return bytes(data)


@router.post("/import", response_model=SmartPlaylistOut, status_code=201, summary="Import a Navidrome .nsp file",
             description=f"The file's bytes as the request body (at most {MAX_NSP_BYTES // 1024} KB). Fields or "
                         "operators this server cannot evaluate are refused by name; nothing is half-imported.",
             openapi_extra={"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}},
                                            "required": True}},
             responses={**ERRORS, 413: {"description": "File too large."}})
async def import_file(session: SessionDep, actor: CurrentActor, request: Request):
    data = await _read_capped(request)
    if not data:
        raise Invalid("Send the .nsp file as the request body.")
    return await run_in_threadpool(smart.import_nsp, session, actor=actor, data=data)


@router.get("/{smart_id}", response_model=SmartPlaylistDetail, summary="A smart playlist and its tracks now",
            description="Evaluated when asked: plays, likes and ratings are the owner's.", responses=ERRORS)
def detail(session: SessionDep, actor: OptionalActor, smart_id: SmartId):
    return smart.smart_playlist_detail(session, actor=actor, smart_id=smart_id)


@router.put("/{smart_id}", response_model=SmartPlaylistOut, summary="Replace a smart playlist's settings",
            responses=ERRORS)
def update(session: SessionDep, actor: CurrentActor, smart_id: SmartId, body: SmartIn):
    return smart.update_smart_playlist(session, actor=actor, smart_id=smart_id, **body.model_dump())


@router.delete("/{smart_id}", status_code=204, summary="Delete a smart playlist", responses=ERRORS)
def delete(session: SessionDep, actor: CurrentActor, smart_id: SmartId):
    smart.delete_smart_playlist(session, actor=actor, smart_id=smart_id)
    return Response(status_code=204)


@router.get("/{smart_id}/export", summary="Download as a Navidrome .nsp file", responses={
    **ERRORS, 200: {"content": {"application/json": {"schema": {"type": "object"}}}}})
def export(session: SessionDep, actor: OptionalActor, smart_id: SmartId):
    nsp = smart.export_smart_playlist(session, actor=actor, smart_id=smart_id)
    filename = (slugify(str(nsp.get("name", ""))) or "smart-playlist")[:80] + ".nsp"
    return JSONResponse(nsp, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
