"""Follows (artists and listeners), follower lists, the Home feed, and ratings.

Artist paths use the artist's slug, like the catalog's ``/artists/{slug}`` routes;
the catalog router only defines ``GET`` on ``/artists/{slug}`` and
``/artists/{slug}/albums``, so ``/follow`` and ``/rating`` below do not clash.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from spoticlone.api.auth_deps import CurrentActor, OptionalActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import IdPath, PageParam, PageSizeParam
from spoticlone.services.catalog import browse
from spoticlone.services.core.dto import Page
from spoticlone.services.library import follows, ratings
from spoticlone.services.library.dto import FeedItem, FollowState, PlaylistOut, RatingSummary, UserRef
from spoticlone.services.library.playlists import manage

router = APIRouter(prefix="/api/v1")

ArtistSlug = Annotated[str, Path(max_length=220, description="Artist slug.")]
Username = Annotated[str, Path(max_length=40, description="Listener's username.")]
EntityId = IdPath
ERRORS = {401: {"description": "Not signed in."}, 404: {"description": "No such artist, listener or item."},
          422: {"description": "Invalid input (e.g. following yourself)."}}


class Stars(BaseModel):
    stars: int = Field(ge=1, le=5, description="1 to 5.")


# Artists.


@router.get("/artists/{slug}/follow", response_model=FollowState, tags=["follows"],
            summary="Artist follower count (and whether the caller follows)", responses=ERRORS)
def artist_follow_state(session: SessionDep, actor: OptionalActor, slug: ArtistSlug):
    artist_id = browse.artist_id_for_slug(session, slug=slug)
    return follows.artist_follow_state(session, actor=actor, artist_id=artist_id)


@router.put("/artists/{slug}/follow", response_model=FollowState, tags=["follows"], summary="Follow an artist",
            responses=ERRORS)
def follow_artist(session: SessionDep, actor: CurrentActor, slug: ArtistSlug):
    artist_id = browse.artist_id_for_slug(session, slug=slug)
    return follows.follow_artist(session, actor=actor, artist_id=artist_id)


@router.delete("/artists/{slug}/follow", response_model=FollowState, tags=["follows"],
               summary="Unfollow an artist", responses=ERRORS)
def unfollow_artist(session: SessionDep, actor: CurrentActor, slug: ArtistSlug):
    artist_id = browse.artist_id_for_slug(session, slug=slug)
    return follows.unfollow_artist(session, actor=actor, artist_id=artist_id)


@router.get("/artists/{slug}/rating", response_model=RatingSummary, tags=["ratings"],
            summary="An artist's rating", description="Mean of all ratings on their songs and albums.",
            responses=ERRORS)
def artist_rating(session: SessionDep, slug: ArtistSlug):
    return ratings.artist_rating(session, artist_id=browse.artist_id_for_slug(session, slug=slug))


# Listeners.


@router.get("/users/{username}/follow", response_model=FollowState, tags=["follows"],
            summary="Listener follower count (and whether the caller follows)", responses=ERRORS)
def user_follow_state(session: SessionDep, actor: OptionalActor, username: Username):
    return follows.user_follow_state(session, actor=actor, username=username)


@router.put("/users/{username}/follow", response_model=FollowState, tags=["follows"],
            summary="Follow a listener", responses=ERRORS)
def follow_user(session: SessionDep, actor: CurrentActor, username: Username):
    return follows.follow_user(session, actor=actor, username=username)


@router.delete("/users/{username}/follow", response_model=FollowState, tags=["follows"],
               summary="Unfollow a listener", responses=ERRORS)
def unfollow_user(session: SessionDep, actor: CurrentActor, username: Username):
    return follows.unfollow_user(session, actor=actor, username=username)


@router.get("/users/{username}/followers", response_model=Page[UserRef], tags=["follows"],
            summary="Who follows a listener", responses=ERRORS)
def followers(session: SessionDep, username: Username, page: PageParam = 1, page_size: PageSizeParam = 50):
    return follows.followers(session, username=username, page=page, page_size=page_size)


@router.get("/users/{username}/following", response_model=Page[UserRef], tags=["follows"],
            summary="Whom a listener follows", responses=ERRORS)
def following(session: SessionDep, username: Username, page: PageParam = 1, page_size: PageSizeParam = 50):
    return follows.following(session, username=username, page=page, page_size=page_size)


@router.get("/users/{username}/playlists", response_model=list[PlaylistOut], tags=["playlists"],
            summary="A listener's playlists",
            description="Public ones; the owner also sees private ones, collaborators those they were invited to.",
            responses=ERRORS)
def user_playlists(session: SessionDep, actor: OptionalActor, username: Username):
    return manage.user_playlists(session, actor=actor, username=username)


@router.get("/me/feed", response_model=Page[FeedItem], tags=["follows"], summary="Home feed",
            description="New releases from followed artists and new public playlists from followed listeners.",
            responses=ERRORS)
def feed(session: SessionDep, actor: CurrentActor, page: PageParam = 1, page_size: PageSizeParam = 20):
    return follows.home_feed(session, actor=actor, page=page, page_size=page_size)


# Ratings.


def _rating_routes(target: str, noun: str) -> None:
    path = f"/ratings/{target}s/{{target_id}}"

    @router.get(path, response_model=RatingSummary, tags=["ratings"], summary=f"A {noun}'s rating",
                responses=ERRORS, name=f"get_{target}_rating")
    def get_rating(session: SessionDep, actor: OptionalActor, target_id: EntityId):
        return ratings.rating_summary(session, actor=actor, target=target, target_id=target_id)

    @router.put(path, response_model=RatingSummary, tags=["ratings"], summary=f"Rate a {noun} (1-5 stars)",
                responses=ERRORS, name=f"rate_{target}")
    def put_rating(session: SessionDep, actor: CurrentActor, target_id: EntityId, body: Stars):
        return ratings.rate(session, actor=actor, target=target, target_id=target_id,
                            stars=body.stars)

    @router.delete(path, response_model=RatingSummary, tags=["ratings"], summary=f"Remove your rating of a {noun}",
                   responses=ERRORS, name=f"unrate_{target}")
    def delete_rating(session: SessionDep, actor: CurrentActor, target_id: EntityId):
        return ratings.remove_rating(session, actor=actor, target=target, target_id=target_id)

    # Distinct operation ids in the OpenAPI spec.
    get_rating.__name__, put_rating.__name__, delete_rating.__name__ = (
        f"get_{target}_rating", f"rate_{target}", f"unrate_{target}")


_rating_routes("track", "song")
_rating_routes("album", "album")
