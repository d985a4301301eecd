"""The signed-in account (``/api/v1/me``) and public profiles (``/api/v1/users/{username}``).

Thin on purpose: every rule (username format, phone parsing, age gate, what a picture
must be, who may become an artist) lives in ``services.accounts.profiles``. The upload body goes
through ``services.media.picture_uploads.bounded`` while it streams in, so it is cut off
(413, the one "too big" message) past the limit and a client cannot fill the disk
or memory with one giant request.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import MediaStoreDep, SessionDep
from spoticlone.api.picture_form import PICTURE_FORM_BODY, read_picture
from spoticlone.api.routers.auth.common import client_ip
from spoticlone.services.accounts import profiles
from spoticlone.services.accounts.profiles import MeDTO, PublicProfileDTO
from spoticlone.services.core.actor import Actor
from spoticlone.services.media import picture_uploads

AUTH_ERRORS = {401: {"description": "Not signed in (no valid bearer token or session cookie)."}}
UPLOAD_ERRORS = {
    **AUTH_ERRORS,
    400: {"description": "The body is not multipart/form-data with a `file` part."},
    413: {"description": f"The upload is larger than {picture_uploads.MAX_PICTURE_BYTES // (1024 * 1024)} MiB."},
    422: {"description": "The file is not a usable picture (not an image, too many pixels)."},
    429: {"description": "Too many picture uploads from this account or address, or every picture "
                          "decoder is busy; see `Retry-After`."},
}

router = APIRouter(prefix="/api/v1")


class ProfileUpdate(BaseModel):
    """Fields to change; leave a field out to keep it. ``phone: null`` (or "") clears the phone."""

    model_config = ConfigDict(extra="forbid")

    username: str | None = Field(None, max_length=200, description="3-30 characters: a-z, 0-9, '_', '.'.")
    first_name: str | None = Field(None, max_length=1000)
    last_name: str | None = Field(None, max_length=1000)
    phone: str | None = Field(
        None, max_length=100, description="Any common format; stored as E.164 (+16502530000)."
    )
    date_of_birth: date | None = Field(None, description="You must be at least 13.")


class ArtistLinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field("", max_length=200, description="Text shown; empty: the site's name.")
    url: str = Field(..., max_length=2000, description="An absolute http:// or https:// address.")


class BecomeArtist(BaseModel):
    """Only ``stage_name`` is required; the rest can be set later with ``PATCH /studio/profile``."""

    model_config = ConfigDict(extra="forbid")

    stage_name: str = Field(..., max_length=1000, description="The name you perform under.")
    slug: str | None = Field(None, max_length=1000,
                             description="Your page address (`/artist/<slug>`); made from the stage name "
                                         "when left out.")
    bio: str | None = Field(None, max_length=8000, description="Plain text, up to 2,000 characters.")
    links: list[ArtistLinkIn] | None = Field(None, max_length=32, description="Up to 8 links.")


def _changes(body: ProfileUpdate) -> dict[str, object]:
    """Only the fields the client sent; a null name means "clear it"."""
    sent = body.model_dump(include=body.model_fields_set)
    for name_field in ("first_name", "last_name", "username"):
        if name_field in sent and sent[name_field] is None:
            sent[name_field] = ""
    return sent


@router.get("/me", response_model=MeDTO, tags=["me"], summary="Get my account", responses=AUTH_ERRORS)
def get_me(session: SessionDep, actor: CurrentActor):
    """Everything about the signed-in account that its owner may see."""
    return profiles.my_profile(session, actor=actor)


@router.patch(
    "/me",
    response_model=MeDTO,
    tags=["me"],
    summary="Edit my profile",
    responses={**AUTH_ERRORS, 409: {"description": "Username taken."},
               422: {"description": "A field is invalid; nothing was changed."}},
)
def patch_me(body: ProfileUpdate, session: SessionDep, actor: CurrentActor):
    """Change any of username, names, phone and date of birth, all or nothing."""
    return profiles.update_profile(session, actor=actor, **_changes(body))


Kind = Literal["avatar", "cover"]


def _set(session, actor: Actor, kind: str, data: bytes, store, ip: str | None) -> MeDTO:
    return profiles.set_picture(session, actor=actor, kind=kind, data=data, store=store,
                                client_ip=ip)


def _remove(session, actor: Actor, kind: str, store) -> MeDTO:
    return profiles.remove_picture(session, actor=actor, kind=kind, store=store)


def _picture_routes(kind: Kind, label: str) -> None:
    async def put_picture(request: Request, session: SessionDep, actor: CurrentActor, store: MediaStoreDep):
        data = await read_picture(request)
        # Decoding and re-encoding an image is CPU work: keep it off the event loop.
        return await run_in_threadpool(_set, session, actor, kind, data, store, client_ip(request))

    def delete_picture(session: SessionDep, actor: CurrentActor, store: MediaStoreDep):
        return _remove(session, actor, kind, store)

    router.add_api_route(
        f"/me/{kind}", put_picture, methods=["PUT"], response_model=MeDTO, tags=["me"],
        summary=f"Upload my {label}", responses=UPLOAD_ERRORS, openapi_extra=PICTURE_FORM_BODY,
        operation_id=f"put_my_{kind}",
        description=(
            f"Replaces your {label}. The picture is checked by its content, re-encoded as JPEG "
            "without metadata (EXIF, GPS) and stored with a thumbnail; the old one is deleted."
        ),
    )
    router.add_api_route(
        f"/me/{kind}", delete_picture, methods=["DELETE"], response_model=MeDTO, tags=["me"],
        summary=f"Remove my {label}", responses=AUTH_ERRORS, operation_id=f"delete_my_{kind}",
    )


_picture_routes("avatar", "profile picture")
_picture_routes("cover", "cover image")


@router.post(
    "/me/artist",
    response_model=MeDTO,
    status_code=201,
    tags=["me"],
    summary="Become an artist",
    responses={**AUTH_ERRORS, 409: {"description": "You already have an artist profile, or the "
                                                   "page address is taken."},
               422: {"description": "A field is invalid (stage name, address, bio or a link)."}},
)
def become_artist(body: BecomeArtist, session: SessionDep, actor: CurrentActor):
    """Create your artist profile (a public page at its `url`) and get the artist role."""
    links = [link.model_dump() for link in body.links] if body.links is not None else None
    return profiles.become_artist(session, actor=actor, stage_name=body.stage_name, slug=body.slug,
                                  bio=body.bio, links=links)


@router.get(
    "/users/{username}",
    response_model=PublicProfileDTO,
    tags=["users"],
    summary="Get a public profile",
    responses={404: {"description": "No such user (or the account is suspended)."}},
)
def get_user(session: SessionDep, username: Annotated[str, Path(max_length=40)]):
    """What anyone may see about a listener: names, pictures, member since, artist page."""
    return profiles.public_profile(session, username)
