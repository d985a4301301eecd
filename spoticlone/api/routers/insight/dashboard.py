"""The admin analytics dashboard over REST: every section as JSON, or one section as JSON or CSV.

Administrators only; the period is ``range`` (7d, 28d, 90d, 365d) or ``from``/``to`` days, as on
the page. Every rule and figure lives in ``spoticlone.services.insight.dashboard``.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.services.insight import dashboard, periods
from spoticlone.services.insight.dashboard import Dashboard, Section

router = APIRouter(prefix="/api/v1/admin/analytics", tags=["admin"])

#: The dashboard's sections, so the OpenAPI document lists the names a client may ask for.
SectionKey = Enum("SectionKey", {key: key for key in dashboard.TITLES}, type=str)  # type: ignore[misc]

RangeParam = Annotated[str | None, Query(
    alias="range", max_length=8, description="The last 7d, 28d, 90d or 365d UTC days, today included "
                                             "(the default is 28d). Ignored when from is given.")]
FromParam = Annotated[str | None, Query(alias="from", max_length=10, description="First day, YYYY-MM-DD.")]
ToParam = Annotated[str | None, Query(alias="to", max_length=10,
                                      description="Last day, YYYY-MM-DD (default today; later days are cut).")]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in."},
    403: {"description": "Not an administrator."},
    422: {"description": "An unknown period, a malformed date or a range that ends before it starts."},
}


@router.get("", response_model=Dashboard, summary="The analytics dashboard", responses=ERRORS,
            description="Every section of the admin dashboard over the period: active listeners, sign-ups and "
                        "the funnel, plays and listening hours, top tracks, artists, albums, genres and "
                        "playlists, retention cohorts, uploads and publications, searches that found nothing, "
                        "the listening clock, devices and browsers, and skip rates. Each section has its column "
                        "names and rows, and says whether the period had anything.")
def get_dashboard(session: SessionDep, actor: CurrentActor, period: RangeParam = None, start: FromParam = None,
                  end: ToParam = None):
    return dashboard.admin_dashboard(session, actor=actor, period=periods.parse(period, start, end))


@router.get("/{key}.csv", summary="One section as CSV", response_class=Response,
            responses={**ERRORS, 404: {"description": "No such section."}, 200: {"content": {"text/csv": {}}}},
            description="The section's columns as a header row, then one line per row, as the page draws it.")
def get_section_csv(session: SessionDep, actor: CurrentActor, key: SectionKey, period: RangeParam = None,
                    start: FromParam = None, end: ToParam = None):
    out = dashboard.section_csv(session, actor=actor, key=key.value, period=periods.parse(period, start, end))
    return Response(out.content, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{out.filename}"',
                             "Cache-Control": "private, no-store"})


@router.get("/{key}", response_model=Section, summary="One section", responses={**ERRORS, 404: {
    "description": "No such section."}}, description="One section of the dashboard over the period.")
def get_section(session: SessionDep, actor: CurrentActor, key: SectionKey, period: RangeParam = None,
                start: FromParam = None, end: ToParam = None):
    return dashboard.section(session, actor=actor, key=key.value, period=periods.parse(period, start, end))
