"""The /admin/data page: tables by domain, one table's rows, one row and its edits.

Everything the page shows is in its URL (``?table=user&id=5&q=...``), so a view can be
shared with another admin and the back button works: searching, sorting, filtering and
paging are links or redirects, and ``load`` reads the URL. Every handler asks
``services.admin.data_browser`` as the signed-in account; a refusal empties the page and
shows the message, so a listener calling these handlers directly gets no data.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import reflex as rx

from spoticlone import routes
from spoticlone.services.admin import data_browser
from spoticlone.services.core.errors import PermissionDenied
from spoticlone.state.admin.base import AdminPageState
from spoticlone.state.refusals import ui_message

#: Domain names as the page shows them.
DOMAIN_LABELS = {"accounts": "Accounts", "auth": "Sign-in", "catalog": "Catalog", "studio": "Studio",
                 "media": "Media", "library": "Library", "listening": "Listening", "discovery": "Discovery",
                 "search": "Search", "insight": "Insight", "notifications": "Notifications",
                 "support": "Support", "moderation": "Moderation", "subsonic": "Subsonic apps",
                 "admin": "Administration", "lifecycle": "Backups and archive", "plugins": "Plugins",
                 "core": "Core", "other": "Other"}
#: Columns shown in the list (the detail shows all); the key columns always come first.
LIST_COLUMNS = 7


@dataclasses.dataclass
class TableLink:
    domain: str
    name: str
    rows: int
    editable: bool
    first: bool
    href: str
    current: bool
    label: str = ""


@dataclasses.dataclass
class HeaderCell:
    name: str
    href: str
    arrow: str


@dataclasses.dataclass
class RowView:
    key: str
    href: str
    cells: list[str]


@dataclasses.dataclass
class FilterView:
    name: str
    choices: list[str]
    value: str


@dataclasses.dataclass
class FieldView:
    name: str
    value: str
    secret: bool
    editable: bool
    kind: str
    choices: list[str]
    link: str
    help: str


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _clean(value: Any, limit: int = 100) -> str:
    return str(value or "").strip()[:limit]


class AdminDataState(AdminPageState, rx.State):
    notice: str = ""
    tables: list[TableLink] = []
    table: str = ""
    domain: str = ""
    row_key: str = ""
    query: str = ""
    sort: str = ""
    order: str = "desc"
    page: int = 1
    pages: int = 1
    total: int = 0
    #: "1,234" or "10,025+" (a huge table is counted only a little past the page shown).
    total_label: str = "0"
    pages_label: str = "1"
    read_only_reason: str = ""
    headers: list[HeaderCell] = []
    rows: list[RowView] = []
    filters: list[FilterView] = []
    fields: list[FieldView] = []
    prev_href: str = ""
    next_href: str = ""

    _sends_visitors_to_sign_in: ClassVar[bool] = False

    def _show_not_allowed(self, exc: PermissionDenied) -> None:
        self.tables, self.rows, self.fields, self.total = [], [], [], 0
        self.error = ui_message(exc)

    def _url(self, **changes: Any) -> str:
        params: dict[str, Any] = {"q": self.query, "sort": self.sort,
                                  "order": self.order if self.sort else "", "page": self.page}
        params.update({f"f_{f.name}": f.value for f in self.filters if f.value not in ("", "all")})
        params.update(changes)
        return routes.admin_data_url(self.table, **params)

    def _read_params(self) -> dict[str, str]:
        params = {k: str(v) for k, v in (self.router.url.query_parameters or {}).items()}
        self.table = _clean(params.get("table"), 64)
        self.row_key = _clean(params.get("id"), 300)
        self.query = _clean(params.get("q"), data_browser.MAX_QUERY)
        self.sort = _clean(params.get("sort"), 64)
        self.order = "asc" if params.get("order") == "asc" else "desc"
        try:
            self.page = max(1, min(int(params.get("page", "1")), 2**31 - 1))
        except ValueError:
            self.page = 1
        return {k[2:]: _clean(v, 64) for k, v in params.items() if k.startswith("f_") and v}

    async def _load_tables(self) -> bool:
        groups, _ = await self._as_admin(data_browser.list_tables)
        if groups is None:
            return False
        self.tables = [
            TableLink(domain=DOMAIN_LABELS.get(g.domain, g.domain.title()), name=t.name, rows=t.rows, label=t.label,
                      editable=t.editable, first=i == 0, href=routes.admin_data_url(t.name),
                      current=t.name == self.table)
            for g in groups for i, t in enumerate(g.tables)
        ]
        return True

    async def _load_rows(self, filters: dict[str, str]) -> None:
        result, _ = await self._as_admin(data_browser.list_rows, table=self.table, query=self.query,
                                         filters=filters, sort=self.sort, descending=self.order == "desc",
                                         page=self.page)
        if result is None:
            self.rows, self.headers = [], []
            return
        self.domain = DOMAIN_LABELS.get(result.domain, result.domain)
        self.total, self.page, self.pages = result.total, result.page, result.pages
        more = "" if result.total_exact else "+"
        self.total_label = f"{result.total:,}{more}"
        self.pages_label = f"{result.pages - 1:,}+" if more else f"{result.pages:,}"
        self.read_only_reason = result.read_only_reason
        self.filters = [FilterView(name=c.name, choices=["all", *c.choices], value=result.filters.get(c.name, "all"))
                        for c in result.columns if c.choices and not c.secret]
        shown = [c for c in result.columns if not c.secret][:LIST_COLUMNS]
        self.headers = []
        for column in shown:
            active = self.sort == column.name
            flip = "asc" if active and self.order == "desc" else "desc"
            self.headers.append(HeaderCell(name=column.name, href=self._url(sort=column.name, order=flip, page=1),
                                           arrow=("↓" if self.order == "desc" else "↑") if active else ""))
        self.rows = [RowView(key=str(r["_key"]), href=routes.admin_data_url(self.table, r["_key"]),
                             cells=[_text(r.get(c.name)) for c in shown]) for r in result.rows]
        self.prev_href = self._url(page=self.page - 1) if self.page > 1 else ""
        self.next_href = self._url(page=self.page + 1) if self.page < self.pages else ""

    async def _load_row(self) -> None:
        detail, _ = await self._as_admin(data_browser.get_row, table=self.table, key=self.row_key)
        if detail is None:
            self.fields = []
            return
        self.domain = DOMAIN_LABELS.get(detail.domain, detail.domain)
        self.read_only_reason = detail.read_only_reason
        self.fields = [
            FieldView(name=f.name, value=_text(f.value), secret=f.secret, editable=f.editable, kind=f.kind,
                      choices=f.choices, help=f.help,
                      link=routes.admin_data_url(f.link_table, f.value) if f.link_table and f.value else "")
            for f in detail.fields
        ]

    @rx.event
    async def load(self):
        """``on_load``: the tables with live counts, then the table or row named in the URL."""
        filters = self._read_params()
        self.error, self.notice, self.rows, self.fields, self.filters, self.headers = "", "", [], [], [], []
        self.domain, self.read_only_reason, self.total = "", "", 0
        self.filters = [FilterView(name=k, choices=[], value=v) for k, v in filters.items()]
        if await self._load_tables():
            if self.table and self.row_key:
                await self._load_row()
            elif self.table:
                await self._load_rows(filters)
        self.loaded = True

    @rx.event
    def search(self, form_data: dict[str, Any]):
        """The search box: the same table and filters, the new text, back to page 1."""
        self.query = _clean(form_data.get("q"), data_browser.MAX_QUERY)
        return rx.redirect(self._url(q=self.query, page=1))

    @rx.event
    def choose_filter(self, column: str, value: str):
        """A filter select: ``all`` removes that filter."""
        wanted = "" if value == "all" else _clean(value, 64)
        changes = {f"f_{f.name}": (wanted if f.name == column else f.value) for f in self.filters
                   if f.value != "all" or f.name == column}
        return rx.redirect(self._url(page=1, **changes))

    @rx.event
    async def save_field(self, form_data: dict[str, Any]):
        """Save one field of the open row through its service (the service may refuse)."""
        self.notice = ""
        column = _clean(form_data.get("column"), 64)
        value = str(form_data.get("value", ""))[:5000]
        detail, _ = await self._as_admin(data_browser.update_field, table=self.table, key=self.row_key,
                                         column=column, value=value)
        if detail is not None:
            self.error = ""
            stored = next((_text(f.value) for f in detail.fields if f.name == column), value)
            self.notice = f"Saved: {column} is now {stored}. The change is in the audit log."
            await self._load_row()
            await self._load_tables()
