"""Playlists: CRUD, tracks (add, remove, reorder), cover, collaborators, follow, browse.

Every rule (who may read a private playlist, who may edit what) is decided by the
services; a private playlist the caller may not see is a 404, like one that does not
exist.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from spoticlone.api.auth_deps import CurrentActor, OptionalActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import BodyId, BodyPosition, IdPath, PageParam, PageSizeParam, id_path
from spoticlone.api.picture_form import RAW_PICTURE_BODY
from spoticlone.api.routers.auth.common import client_ip
from spoticlone.services.core.dto import Page
from spoticlone.services.core.errors import Invalid
from spoticlone.services.library.dto import PlaylistDetail, PlaylistOut, UserRef
from spoticlone.services.library.playlists import browse as playlists_browse, manage, tracks
from spoticlone.services.media import images, picture_uploads

router = APIRouter(prefix="/api/v1/playlists", tags=["playlists"])

PlaylistId = id_path("Playlist id.")
ERRORS = {
    401: {"description": "Not signed in."},
    403: {"description": "Signed in, but not allowed (e.g. a collaborator renaming)."},
    404: {"description": "No such playlist, or a private one the caller may not see."},
    422: {"description": "Invalid input; nothing changed."},
}
_PICTURE_MB = picture_uploads.MAX_PICTURE_BYTES // (1024 * 1024)


class PlaylistCreate(BaseModel):
    name: str = Field(max_length=1000, description="1-100 characters after trimming.")
    description: str = Field(default="", max_length=3000, description="Up to 300 characters.")
    visibility: str = Field(default="private", description="private or public")
    collaborative: bool = False


class PlaylistPatch(BaseModel):
    name: str | None = Field(default=None, max_length=1000)
    description: str | None = Field(default=None, max_length=3000)
    visibility: str | None = None
    collaborative: bool | None = None


class TracksAdd(BaseModel):
    track_ids: list[BodyId] = Field(min_length=1, max_length=100, description="Appended in this order.")
    allow_duplicate: bool = Field(
        default=False,
        description="Add songs that are already in the playlist anyway (otherwise 409 and nothing is added).",
    )


class Reorder(BaseModel):
    item_id: BodyId = Field(description="The playlist item (not the track) to move.")
    to_position: BodyPosition = Field(description="0-based; past the end means last.")


class Collaborator(BaseModel):
    username: str = Field(min_length=1, max_length=40)


class DuplicateIn(BaseModel):
    name: str | None = Field(default=None, max_length=1000)


@router.get("", response_model=Page[PlaylistOut], summary="Browse public playlists",
            responses={404: {"description": "Unknown genre or artist."}},
            description="Public playlists by genre (at least a quarter of the songs in it), by artist "
                        "(featuring them) and ordered by popularity (followers, then plays) or newest.")
def browse(
    session: SessionDep, actor: OptionalActor,
    genre: Annotated[str | None, Query(max_length=120, description="Genre slug.")] = None,
    artist: Annotated[str | None, Query(max_length=220, description="Artist slug.")] = None,
    order: Annotated[str, Query(description="popular or newest")] = "popular",
    page: PageParam = 1, page_size: PageSizeParam = 24,
):
    return playlists_browse.browse_playlists(session, actor=actor, genre=genre, artist=artist,
                                            order=order, page=page, page_size=page_size)


@router.post("", response_model=PlaylistOut, status_code=201, summary="Create a playlist", responses=ERRORS)
def create(session: SessionDep, actor: CurrentActor, body: PlaylistCreate):
    return manage.create_playlist(session, actor=actor, **body.model_dump())


@router.get("/{playlist_id}", response_model=PlaylistDetail, summary="Get a playlist and its songs",
            description="A song its artist deleted or took down stays listed as unavailable: `available` is "
                        "false, `track` is null and `title`, `artist_name` and `duration_ms` are as they were "
                        "when it was added. Editors remove it like any item.",
            responses=ERRORS)
def get(session: SessionDep, actor: OptionalActor, playlist_id: PlaylistId,
        page: PageParam = 1, page_size: PageSizeParam = 100):
    return tracks.playlist_detail(session, actor=actor, playlist_id=playlist_id,
                                           page=page, page_size=page_size)


@router.patch("/{playlist_id}", response_model=PlaylistOut, summary="Rename, describe, change visibility",
              description="Owner only. Omitted fields stay as they are.", responses=ERRORS)
def update(session: SessionDep, actor: CurrentActor, playlist_id: PlaylistId, body: PlaylistPatch):
    return manage.update_playlist(session, actor=actor, playlist_id=playlist_id,
                                     **body.model_dump(exclude_unset=True))


@router.delete("/{playlist_id}", status_code=204, response_class=Response, summary="Delete a playlist",
               description="The owner, or an administrator moderating.", responses=ERRORS)
def delete(session: SessionDep, actor: CurrentActor, playlist_id: PlaylistId):
    manage.delete_playlist(session, actor=actor, playlist_id=playlist_id)


@router.post("/{playlist_id}/duplicate", response_model=PlaylistOut, status_code=201,
             summary="Copy a playlist into a new private one", responses=ERRORS)
def duplicate(session: SessionDep, actor: CurrentActor, playlist_id: PlaylistId,
              body: Annotated[DuplicateIn | None, Body()] = None):
    return manage.duplicate_playlist(session, actor=actor, playlist_id=playlist_id,
                                        name=body.name if body else None)


@router.get("/{playlist_id}/queue", response_model=list[int], summary="Song ids to play, in order",
            description="Playable songs only: unavailable items are never queued.", responses=ERRORS)
def queue(session: SessionDep, actor: OptionalActor, playlist_id: PlaylistId):
    return tracks.queue_track_ids(session, actor=actor, playlist_id=playlist_id)


@router.put("/{playlist_id}/cover", response_model=PlaylistOut, summary="Upload a cover picture",
            description=f"Raw {images.FORMATS_IN_WORDS} bytes as the request body (max {_PICTURE_MB} MB). "
                        "Owner only.",
            openapi_extra=RAW_PICTURE_BODY,
            responses={**ERRORS,
                       413: {"description": f"Picture larger than {_PICTURE_MB} MB."},
                       429: {"description": "Too many picture uploads from this account or address, "
                                             "or every picture decoder is busy."}})
async def set_cover(session: SessionDep, actor: CurrentActor, playlist_id: PlaylistId, request: Request):
    data = await picture_uploads.read_picture(request.stream())  # stops reading past the cap (413)
    if not data:
        raise Invalid("Send the picture as the request body.")
    ip = client_ip(request)

    def store_cover():  # database and Pillow work stay off the event loop
        return manage.set_cover(session, actor=actor, playlist_id=playlist_id,
                                   image_bytes=data, client_ip=ip)

    return await run_in_threadpool(store_cover)


@router.delete("/{playlist_id}/cover", response_model=PlaylistOut, summary="Go back to the automatic cover",
               responses=ERRORS)
def clear_cover(session: SessionDep, actor: CurrentActor, playlist_id: PlaylistId):
    return manage.clear_cover(session, actor=actor, playlist_id=playlist_id)


@router.post("/{playlist_id}/tracks", response_model=PlaylistDetail, summary="Add songs",
             description="Owner or collaborator. Published songs only; all or nothing. A song already in "
                         "the playlist gives 409 unless `allow_duplicate` is true.",
             responses={**ERRORS, 409: {"description": "A song is already in the playlist; nothing added."}})
def add_tracks(session: SessionDep, actor: CurrentActor, playlist_id: PlaylistId, body: TracksAdd):
    return tracks.add_tracks(session, actor=actor, playlist_id=playlist_id,
                                      track_ids=body.track_ids, allow_duplicate=body.allow_duplicate)


@router.delete("/{playlist_id}/tracks/{item_id}", response_model=PlaylistDetail, summary="Remove one item",
               description="By playlist item id, since the same song can be in a playlist twice.", responses=ERRORS)
def remove_track(session: SessionDep, actor: CurrentActor, playlist_id: PlaylistId,
                 item_id: IdPath):
    return tracks.remove_item(session, actor=actor, playlist_id=playlist_id,
                                       item_id=item_id)


@router.post("/{playlist_id}/tracks/reorder", response_model=PlaylistDetail, summary="Move an item",
             responses=ERRORS)
def reorder(session: SessionDep, actor: CurrentActor, playlist_id: PlaylistId, body: Reorder):
    return tracks.move_item(session, actor=actor, playlist_id=playlist_id,
                                     item_id=body.item_id, to_position=body.to_position)


@router.get("/{playlist_id}/collaborators", response_model=list[UserRef], summary="List collaborators",
            responses=ERRORS)
def collaborators(session: SessionDep, actor: OptionalActor, playlist_id: PlaylistId):
    return manage.list_collaborators(session, actor=actor, playlist_id=playlist_id)


@router.post("/{playlist_id}/collaborators", response_model=list[UserRef], summary="Invite a collaborator",
             description="Owner only; by username.", responses=ERRORS)
def invite(session: SessionDep, actor: CurrentActor, playlist_id: PlaylistId, body: Collaborator):
    return manage.add_collaborator(session, actor=actor, playlist_id=playlist_id,
                                      username=body.username)


@router.delete("/{playlist_id}/collaborators/{username}", response_model=list[UserRef],
               summary="Remove a collaborator", responses=ERRORS)
def uninvite(session: SessionDep, actor: CurrentActor, playlist_id: PlaylistId,
             username: Annotated[str, Path(max_length=40)]):
    return manage.remove_collaborator(session, actor=actor, playlist_id=playlist_id,
                                         username=username)


@router.put("/{playlist_id}/follow", response_model=PlaylistOut, summary="Follow a public playlist",
            responses=ERRORS)
def follow(session: SessionDep, actor: CurrentActor, playlist_id: PlaylistId):
    return manage.follow_playlist(session, actor=actor, playlist_id=playlist_id)


@router.delete("/{playlist_id}/follow", status_code=204, response_class=Response, summary="Unfollow a playlist",
               responses=ERRORS)
def unfollow(session: SessionDep, actor: CurrentActor, playlist_id: PlaylistId):
    manage.unfollow_playlist(session, actor=actor, playlist_id=playlist_id)
