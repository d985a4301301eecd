"""Charts: top songs, albums and artists, and an artist's current rank.

Scores follow ``services.listening.charts`` (completed plays + 3 × likes + 2 × Σ(stars − 3)),
read from a daily aggregate, never from raw play events.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from spoticlone.api.deps import SessionDep
from spoticlone.api.params import int_query
from spoticlone.services.catalog import browse
from spoticlone.services.library.dto import ArtistRank, Chart
from spoticlone.services.listening import charts

router = APIRouter(prefix="/api/v1/charts", tags=["charts"])


@router.get("", response_model=Chart, summary="A chart",
            description="Top songs, albums or artists, this week (last 7 days) or all time, overall or per genre. "
                        "Score = completed plays + 3 × likes + 2 × Σ(stars − 3).",
            responses={404: {"description": "Unknown genre."}})
def get_chart(
    session: SessionDep,
    kind: Annotated[Literal["tracks", "albums", "artists"], Query()] = "tracks",
    period: Annotated[Literal["week", "all"], Query()] = "week",
    genre: Annotated[str | None, Query(max_length=120, description="Genre slug.")] = None,
    limit: int_query(1, charts.MAX_LIMIT, "How many entries.") = 50,
):
    return charts.chart(session, kind=kind, period=period, genre=genre, limit=limit)


@router.get("/artists/{slug}/rank", response_model=ArtistRank, summary="An artist's current rank",
            responses={404: {"description": "No such artist."}})
def artist_rank(
    session: SessionDep,
    slug: Annotated[str, Path(max_length=220)],
    period: Annotated[Literal["week", "all"], Query()] = "week",
):
    return charts.artist_rank(session, artist_id=browse.artist_id_for_slug(session, slug=slug), period=period)
