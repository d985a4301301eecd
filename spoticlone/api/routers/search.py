"""Search endpoint: one query across songs, artists, albums, genres and lyrics.

Parsing only; matching, ranking, typo tolerance and visibility all live in
``spoticlone.services.search`` so the search page and the API return the same hits.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from spoticlone.api.deps import SessionDep
from spoticlone.services import search
from spoticlone.services.dto import SearchResults

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
        f"`q` gives empty results; longer queries are cut to {search.MAX_QUERY_CHARS} characters."
    ),
)
def search_catalog(
    session: SessionDep,
    q: Annotated[str, Query(max_length=1000, description="What to look for.")] = "",
    limit: Annotated[
        int, Query(ge=1, le=search.MAX_LIMIT, description="Results per group.")
    ] = 5,
):
    return search.search(session, query=q, limit_per_group=limit)
