"""The artist's own profile over REST: ``/api/v1/studio/profile`` (and, for its artist or an
administrator, ``/api/v1/studio/artists/{artist_id}/profile``).

Thin on purpose: who may edit, what a slug, bio or link may be and how a picture is
checked all live in ``services.studio.profile``, ``profile_rules`` and ``profile_image``.
Someone else's profile answers 404, as if it did not exist. The picture body is cut off
(413) while it streams in, past the picture size cap.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import MediaStoreDep, SessionDep
from spoticlone.api.params import id_path
from spoticlone.api.picture_form import PICTURE_FORM_BODY, read_picture
from spoticlone.api.routers.auth.common import client_ip
from spoticlone.services.media import picture_uploads
from spoticlone.services.studio import profile, profile_image, profile_rules as rules
from spoticlone.services.studio.profile import ArtistProfileOut, SlugCheck

router = APIRouter(prefix="/api/v1/studio", tags=["studio"])

ArtistId = id_path("The artist profile's id.")
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in."},
    403: {"description": "You have no artist profile yet (`POST /api/v1/me/artist` creates one)."},
    404: {"description": "No such artist profile, or not one you may edit."},
}
EDIT_ERRORS = {**ERRORS, 409: {"description": "That page address is taken."},
               422: {"description": "A field is invalid; nothing was changed."}}
UPLOAD_ERRORS = {
    **ERRORS,
    400: {"description": "The body is not multipart/form-data with a `file` part."},
    413: {"description": f"The upload is larger than {picture_uploads.MAX_PICTURE_BYTES // (1024 * 1024)} MiB."},
    422: {"description": "The file is not a usable picture (not an image, too many pixels)."},
    429: {"description": "Too many picture uploads; see `Retry-After`."},
}


class LinkIn(BaseModel):
    """One link of the artist page."""

    model_config = ConfigDict(extra="forbid")

    label: str = Field("", max_length=200, description=f"Text shown (up to {rules.LINK_LABEL_MAX} "
                                                         "characters); empty: the site's name.")
    url: str = Field(..., max_length=2000, description="An absolute http:// or https:// address "
                                                        f"(up to {rules.LINK_URL_MAX} characters).")


class ProfilePatch(BaseModel):
    """Fields to change; leave a field out to keep it. ``links`` replaces the whole list."""

    model_config = ConfigDict(extra="forbid")

    stage_name: str | None = Field(None, max_length=1000, description="The name you perform under.")
    slug: str | None = Field(None, max_length=1000, description="The page address: " + rules.SLUG_RULES
                             + " The old address keeps redirecting.")
    bio: str | None = Field(None, max_length=rules.BIO_MAX * 4,
                            description=f"Plain text, up to {rules.BIO_MAX:,} characters.")
    links: list[LinkIn] | None = Field(None, max_length=rules.MAX_LINKS * 4,
                                       description=f"Up to {rules.MAX_LINKS} links, in display order.")


def _changes(body: ProfilePatch) -> dict[str, Any]:
    sent = body.model_dump(include=body.model_fields_set)
    for field in ("stage_name", "slug"):
        if field in sent and sent[field] is None:
            sent[field] = ""
    if "links" in sent and sent["links"] is None:
        sent["links"] = []
    return sent


@router.get("/profile", response_model=ArtistProfileOut, summary="Get my artist profile", responses=ERRORS)
def get_profile(session: SessionDep, actor: CurrentActor):
    """Your artist profile with its links and previous page addresses."""
    return profile.my_artist_profile(session, actor=actor)


@router.patch("/profile", response_model=ArtistProfileOut, summary="Edit my artist profile",
              responses=EDIT_ERRORS)
def patch_profile(body: ProfilePatch, session: SessionDep, actor: CurrentActor):
    """Change stage name, page address, bio and links, all or nothing."""
    return profile.update_artist_profile(session, actor=actor, **_changes(body))


@router.get("/profile/slug-check", response_model=SlugCheck, summary="Check a page address",
            responses={401: ERRORS[401]})
def slug_check(session: SessionDep, actor: CurrentActor,
               slug: Annotated[str, Query(max_length=1000, description="The address to check.")]):
    """Whether `slug` could be your page's address, and if not, why (never an error)."""
    return profile.check_slug(session, actor=actor, slug=slug)


@router.get("/artists/{artist_id}/profile", response_model=ArtistProfileOut,
            summary="Get an artist profile for editing", responses=ERRORS)
def get_artist_profile(session: SessionDep, actor: CurrentActor, artist_id: ArtistId):
    """An artist profile, for its artist or an administrator; 404 for anyone else."""
    return profile.my_artist_profile(session, actor=actor, artist_id=artist_id)


@router.patch("/artists/{artist_id}/profile", response_model=ArtistProfileOut,
              summary="Edit an artist profile", responses=EDIT_ERRORS)
def patch_artist_profile(body: ProfilePatch, session: SessionDep, actor: CurrentActor, artist_id: ArtistId):
    """Like `PATCH /studio/profile`, for its artist or an administrator."""
    return profile.update_artist_profile(session, actor=actor, artist_id=artist_id, **_changes(body))


def _set_image(session, actor, data: bytes, store, artist_id: int | None, ip: str | None) -> ArtistProfileOut:
    return profile_image.set_artist_image(session, actor=actor, data=data, store=store, artist_id=artist_id,
                                          client_ip=ip)


_IMAGE_DOC = ("Replaces the artist page's picture. It is checked by content, re-encoded as JPEG "
              "without metadata, cropped square and stored with a thumbnail; the old one is deleted.")


@router.put("/profile/image", response_model=ArtistProfileOut, summary="Upload my artist picture",
            responses=UPLOAD_ERRORS, openapi_extra=PICTURE_FORM_BODY, description=_IMAGE_DOC)
async def put_image(request: Request, session: SessionDep, actor: CurrentActor, store: MediaStoreDep):
    await run_in_threadpool(profile.my_artist_profile, session, actor=actor)  # refuse before reading
    data = await read_picture(request)
    return await run_in_threadpool(_set_image, session, actor, data, store, None, client_ip(request))


@router.delete("/profile/image", response_model=ArtistProfileOut, summary="Remove my artist picture",
               responses=ERRORS)
def delete_image(session: SessionDep, actor: CurrentActor, store: MediaStoreDep):
    return profile_image.clear_artist_image(session, actor=actor, store=store)


@router.put("/artists/{artist_id}/profile/image", response_model=ArtistProfileOut,
            summary="Upload an artist's picture", responses=UPLOAD_ERRORS, openapi_extra=PICTURE_FORM_BODY,
            description=_IMAGE_DOC + " For its artist or an administrator.")
async def put_artist_image(request: Request, session: SessionDep, actor: CurrentActor, store: MediaStoreDep,
                           artist_id: ArtistId):
    await run_in_threadpool(profile.my_artist_profile, session, actor=actor, artist_id=artist_id)
    data = await read_picture(request)
    return await run_in_threadpool(_set_image, session, actor, data, store, artist_id, client_ip(request))


@router.delete("/artists/{artist_id}/profile/image", response_model=ArtistProfileOut,
               summary="Remove an artist's picture", responses=ERRORS)
def delete_artist_image(session: SessionDep, actor: CurrentActor, store: MediaStoreDep, artist_id: ArtistId):
    return profile_image.clear_artist_image(session, actor=actor, store=store, artist_id=artist_id)
