"""The admin data browser: every table by domain with live counts, rows, one row, an edit.

Administrators only (``require_admin`` in every function). Tables are read generically
from ``SQLModel.metadata``; what is shown, hidden and editable is decided by
``data_browser_tables`` (domains, secret columns, read-only reasons) and
``data_browser_edits`` (edits go through the service that owns each rule). The list query
(search, filters, sort, paging) is ``data_browser_rows``; how many rows a table holds,
counted or estimated, is ``data_browser_counts``. Every number a client sends is bounded:
a page size of at most ``MAX_PAGE_SIZE`` and a search of at most ``MAX_QUERY`` characters
here, sort and filter columns that must exist and be visible in ``data_browser_rows``.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, select
from sqlmodel import Session, SQLModel

from spoticlone.models import User
from spoticlone.services.admin import (
    data_browser_counts as counts,
    data_browser_edits as edits,
    data_browser_rows as row_query,
    data_browser_tables as policy,
)
from spoticlone.services.admin.data_browser_columns import column_choices, column_kind, linked_table
from spoticlone.services.core.actor import Actor, require_admin
from spoticlone.services.core.dto import DTO, MAX_PAGE_SIZE
from spoticlone.services.core.errors import Invalid, NotFound

PAGE_SIZE = 25
MAX_QUERY = 100
#: Longest text shown in a list cell, and in a detail view.
LIST_CHARS = 120
DETAIL_CHARS = 5000
HIDDEN = "(hidden)"
NO_SUCH_TABLE = "There is no table with that name."
NO_SUCH_ROW = "That row does not exist (it may have been deleted)."

Value = str | int | float | bool | None


class TableInfo(DTO):
    """One table: its domain, its row count now, whether any field can be edited.

    ``rows`` is exact when ``exact``; for a table past ``data_browser_counts.EXACT_UP_TO``
    rows it is an estimate (``label`` says "about ..."), so the overview costs the same at
    any size.
    """

    name: str
    domain: str
    rows: int
    editable: bool
    exact: bool = True
    label: str = ""


class DomainTables(DTO):
    """The tables of one domain."""

    domain: str
    tables: list[TableInfo]


class ColumnInfo(DTO):
    """One column: how to show it, whether it can be filtered (choices) or edited."""

    name: str
    kind: str  # text, number, bool, enum, date, datetime, other
    secret: bool
    choices: list[str]
    editable: bool
    #: The table a foreign key points to ("" if none), for links to the referenced row.
    link_table: str


class RowPage(DTO):
    """One page of a table's rows and how they were chosen."""

    table: str
    domain: str
    columns: list[ColumnInfo]
    #: Each row's visible values by column name, plus its key under ``"_key"``.
    rows: list[dict[str, Value]]
    #: Exact when ``total_exact``; otherwise a lower bound (there are more rows than that).
    total: int
    page: int
    #: The last page known to exist (one past what was counted when ``total_exact`` is false).
    pages: int
    page_size: int
    query: str
    filters: dict[str, str]
    sort: str
    descending: bool
    read_only_reason: str
    total_exact: bool = True


class FieldValue(DTO):
    """One field of one row: its value (or hidden), and how to edit it if it can be."""

    name: str
    value: Value
    kind: str
    secret: bool
    editable: bool
    choices: list[str]
    link_table: str
    help: str


class RowDetail(DTO):
    """One row, every field."""

    table: str
    domain: str
    key: str
    fields: list[FieldValue]
    read_only_reason: str


def _modules() -> dict[str, str]:
    """Table name -> the module of its model, for the domain fallback."""
    return {m.local_table.name: m.class_.__module__ for m in SQLModel._sa_registry.mappers
            if isinstance(m.local_table, Table)}


def all_tables() -> dict[str, Table]:
    """Every table the browser shows, by name."""
    return dict(sorted(SQLModel.metadata.tables.items()))


def table_domain(table: Table) -> str:
    """The domain of ``table`` (``""`` if none is known: a test keeps that from happening)."""
    return policy.domain_of(table, _modules().get(table.name, ""))


def _table(name: Any) -> Table:
    table = all_tables().get(name) if isinstance(name, str) else None
    if table is None:
        raise NotFound(NO_SUCH_TABLE)
    return table


def _columns(table: Table) -> list[ColumnInfo]:
    editable = edits.editable_fields(table.name)
    return [
        ColumnInfo(name=c.name, kind=column_kind(c), secret=policy.is_secret(c), choices=column_choices(c),
                   editable=c.name in editable, link_table=linked_table(c))
        for c in table.columns
    ]


def _plain(value: Any, limit: int) -> Value:
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value if len(value) <= limit else value[:limit] + "…"
    if isinstance(value, bytes | bytearray | memoryview):
        return f"(binary, {len(bytes(value))} bytes)"
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)[:limit]


def _key_part(value: Any) -> str:
    # Full precision: a key must find its row again (``_plain`` drops microseconds).
    return value.isoformat() if isinstance(value, datetime) else str(_plain(value, 200))


def _key_of(table: Table, row: Any) -> str:
    return ",".join(_key_part(row._mapping[c.name]) for c in table.primary_key.columns)


def _visible(table: Table, row: Any, limit: int) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for column in table.columns:
        value = row._mapping[column.name]
        if policy.is_secret(column):
            out[column.name] = HIDDEN if value not in (None, "") else None
        else:
            out[column.name] = _plain(value, limit)
    return out


def list_tables(session: Session, *, actor: Actor) -> list[DomainTables]:
    """Every table grouped by domain (in ``DOMAIN_ORDER``) with its row count, read now.

    Exact up to ``data_browser_counts.EXACT_UP_TO`` rows; a larger table gets an estimate,
    marked as such. The page then costs about the same at 10M play events as at 10.
    """
    require_admin(actor)
    grouped: dict[str, list[TableInfo]] = {}
    modules = _modules()
    for name, table in all_tables().items():
        domain = policy.domain_of(table, modules.get(name, "")) or "other"
        rows, exact = counts.table_size(session, table)
        grouped.setdefault(domain, []).append(
            TableInfo(name=name, domain=domain, rows=rows, editable=bool(edits.editable_fields(name)),
                      exact=exact, label=counts.size_label(rows, exact)))
    order = {d: i for i, d in enumerate(policy.DOMAIN_ORDER)}
    return [DomainTables(domain=d, tables=grouped[d])
            for d in sorted(grouped, key=lambda d: (order.get(d, len(order)), d))]


def count_rows(session: Session, *, actor: Actor, table: str) -> int:
    """The exact number of rows of ``table``, on demand (a full count: slow for a huge table)."""
    require_admin(actor)
    return counts.exact_count(session, _table(table))


def list_rows(session: Session, *, actor: Actor, table: str, query: str = "", filters: dict[str, str] | None = None,
              sort: str = "", descending: bool = True, page: int = 1, page_size: int = PAGE_SIZE) -> RowPage:
    """One page of ``table``: text columns searched for ``query``, enum/bool ``filters``, any sort.

    Raises ``NotFound`` for an unknown table and ``Invalid`` for a column that cannot be
    filtered or sorted on, or a page size outside 1..``MAX_PAGE_SIZE``.
    """
    require_admin(actor)
    found = _table(table)
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise Invalid(f"Show between 1 and {MAX_PAGE_SIZE} rows per page.")
    text = (query or "").strip()[:MAX_QUERY]
    chosen = row_query.select_page(session, found, query=text, filters=filters or {}, sort=sort,
                                   descending=descending, page=page, page_size=page_size)
    return RowPage(
        table=found.name, domain=table_domain(found) or "other", columns=_columns(found),
        rows=[{**_visible(found, r, LIST_CHARS), "_key": _key_of(found, r)} for r in chosen.rows],
        total=chosen.total, page=chosen.page, pages=chosen.pages, page_size=page_size, query=text,
        filters=chosen.filters, sort=chosen.sort, descending=bool(descending),
        read_only_reason="" if edits.editable_fields(found.name) else policy.read_only_reason(found.name),
        total_exact=chosen.total_exact,
    )


def _parse_key(table: Table, key: Any) -> list[Any]:
    columns = list(table.primary_key.columns)
    parts = str(key).split(",", len(columns) - 1) if isinstance(key, str | int) else []
    if len(parts) != len(columns) or len(str(key)) > 300:
        raise NotFound(NO_SUCH_ROW)
    values: list[Any] = []
    for column, part in zip(columns, parts, strict=True):
        kind = column_kind(column)
        try:
            if kind == "number":
                number = int(part)
                if not 0 <= number < 2**63:
                    raise ValueError
                values.append(number)
            elif kind == "date":
                values.append(date.fromisoformat(part))
            elif kind == "datetime":
                values.append(datetime.fromisoformat(part))
            else:
                values.append(part)
        except ValueError:
            raise NotFound(NO_SUCH_ROW) from None
    return values


def _read_row(session: Session, table: Table, key: Any) -> Any:
    statement = select(table)
    for column, value in zip(table.primary_key.columns, _parse_key(table, key), strict=True):
        statement = statement.where(column == value)
    row = session.execute(statement).first()
    if row is None:
        raise NotFound(NO_SUCH_ROW)
    return row


def get_row(session: Session, *, actor: Actor, table: str, key: str | int) -> RowDetail:
    """One row with every visible value (secrets hidden) and which fields can be edited."""
    require_admin(actor)
    return _detail(session, _table(table), key)


def _detail(session: Session, found: Table, key: str | int) -> RowDetail:
    row = _read_row(session, found, key)
    values = _visible(found, row, DETAIL_CHARS)
    editable = edits.editable_fields(found.name)
    return RowDetail(
        table=found.name, domain=table_domain(found) or "other", key=_key_of(found, row),
        fields=[FieldValue(name=c.name, value=values[c.name], kind=c.kind, secret=c.secret, editable=c.editable,
                           choices=c.choices, link_table=c.link_table,
                           help=editable[c.name].help if c.name in editable else "")
                for c in _columns(found)],
        read_only_reason="" if editable else policy.read_only_reason(found.name),
    )


def update_field(session: Session, *, actor: Actor, table: str, key: str | int, column: str, value: Any) -> RowDetail:
    """Change one field through the service that owns its rule; writes one audit entry.

    Raises ``Invalid`` (with the reason) for a read-only table or field, ``NotFound`` for
    a missing row, and whatever the owning service raises (``Conflict`` for the last
    admin, ``PermissionDenied`` for suspending yourself...); nothing changes then.
    """
    admin: User = require_admin(actor)
    found = _table(table)
    if not edits.editable_fields(found.name):
        raise Invalid(policy.read_only_reason(found.name))
    if (found.name, column) not in edits.EDITORS:
        raise Invalid(f"The field {str(column)[:60]!r} cannot be edited here: only "
                      f"{', '.join(sorted(edits.editable_fields(found.name)))} can.")
    row = _read_row(session, found, key)
    row_id = int(row._mapping["id"])
    edits.apply_edit(session, admin=admin, table=found.name, row_id=row_id, column=column, value=value,
                     read=lambda: _visible(found, _read_row(session, found, row_id), DETAIL_CHARS))
    # Not ``get_row``: an admin who just made themselves a listener still sees the result.
    return _detail(session, found, row_id)
