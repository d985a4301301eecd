"""The admin data browser's list query: search, filter, sort and one page of a table's rows.

Only visible columns can be searched, filtered or sorted on (a secret column is refused as if
it did not exist), and the total is counted at most ``LIST_COUNT_AHEAD`` rows past the page
asked for, so paging a 10M-row table never reads all of it. The caller (``data_browser``)
checks who asks and bounds the page size and the search text before calling.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Enum,
    Integer,
    Row,
    Table,
    false,
    func,
    literal,
    or_,
    select,
)
from sqlmodel import Session

from spoticlone.services.admin import data_browser_tables as policy
from spoticlone.services.admin.data_browser_columns import column_choices, column_kind
from spoticlone.services.admin.data_browser_counts import count_upto
from spoticlone.services.core.errors import Invalid

#: Rows a list view counts past the page it shows ("10,000+ rows" beyond).
LIST_COUNT_AHEAD = 10_000
MAX_PAGE = 2**31 - 1
#: Filters applied at most (by column name order); more are ignored.
MAX_FILTERS = 10


@dataclass(frozen=True)
class RowSelection:
    """The rows of one page and how they were chosen, as the browser reports them."""

    rows: list[Row[Any]]
    #: Exact when ``total_exact``; otherwise a lower bound (there are more rows than that).
    total: int
    total_exact: bool
    page: int
    #: The last page known to exist (one past what was counted when ``total_exact`` is false).
    pages: int
    #: The filters applied, by column name, as lower-case text.
    filters: dict[str, str]
    #: The column sorted on (``""``: by primary key).
    sort: str


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filter_value(column: Column, raw: str) -> Any:
    text = str(raw).strip().lower()
    choices = column_choices(column)
    if text not in [c.lower() for c in choices]:
        raise Invalid(f"{column.name} can only be filtered by: {', '.join(choices)}.")
    if isinstance(column.type, Boolean):
        return text == "true"
    enum_class = column.type.enum_class if isinstance(column.type, Enum) else None
    if enum_class is not None:
        return next(m for m in enum_class if str(m.value).lower() == text)
    return next(c for c in choices if c.lower() == text)


def _visible_column(table: Table, name: Any, what: str) -> Column:
    column = table.columns.get(name) if isinstance(name, str) else None
    if column is None or policy.is_secret(column):
        raise Invalid(f"{table.name} has no column {str(name)[:60]!r} to {what}.")
    return column


def _searched(table: Table, text: str) -> ColumnElement[bool]:
    """Any visible text column containing ``text`` (any case), or a numeric key equal to it."""
    pattern = f"%{_escape_like(text.lower())}%"
    searched: list[ColumnElement[bool]] = [func.lower(c).like(pattern, escape="\\") for c in table.columns
                                           if column_kind(c) == "text" and not policy.is_secret(c)]
    pk = list(table.primary_key.columns)
    if text.isdigit() and len(pk) == 1 and isinstance(pk[0].type, Integer) and len(text) < 19:
        searched.append(pk[0] == int(text))
    return or_(*searched) if searched else false()


def select_page(session: Session, table: Table, *, query: str, filters: dict[str, str], sort: str,
                descending: bool, page: Any, page_size: int) -> RowSelection:
    """One page of ``table``: rows matching ``query`` and the enum/bool ``filters``, sorted on ``sort``.

    Raises ``Invalid`` for a column that cannot be filtered or sorted on. A page past the
    last is read as the last page.
    """
    statement = select(table)
    if query:
        statement = statement.where(_searched(table, query))
    applied: dict[str, str] = {}
    for name, raw in sorted(filters.items())[:MAX_FILTERS]:
        if raw in (None, ""):
            continue
        column = _visible_column(table, name, "filter by")
        statement = statement.where(column == _filter_value(column, raw))
        applied[column.name] = str(raw).strip().lower()
    order_column = _visible_column(table, sort, "sort by") if sort else None
    wanted = min(max(1, int(page or 1) if isinstance(page, int) else 1), MAX_PAGE)
    # Counted up to LIST_COUNT_AHEAD rows past the page asked for, never the whole table:
    # "Page 3 of 400+" for a huge one, exact for the rest.
    total, total_exact = count_upto(session, statement.with_only_columns(literal(1), maintain_column_froms=True),
                                    min(wanted * page_size + LIST_COUNT_AHEAD, 2**62))
    pages = max(1, math.ceil(total / page_size)) + (0 if total_exact else 1)
    shown = min(wanted, pages)
    order = [order_column] if order_column is not None else list(table.primary_key.columns)
    statement = statement.order_by(*[c.desc() if descending else c.asc() for c in order])
    rows = list(session.execute(statement.offset((shown - 1) * page_size).limit(page_size)).all())
    return RowSelection(rows=rows, total=total, total_exact=total_exact, page=shown, pages=pages,
                        filters=applied, sort=order_column.name if order_column is not None else "")
