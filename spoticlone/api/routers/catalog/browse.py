"""Public catalog endpoints: genres, artists, albums and tracks.

Each route parses its parameters, calls one ``spoticlone.services.catalog.browse`` function
and returns the service's DTO. Visibility rules (drafts hidden, empty albums hidden)
live in the service, so the API and the UI can never disagree about them.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Path, Query

from spoticlone.api.deps import SessionDep
from spoticlone.api.params import IdPath, PageParam, PageSizeParam, int_query
from spoticlone.services.catalog import browse
from spoticlone.services.catalog.dto import (
    AlbumDetail,
    AlbumOut,
    ArtistDetail,
    ArtistOut,
    GenreOut,
    TrackDetail,
    TrackOut,
)
from spoticlone.services.core.dto import Page

# Built from the service's own tables so a new sort order shows up in Swagger
# without a second list to keep in step.
TrackOrder = Enum("TrackOrder", {name: name for name in browse.TRACK_ORDERS}, type=str)
AlbumOrder = Enum("AlbumOrder", {name: name for name in browse.ALBUM_ORDERS}, type=str)
POPULAR_FIRST = TrackOrder("popular")
NEWEST_FIRST = AlbumOrder("newest")

NOT_FOUND = {404: {"description": "No such entity (or it is not published)."}}

Slug = Annotated[str, Path(max_length=220, description="URL slug, e.g. `synthwave`.")]
EntityId = IdPath
GenreFilter = Annotated[
    str | None, Query(max_length=120, description="Only this genre (slug).")
]

router = APIRouter(prefix="/api/v1")


# Genres.


@router.get(
    "/genres",
    response_model=Page[GenreOut],
    tags=["genres"],
    summary="List genres",
    description="Genres that have published music, most tracks first.",
)
def list_genres(session: SessionDep, page: PageParam = 1, page_size: PageSizeParam = 50):
    return browse.list_genres(session, page=page, page_size=page_size)


@router.get(
    "/genres/{slug}",
    response_model=GenreOut,
    tags=["genres"],
    summary="Get a genre",
    responses=NOT_FOUND,
)
def get_genre(session: SessionDep, slug: Slug):
    return browse.get_genre(session, slug=slug)


@router.get(
    "/genres/{slug}/tracks",
    response_model=Page[TrackOut],
    tags=["genres"],
    summary="List a genre's tracks",
    responses=NOT_FOUND,
)
def list_genre_tracks(
    session: SessionDep,
    slug: Slug,
    page: PageParam = 1,
    page_size: PageSizeParam = 50,
    order: TrackOrder = POPULAR_FIRST,
):
    browse.get_genre(session, slug=slug)  # an unknown genre is a 404, not an empty page
    return browse.list_tracks(
        session, genre_slug=slug, page=page, page_size=page_size, order=order.value
    )


@router.get(
    "/genres/{slug}/albums",
    response_model=Page[AlbumOut],
    tags=["genres"],
    summary="List a genre's albums",
    responses=NOT_FOUND,
)
def list_genre_albums(
    session: SessionDep,
    slug: Slug,
    page: PageParam = 1,
    page_size: PageSizeParam = 24,
    order: AlbumOrder = NEWEST_FIRST,
):
    browse.get_genre(session, slug=slug)
    return browse.list_albums(
        session, genre_slug=slug, page=page, page_size=page_size, order=order.value
    )


# Artists.


@router.get(
    "/artists",
    response_model=Page[ArtistOut],
    tags=["artists"],
    summary="List artists",
    description="Artists with published music, most played first.",
)
def list_artists(session: SessionDep, page: PageParam = 1, page_size: PageSizeParam = 24):
    return browse.list_artists(session, page=page, page_size=page_size)


@router.get(
    "/artists/{slug}",
    response_model=ArtistDetail,
    tags=["artists"],
    summary="Get an artist",
    description="The artist with their most played tracks and their albums.",
    responses=NOT_FOUND,
)
def get_artist(
    session: SessionDep,
    slug: Slug,
    top_tracks: int_query(0, 50, "How many top tracks.") = 10,
):
    return browse.get_artist(session, slug=slug, top_tracks=top_tracks)


@router.get(
    "/artists/{slug}/albums",
    response_model=Page[AlbumOut],
    tags=["artists"],
    summary="List an artist's albums",
    responses=NOT_FOUND,
)
def list_artist_albums(
    session: SessionDep,
    slug: Slug,
    page: PageParam = 1,
    page_size: PageSizeParam = 24,
    order: AlbumOrder = NEWEST_FIRST,
):
    artist_id = browse.artist_id_for_slug(session, slug=slug)
    return browse.list_albums(
        session, artist_id=artist_id, page=page, page_size=page_size, order=order.value
    )


# Albums.


@router.get(
    "/albums",
    response_model=Page[AlbumOut],
    tags=["albums"],
    summary="List albums",
    description="Albums with at least one published track.",
)
def list_albums(
    session: SessionDep,
    page: PageParam = 1,
    page_size: PageSizeParam = 24,
    order: AlbumOrder = NEWEST_FIRST,
    genre: GenreFilter = None,
):
    return browse.list_albums(
        session, page=page, page_size=page_size, order=order.value, genre_slug=genre
    )


@router.get(
    "/albums/{album_id}",
    response_model=AlbumDetail,
    tags=["albums"],
    summary="Get an album",
    description="The album and its published tracks in disc and track order.",
    responses=NOT_FOUND,
)
def get_album(session: SessionDep, album_id: EntityId):
    return browse.get_album(session, album_id=album_id)


# Tracks.


@router.get(
    "/tracks",
    response_model=Page[TrackOut],
    tags=["tracks"],
    summary="List tracks",
    description="Published tracks, optionally of one genre.",
)
def list_tracks(
    session: SessionDep,
    page: PageParam = 1,
    page_size: PageSizeParam = 50,
    order: TrackOrder = POPULAR_FIRST,
    genre: GenreFilter = None,
):
    return browse.list_tracks(
        session, page=page, page_size=page_size, order=order.value, genre_slug=genre
    )


@router.get(
    "/tracks/{track_id}",
    response_model=TrackDetail,
    tags=["tracks"],
    summary="Get a track",
    description="A published track with its lyrics.",
    responses=NOT_FOUND,
)
def get_track(session: SessionDep, track_id: EntityId):
    return browse.get_track(session, track_id=track_id)
