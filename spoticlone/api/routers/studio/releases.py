"""Drafts and releases over REST: build a release from drafts, edit it, publish or schedule it.

Every rule lives in ``services.studio.releases`` and ``services.studio.publishing``: only
the artist edits, publishes and deletes; an administrator may read anyone's and unpublish
anything; everybody else gets a 404, as for a release that does not exist.
"""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field, StrictBool
from starlette.concurrency import run_in_threadpool

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import MAX_ID, BodyId, PageParam, PageSizeParam, id_path, int_query
from spoticlone.api.picture_form import RAW_PICTURE_BODY
from spoticlone.api.routers.auth.common import client_ip
from spoticlone.services.core.dto import Page
from spoticlone.services.core.errors import Invalid
from spoticlone.services.media import images, picture_uploads
from spoticlone.services.studio import covers, featured, licences, publishing, releases
from spoticlone.services.studio.featured import MAX_QUERY, MAX_RESULTS, FeaturedArtist
from spoticlone.services.studio.licences import Licence
from spoticlone.services.studio.release_validation import MAX_RELEASE_TRACKS
from spoticlone.services.studio.releases import (
    GenreChoice,
    ReleaseDetail,
    ReleaseSummary,
    StudioTrack,
    StudioTrackDetail,
)

router = APIRouter(prefix="/api/v1/studio", tags=["studio"])

ReleaseId = id_path("The release's (album's) id.")
TrackId = id_path("The song's id.")
ArtistIdQuery = int_query(1, MAX_ID, "Another artist's (administrators only).")
FeaturedId = id_path("The featured artist's id.")
_PICTURE_MB = picture_uploads.MAX_PICTURE_BYTES // (1024 * 1024)
ERRORS = {
    401: {"description": "Not signed in."},
    403: {"description": "Signed in, but not allowed: no artist profile, or an administrator "
                         "doing what only the artist may (edit, publish, delete)."},
    404: {"description": "No such release or song, or one that is not yours."},
    409: {"description": "Not possible in the current state (e.g. deleting a published release)."},
    422: {"description": "Invalid input; nothing changed."},
}
LIST_ERRORS = {k: ERRORS[k] for k in (401, 403, 404, 422)}


class ReleaseCreate(BaseModel):
    title: str = Field(max_length=1000, description="1-300 characters.")
    kind: str = Field(default="album", max_length=20, description="album, ep or single")
    track_ids: list[BodyId] = Field(min_length=1, max_length=MAX_RELEASE_TRACKS,
                                    description="Your draft songs, in release order.")
    genre_id: BodyId | None = None
    release_date: date | None = None


class ReleasePatch(BaseModel):
    title: str | None = Field(default=None, max_length=1000)
    kind: str | None = Field(default=None, max_length=20, description="album, ep or single")
    genre_id: BodyId | None = Field(default=None, description="null removes the genre.")
    release_date: date | None = Field(default=None, description="null removes the date.")


class TrackOrder(BaseModel):
    track_ids: list[BodyId] = Field(min_length=1, max_length=MAX_RELEASE_TRACKS,
                                    description="Every song of the release, once each, in the new order.")


class PublishIn(BaseModel):
    affirm_rights: StrictBool = Field(description="Must be true: you own or control the rights to this music.")
    publish_at: datetime | None = Field(
        default=None, description="When it comes out, with a time zone; in the future and at most a year "
                                  "ahead. Omit to publish now.")


class TrackPatch(BaseModel):
    title: str | None = Field(default=None, max_length=1000)
    explicit: StrictBool | None = None
    isrc: str | None = Field(default=None, max_length=40, description="e.g. USRC17607839; null or empty removes it.")
    licence: str | None = Field(default=None, max_length=200, description="A name from GET /api/v1/studio/licences.")
    lyrics: str | None = Field(default=None, max_length=40_000, description="Plain lyrics, up to 20,000 characters.")


@router.get("/drafts", response_model=Page[StudioTrack], summary="My draft songs", responses=LIST_ERRORS,
            description="Newest first, with the release each is in (if any). An administrator may name any "
                        "`artist_id`.")
def list_drafts(session: SessionDep, actor: CurrentActor, page: PageParam = 1, page_size: PageSizeParam = 50,
                artist_id: ArtistIdQuery = None):
    return releases.list_drafts(session, actor=actor, artist_id=artist_id, page=page, page_size=page_size)


@router.get("/releases", response_model=Page[ReleaseSummary], summary="My releases", responses=LIST_ERRORS,
            description="Every state (draft, scheduled, published, unpublished), newest first. An "
                        "administrator may name any `artist_id`.")
def list_releases(session: SessionDep, actor: CurrentActor, page: PageParam = 1, page_size: PageSizeParam = 50,
                  artist_id: ArtistIdQuery = None):
    return releases.list_releases(session, actor=actor, artist_id=artist_id, page=page, page_size=page_size)


@router.post("/releases", response_model=ReleaseDetail, status_code=201, summary="Build a release from drafts",
             responses=ERRORS, description="The release starts as a draft; publish it with `.../publish`.")
def create_release(session: SessionDep, actor: CurrentActor, body: ReleaseCreate):
    return releases.create_release(session, actor=actor, **body.model_dump())


@router.get("/releases/{album_id}", response_model=ReleaseDetail, summary="One release with its songs",
            responses=ERRORS)
def get_release(session: SessionDep, actor: CurrentActor, album_id: ReleaseId):
    return releases.get_release(session, actor=actor, album_id=album_id)


@router.patch("/releases/{album_id}", response_model=ReleaseDetail, summary="Edit a release",
              description="The artist only, in any state. Omitted fields stay as they are.", responses=ERRORS)
def update_release(session: SessionDep, actor: CurrentActor, album_id: ReleaseId, body: ReleasePatch):
    return publishing.update_release(session, actor=actor, album_id=album_id, **body.model_dump(exclude_unset=True))


@router.delete("/releases/{album_id}", status_code=204, response_class=Response, summary="Delete a release",
               description="The artist only; a draft or unpublished release, with its songs and their files.",
               responses=ERRORS)
def delete_release(session: SessionDep, actor: CurrentActor, album_id: ReleaseId):
    publishing.delete_release(session, actor=actor, album_id=album_id)


@router.put("/releases/{album_id}/order", response_model=ReleaseDetail, summary="Reorder a release's songs",
            responses=ERRORS)
def reorder(session: SessionDep, actor: CurrentActor, album_id: ReleaseId, body: TrackOrder):
    return publishing.reorder_tracks(session, actor=actor, album_id=album_id, track_ids=body.track_ids)


@router.post("/releases/{album_id}/publish", response_model=ReleaseDetail, summary="Publish now or schedule",
             description="The artist only, with `affirm_rights: true`. Without `publish_at` the release is out "
                         "at once; with it, it is scheduled and comes out then (within a minute).",
             responses=ERRORS)
def publish(session: SessionDep, actor: CurrentActor, album_id: ReleaseId, body: PublishIn):
    return publishing.publish_release(session, actor=actor, album_id=album_id,
                                      affirm_rights=body.affirm_rights, publish_at=body.publish_at)


@router.post("/releases/{album_id}/unpublish", response_model=ReleaseDetail, summary="Unpublish a release",
             description="The artist or an administrator. A published release is taken down; a scheduled one "
                         "goes back to draft.", responses=ERRORS)
def unpublish(session: SessionDep, actor: CurrentActor, album_id: ReleaseId):
    return publishing.unpublish_release(session, actor=actor, album_id=album_id)


@router.get("/tracks/{track_id}", response_model=StudioTrackDetail, summary="One of my songs, in any state",
            responses=ERRORS)
def get_track(session: SessionDep, actor: CurrentActor, track_id: TrackId):
    return releases.get_track(session, actor=actor, track_id=track_id)


@router.patch("/tracks/{track_id}", response_model=StudioTrackDetail, summary="Edit a song's details",
              description="Title, explicit flag, ISRC, licence and plain lyrics; the artist only, in any state. "
                          "Omitted fields stay as they are.", responses=ERRORS)
def update_track(session: SessionDep, actor: CurrentActor, track_id: TrackId, body: TrackPatch):
    return publishing.update_track(session, actor=actor, track_id=track_id, **body.model_dump(exclude_unset=True))


@router.delete("/tracks/{track_id}", status_code=204, response_class=Response, summary="Delete a song",
               description="The artist only; a draft or unpublished song, with its files.", responses=ERRORS)
def delete_track(session: SessionDep, actor: CurrentActor, track_id: TrackId):
    publishing.delete_track(session, actor=actor, track_id=track_id)


@router.get("/licences", response_model=list[Licence], summary="Licences a song can carry",
            description="All rights reserved, or a Creative Commons licence with its official link.")
def list_licences():
    return licences.licence_choices()


@router.get("/genres", response_model=list[GenreChoice], summary="Genres a release can be filed under")
def list_genres(session: SessionDep):
    return releases.genre_choices(session)


class TrackCoverPick(BaseModel):
    track_id: BodyId = Field(description="A song of this release whose file carries a cover picture.")


class FeaturedAdd(BaseModel):
    artist_id: BodyId = Field(description="An artist found with GET /api/v1/studio/artists.")


@router.put("/releases/{album_id}/cover", response_model=ReleaseDetail, summary="Upload the release's cover",
            description=f"Raw {images.FORMATS_IN_WORDS} bytes as the request body (max {_PICTURE_MB} MB), cropped "
                        "to a square and stripped of metadata. The artist only, in any state (published too).",
            openapi_extra=RAW_PICTURE_BODY,
            responses={**ERRORS, 413: {"description": f"Picture larger than {_PICTURE_MB} MB."},
                       429: {"description": "Too many picture uploads, or every picture decoder is busy."}})
async def upload_cover(session: SessionDep, actor: CurrentActor, album_id: ReleaseId, request: Request):
    data = await picture_uploads.read_picture(request.stream())  # stops reading past the cap (413)
    if not data:
        raise Invalid("Send the picture as the request body.")
    ip = client_ip(request)

    def store_cover():  # database and Pillow work stay off the event loop
        return covers.upload_release_cover(session, actor=actor, album_id=album_id, image_bytes=data, client_ip=ip)

    return await run_in_threadpool(store_cover)


@router.put("/releases/{album_id}/cover/from-track", response_model=ReleaseDetail,
            summary="Use a song's embedded cover", responses=ERRORS,
            description="The picture found in the tags of one of the release's songs becomes the release's cover.")
def use_track_cover(session: SessionDep, actor: CurrentActor, album_id: ReleaseId, body: TrackCoverPick):
    return covers.use_track_cover(session, actor=actor, album_id=album_id, track_id=body.track_id)


@router.delete("/releases/{album_id}/cover", response_model=ReleaseDetail, summary="Remove the release's cover",
               responses=ERRORS)
def remove_cover(session: SessionDep, actor: CurrentActor, album_id: ReleaseId):
    return covers.remove_release_cover(session, actor=actor, album_id=album_id)


@router.get("/artists", response_model=list[FeaturedArtist], summary="Find artists to feature",
            description="Artists whose stage name contains `q` (names starting with it first); your own "
                        "profile is left out.", responses=LIST_ERRORS)
def search_artists(session: SessionDep, actor: CurrentActor,
                   q: str = Query(max_length=MAX_QUERY * 4, description="Part of the stage name."),
                   limit: int = Query(10, ge=1, le=MAX_RESULTS)):
    return featured.search_artists(session, actor=actor, query=q, limit=limit)


@router.post("/tracks/{track_id}/featured", response_model=list[FeaturedArtist], summary="Feature an artist",
             description="The artist only; at most 10 per song, each once, never the song's own artist. "
                         "Answers with the song's featured artists.", responses=ERRORS)
def add_featured(session: SessionDep, actor: CurrentActor, track_id: TrackId, body: FeaturedAdd):
    return featured.add_featured(session, actor=actor, track_id=track_id, artist_id=body.artist_id)


@router.delete("/tracks/{track_id}/featured/{artist_id}", response_model=list[FeaturedArtist],
               summary="Stop featuring an artist", responses=ERRORS)
def remove_featured(session: SessionDep, actor: CurrentActor, track_id: TrackId, artist_id: FeaturedId):
    return featured.remove_featured(session, actor=actor, track_id=track_id, artist_id=artist_id)
