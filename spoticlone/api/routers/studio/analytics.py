"""Artist analytics over REST: the figures of the artist's own catalog, as JSON or as CSV.

Read from rollups kept as plays count; every rule (who may read, which ranges) lives in
``spoticlone.services.studio.analytics``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import MAX_ID, int_query
from spoticlone.services.studio import analytics
from spoticlone.services.studio.analytics import AnalyticsRange, ArtistAnalytics

router = APIRouter(prefix="/api/v1/studio", tags=["studio"])

RangeParam = Annotated[AnalyticsRange, Query(
    alias="range", description="The last 7, 28 or 365 UTC days (today included), or all time.")]
ArtistParam = int_query(1, MAX_ID, "Another artist's id (administrators only); by default your own.")
ERRORS = {
    401: {"description": "Not signed in."},
    403: {"description": "Signed in without an artist profile."},
    404: {"description": "No such artist, or not yours."},
    422: {"description": "Unknown range or a malformed id."},
}


@router.get("/analytics", response_model=ArtistAnalytics, summary="Your analytics", responses=ERRORS,
            description="Plays per day, unique listeners, listening time, followers over time, likes, saves, "
                        "playlist adds, average rating, top songs and plays by source, for your own catalog. "
                        "The daily series has one entry per day, zero-filled.")
def get_analytics(session: SessionDep, actor: CurrentActor, period: RangeParam = AnalyticsRange.MONTH,
                  artist_id: ArtistParam = None):
    return analytics.artist_analytics(session, actor=actor, period=period, artist_id=artist_id)


@router.get("/analytics.csv", summary="Your analytics as a CSV file", response_class=Response,
            responses={**ERRORS, 200: {"content": {"text/csv": {}}}},
            description="One row per day, a column per metric, then plays per source.")
def get_analytics_csv(session: SessionDep, actor: CurrentActor, period: RangeParam = AnalyticsRange.MONTH,
                      artist_id: ArtistParam = None):
    out = analytics.analytics_csv(session, actor=actor, period=period, artist_id=artist_id)
    return Response(out.content, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{out.filename}"',
                             "Cache-Control": "private, no-store"})
