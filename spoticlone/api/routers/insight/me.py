"""A listener's own stats and year in review over REST, the year card as PNG, and sharing it.

Every rule (own data only, which years, who may see a shared year) lives in
``spoticlone.services.insight``; these routes only translate. The card of a shared year is
public and cacheable by anyone for a few minutes (so taking a share back takes effect
quickly); the listener's own card is private to their browser.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import id_path
from spoticlone.middleware.http_cache import etag_matches
from spoticlone.services.insight import listener_stats, year_card, year_review
from spoticlone.services.insight.listener_stats import ListenerStats, StatsPeriod
from spoticlone.services.insight.year_card import CardImage
from spoticlone.services.insight.year_review import SharedReview, ShareLink, YearReview

router = APIRouter(prefix="/api/v1", tags=["stats"])

PRIVATE_CACHE = "private, max-age=300"
SHARED_CACHE = "public, max-age=600"
PNG_HEADERS = {"X-Content-Type-Options": "nosniff",
               "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox"}
YearPath = id_path("A calendar year, from 2000 to this year.")
TokenPath = Annotated[str, Path(max_length=64, description="The share token from the share link.")]
TimeZone = Annotated[str | None, Query(
    max_length=64, description="Your IANA time zone (e.g. Europe/Paris) for days, months and hours; UTC without.")]
Variant = Annotated[Literal["og", "story"], Query(
    description="og: 1200×630 for link previews; story: 1080×1920 for a phone screen.")]
ERRORS = {401: {"description": "Not signed in."},
          422: {"description": "An unknown period, month, year or time zone."}}
CARD = {200: {"content": {"image/png": {}}, "description": "The card."}, 304: {"description": "Not modified."}}


def _png(request: Request, card: CardImage, cache: str) -> Response:
    headers = {"Cache-Control": cache, "ETag": card.etag, **PNG_HEADERS}
    if etag_matches(request.headers.get("if-none-match"), card.etag):
        return Response(status_code=304, headers=headers)
    return Response(card.png, media_type="image/png", headers=headers)


@router.get("/me/stats", response_model=ListenerStats, summary="Your listening stats", responses=ERRORS,
            description="Minutes listened, top artists, songs and genres, plays by hour of day, a month-by-month "
                        "series and the artists you heard for the first time. Only your own plays.")
def get_my_stats(
    session: SessionDep, actor: CurrentActor,
    period: Annotated[StatsPeriod, Query(description="month (this month), 12m (last 12 months) or all.")] =
    StatsPeriod.MONTH,
    month: Annotated[str | None, Query(max_length=7, description="A month as YYYY-MM; overrides period.")] = None,
    tz: TimeZone = None,
):
    return listener_stats.own_stats(session, actor=actor, period=period, month=month, tz=tz)


@router.get("/me/year/{year}", response_model=YearReview, summary="Your year in review", responses=ERRORS,
            description="Top 5 artists and songs, minutes, top genre, new artists and your busiest day. "
                        "A year without plays has `empty: true`.")
def get_my_year(session: SessionDep, actor: CurrentActor, year: YearPath, tz: TimeZone = None):
    return year_review.own_year(session, actor=actor, year=year, tz=tz)


@router.get("/me/year/{year}/card.png", summary="Your year card (PNG)", response_class=Response,
            responses={**ERRORS, **CARD}, description="Drawn on the server; send `If-None-Match` for a 304.")
def get_my_card(request: Request, session: SessionDep, actor: CurrentActor, year: YearPath,
                variant: Variant = "og", tz: TimeZone = None):
    card = year_card.own_card(session, actor=actor, year=year, variant=variant, tz=tz)
    return _png(request, card, PRIVATE_CACHE)


@router.put("/me/year/{year}/share", response_model=ShareLink, summary="Share your year",
            responses=ERRORS, description="Makes a public link to this year's review and card (the same link "
                                          "while it stays shared). A year without plays cannot be shared.")
def share_my_year(session: SessionDep, actor: CurrentActor, year: YearPath, tz: TimeZone = None):
    return year_review.share_year(session, actor=actor, year=year, tz=tz)


@router.delete("/me/year/{year}/share", status_code=204, summary="Stop sharing your year", responses=ERRORS,
               description="The link stops working at once; sharing again makes a new link.")
def unshare_my_year(session: SessionDep, actor: CurrentActor, year: YearPath):
    year_review.unshare_year(session, actor=actor, year=year)
    return Response(status_code=204)


@router.get("/wrapped/{token}", response_model=SharedReview, summary="A shared year in review",
            responses={404: {"description": "No such share, or no longer shared."}},
            description="For anyone with the link: the listener's display name and their year's figures.")
def get_shared_year(session: SessionDep, token: TokenPath):
    return year_review.shared_review(session, token=token)


@router.get("/wrapped/{token}/card.png", summary="A shared year card (PNG)", response_class=Response,
            responses={404: {"description": "No such share, or no longer shared."}, **CARD},
            description="The Open Graph image of a share link.")
def get_shared_card(request: Request, session: SessionDep, token: TokenPath, variant: Variant = "og"):
    return _png(request, year_card.shared_card(session, token=token, variant=variant), SHARED_CACHE)
