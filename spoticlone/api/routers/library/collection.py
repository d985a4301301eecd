"""The signed-in listener's library: liked songs, saved albums, the overview.

Liking and saving are ``PUT`` (idempotent: liking twice is one like) and ``DELETE``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from spoticlone.api.auth_deps import CurrentActor, OptionalActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import IdPath, PageParam, PageSizeParam
from spoticlone.services.catalog.dto import AlbumOut, TrackOut
from spoticlone.services.core.dto import Page
from spoticlone.services.library import collection
from spoticlone.services.library.dto import LibraryOverview

router = APIRouter(prefix="/api/v1/me", tags=["library"])

EntityId = IdPath
UNAUTHORIZED = {401: {"description": "Not signed in."}}
NOT_FOUND = {404: {"description": "No such published song or album."}, **UNAUTHORIZED}


class LikedIds(BaseModel):
    liked: list[int]


@router.get("/likes", response_model=Page[TrackOut], summary="List liked songs", responses=UNAUTHORIZED,
            description="Liked published songs, most recently liked first.")
def liked_songs(session: SessionDep, actor: CurrentActor, page: PageParam = 1, page_size: PageSizeParam = 50):
    return collection.liked_songs(session, actor=actor, page=page, page_size=page_size)


@router.get("/likes/contains", response_model=LikedIds, summary="Which of these songs are liked",
            description="For a page of song ids (comma-separated, at most 200), the ones the caller likes. "
                        "Anonymous callers like nothing.")
def liked_contains(session: SessionDep, actor: OptionalActor,
                   ids: Annotated[str, Query(max_length=2400, pattern=r"^[0-9]{1,10}(,[0-9]{1,10})*$",
                                             description="e.g. `1,2,3`")]):
    wanted = [int(i) for i in ids.split(",")]
    liked = collection.liked_ids(session, actor=actor, track_ids=wanted)
    return LikedIds(liked=[i for i in dict.fromkeys(wanted) if i in liked])


@router.put("/likes/{track_id}", status_code=204, response_class=Response, summary="Like a song", responses=NOT_FOUND)
def like(session: SessionDep, actor: CurrentActor, track_id: EntityId):
    collection.like_track(session, actor=actor, track_id=track_id)


@router.delete("/likes/{track_id}", status_code=204, response_class=Response, summary="Unlike a song",
               responses=UNAUTHORIZED)
def unlike(session: SessionDep, actor: CurrentActor, track_id: EntityId):
    collection.unlike_track(session, actor=actor, track_id=track_id)


@router.get("/albums", response_model=Page[AlbumOut], summary="List saved albums", responses=UNAUTHORIZED)
def saved_albums(session: SessionDep, actor: CurrentActor, page: PageParam = 1, page_size: PageSizeParam = 50):
    return collection.saved_albums(session, actor=actor, page=page, page_size=page_size)


@router.put("/albums/{album_id}", status_code=204, response_class=Response, summary="Save an album",
            responses=NOT_FOUND)
def save_album(session: SessionDep, actor: CurrentActor, album_id: EntityId):
    collection.save_album(session, actor=actor, album_id=album_id)


@router.delete("/albums/{album_id}", status_code=204, response_class=Response, summary="Remove a saved album",
               responses=UNAUTHORIZED)
def unsave_album(session: SessionDep, actor: CurrentActor, album_id: EntityId):
    collection.unsave_album(session, actor=actor, album_id=album_id)


@router.get("/library", response_model=LibraryOverview, summary="Library overview", responses=UNAUTHORIZED,
            description="Liked-songs count plus saved albums, followed artists and playlists (own, "
                        "collaborative, followed), sorted and filtered.")
def overview(
    session: SessionDep,
    actor: CurrentActor,
    sort: Annotated[str, Query(description="recent (recently added), played (recently played or added), "
                                           "name or creator")] = "recent",
    q: Annotated[str, Query(max_length=100, description="Text in the title or creator.")] = "",
    kind: Annotated[str | None, Query(description="album, artist or playlist")] = None,
    relation: Annotated[str | None, Query(description="saved, followed, own or collaborative")] = None,
    page: PageParam = 1,
    page_size: PageSizeParam = 50,
):
    return collection.library_overview(session, actor=actor, sort=sort, text=q, kind=kind,
                                    relation=relation, page=page, page_size=page_size)
