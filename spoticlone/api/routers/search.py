"""Search endpoint: one query across songs, artists, albums, genres and lyrics.

Parsing only; matching, ranking, typo tolerance and visibility all live in
``spoticlone.services.search.engine`` so the search page and the API return the same hits.
The caller's recent searches (``/api/v1/me/recent-searches``) follow
``spoticlone.services.search.recent``. ``GET /search`` never records anything: a GET
must be safe to repeat, and search-as-you-type would fill the list with fragments, so
a client posts the query it committed to (Enter, a result opened), as the page does.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import int_query
from spoticlone.services.search import engine, recent
from spoticlone.services.search.dto import SearchResults
from spoticlone.services.search.recent import RecentSearches

router = APIRouter(prefix="/api/v1")


@router.get(
    "/search",
    response_model=SearchResults,
    tags=["search"],
    summary="Search the catalog",
    description=(
        "Published songs, artists, albums and genres whose names match `q`, plus songs "
        "whose lyrics do. Case and accents are ignored, the last word is a prefix, and a "
        "one-letter typo is corrected when nothing matches (`corrected` says how). An empty "
        f"`q` gives empty results; longer queries are cut to {engine.MAX_QUERY_CHARS} characters."
    ),
)
def search_catalog(
    session: SessionDep,
    q: Annotated[str, Query(max_length=1000, description="What to look for.")] = "",
    limit: int_query(1, engine.MAX_LIMIT, "Results per group.") = 5,
):
    return engine.search(session, query=q, limit_per_group=limit)


UNAUTHORIZED = {401: {"description": "Not signed in."}}


class RecentSearchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(..., max_length=1000, description=(
        f"What the listener searched for; tidied and cut to {engine.MAX_QUERY_CHARS} characters."))


@router.get("/me/recent-searches", response_model=RecentSearches, tags=["search"],
            summary="List my recent searches", responses=UNAUTHORIZED,
            description=f"The caller's last {recent.KEEP} distinct searches, newest first "
                        "(queries differing only in case are one entry).")
def list_recent_searches(session: SessionDep, actor: CurrentActor):
    return recent.list_recent(session, actor=actor)


@router.post("/me/recent-searches", response_model=RecentSearches, tags=["search"],
             summary="Remember a search",
             responses={**UNAUTHORIZED, 422: {"description": "The query is blank."}},
             description="Put a query at the top of the caller's recent searches (moving it up if it "
                         f"is already there; only the newest {recent.KEEP} are kept). "
                         "Returns the new list.")
def record_recent_search(session: SessionDep, actor: CurrentActor, body: RecentSearchIn):
    return recent.record(session, actor=actor, query=body.query)


@router.delete("/me/recent-searches", status_code=204, response_class=Response, tags=["search"],
               summary="Clear my recent searches", responses=UNAUTHORIZED)
def clear_recent_searches(session: SessionDep, actor: CurrentActor):
    recent.clear(session, actor=actor)
