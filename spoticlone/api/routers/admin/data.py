"""The admin data browser over HTTP (``/api/v1/admin/data``): tables, rows, one row, an edit.

Administrators only; every rule (who may, which fields can be edited, which values are
valid, what is hidden) is in ``services.admin.data_browser`` and the services it calls.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import PageParam, PageSizeParam
from spoticlone.services.admin import data_browser
from spoticlone.services.admin.data_browser import DomainTables, RowDetail, RowPage

router = APIRouter(prefix="/api/v1/admin/data", tags=["admin"])

REFUSED = {401: {"description": "Not signed in."}, 403: {"description": "Not an administrator."}}
MISSING = {404: {"description": "No such table or row."}}
TableName = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$",
                                description="The table's name, as listed by `GET /tables`.")]
RowKey = Annotated[str, Path(min_length=1, max_length=300,
                             description="The row's key: its id, or its key columns joined by commas.")]


class FieldEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    column: str = Field(min_length=1, max_length=64, description="The field to change.")
    value: str | bool = Field(description="The new value (text, or true/false).")


@router.get("/tables", response_model=list[DomainTables], summary="Every table by domain, with row counts",
            responses=REFUSED)
def list_tables(session: SessionDep, actor: CurrentActor):
    """Counted now, so they are live; the domains follow the architecture's."""
    return data_browser.list_tables(session, actor=actor)


@router.get("/tables/{table}", response_model=RowPage, summary="Rows of one table",
            responses={**REFUSED, **MISSING,
                       422: {"description": "A column that cannot be sorted or filtered, or a bad number."}})
def list_rows(
    session: SessionDep,
    actor: CurrentActor,
    table: TableName,
    page: PageParam = 1,
    page_size: PageSizeParam = data_browser.PAGE_SIZE,
    q: Annotated[str, Query(max_length=data_browser.MAX_QUERY, description="Text to find in any text column.")] = "",
    sort: Annotated[str, Query(max_length=64, description="Column to sort by (default: the key).")] = "",
    order: Annotated[Literal["asc", "desc"], Query(description="Sort direction.")] = "desc",
    filter: Annotated[list[Annotated[str, Field(max_length=130)]], Query(
        max_length=10, description="`column:value` for a yes/no or choice column; repeat for several.")] = [],  # noqa: B006
):
    """Secret columns (password hashes, tokens, two-step keys, codes) show as `(hidden)`."""
    filters = dict(item.split(":", 1) if ":" in item else (item, "") for item in filter)
    return data_browser.list_rows(session, actor=actor, table=table, query=q, filters=filters, sort=sort,
                                  descending=order == "desc", page=page, page_size=page_size)


@router.get("/tables/{table}/rows/{key}", response_model=RowDetail, summary="One row",
            responses={**REFUSED, **MISSING})
def get_row(session: SessionDep, actor: CurrentActor, table: TableName, key: RowKey):
    """Every visible field, which ones can be edited, and why the others cannot."""
    return data_browser.get_row(session, actor=actor, table=table, key=key)


@router.patch(
    "/tables/{table}/rows/{key}",
    response_model=RowDetail,
    summary="Change one field through its service",
    responses={**REFUSED, **MISSING, 422: {"description": "A read-only table or field, or a bad value."},
               409: {"description": "The service refused (e.g. the last administrator)."}},
)
def update_field(session: SessionDep, actor: CurrentActor, table: TableName, key: RowKey, body: FieldEdit):
    """The owning service decides; the change and its audit entry are written together."""
    return data_browser.update_field(session, actor=actor, table=table, key=key, column=body.column,
                                     value=body.value)
