"""The admin data browser's and audit log's building blocks (bound to their page states)."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.state.admin.audit import AdminAuditState, ChangeView, EntryView
from spoticlone.state.admin.data_browser import (
    AdminDataState,
    FieldView,
    FilterView,
    HeaderCell,
    RowView,
    TableLink,
)

MUTED = "var(--gray-11)"


def messages(error: rx.Var, notice: rx.Var | None = None) -> rx.Component:
    return rx.fragment(
        rx.cond(error != "", rx.callout(error, icon="triangle-alert", color_scheme="red", role="alert",
                                        margin_bottom="16px", data_testid="data-error")),
        rx.cond(notice != "", rx.callout(notice, icon="circle-check", color_scheme="green", role="status",
                                         margin_bottom="16px", data_testid="data-notice"))
        if notice is not None else rx.fragment(),
    )


def _table_link(item: TableLink) -> rx.Component:
    return rx.fragment(
        rx.cond(item.first, rx.text(item.domain, size="1", weight="bold", color=MUTED, margin_top="14px",
                                    margin_bottom="4px", text_transform="uppercase", letter_spacing="0.06em")),
        rx.link(
            rx.hstack(
                rx.text(item.name, size="2", overflow="hidden", text_overflow="ellipsis"),
                rx.spacer(),
                rx.cond(item.editable, rx.icon("pencil", size=12, color=MUTED, aria_label="has editable fields")),
                rx.badge(item.label, variant="soft", color_scheme="gray", radius="full"),
                align="center", spacing="2", width="100%",
            ),
            href=item.href,
            underline="none",
            color=rx.cond(item.current, "var(--accent-11)", "var(--gray-12)"),
            background=rx.cond(item.current, "var(--accent-a3)", "transparent"),
            padding="3px 8px", border_radius="8px", display="block", break_inside="avoid",
            data_testid="table-link-" + item.name,
        ),
    )


def table_list(*, sidebar: bool) -> rx.Component:
    """Every table by domain with its live row count: a side column beside a table (hidden on
    phones, where "All tables" leads back), or the page itself in columns."""
    if sidebar:
        return rx.box(
            rx.foreach(AdminDataState.tables, _table_link),
            width="260px", min_width="260px", max_height="80vh", overflow_y="auto", padding_right="8px",
            display=rx.breakpoints(initial="none", md="block"), position="sticky", top="16px",
            data_testid="table-list",
        )
    return rx.box(
        rx.foreach(AdminDataState.tables, _table_link),
        column_count=rx.breakpoints(initial="1", sm="2", lg="3"), column_gap="40px", width="100%",
        data_testid="table-list",
    )


def _filter(item: FilterView) -> rx.Component:
    return rx.hstack(
        rx.text(item.name, size="2", color=MUTED),
        rx.select(item.choices, value=item.value, size="2", aria_label="Filter by " + item.name,
                  on_change=lambda value: AdminDataState.choose_filter(item.name, value)),
        align="center", spacing="2",
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.form(
            rx.hstack(
                rx.input(rx.input.slot(rx.icon("search", size=16)), name="q", default_value=AdminDataState.query,
                         placeholder="Search the text columns", aria_label="Search this table", type="search",
                         radius="full", flex="1", data_testid="data-search", key=AdminDataState.table),
                rx.button("Search", type="submit", radius="full"),
                spacing="2", width="100%",
            ),
            on_submit=AdminDataState.search, flex="1", min_width="240px", max_width="480px",
        ),
        rx.foreach(AdminDataState.filters, _filter),
        spacing="3", wrap="wrap", align="center", margin_bottom="16px",
    )


def _header(cell: HeaderCell) -> rx.Component:
    return rx.table.column_header_cell(
        rx.link(cell.name, " ", cell.arrow, href=cell.href, underline="none", color="var(--gray-12)",
                aria_label="Sort by " + cell.name),
        white_space="nowrap",
    )


def _cell(text: rx.Var) -> rx.Component:
    return rx.table.cell(rx.text(text, size="2", max_width="260px", overflow="hidden", text_overflow="ellipsis",
                                 white_space="nowrap"))


def _row(row: RowView) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(rx.icon("arrow-up-right", size=14), href=row.href,
                                         aria_label="Open row " + row.key, data_testid="open-row")),
        rx.foreach(row.cells, _cell),
        align="center",
    )


def _pager(prev_href: rx.Var, next_href: rx.Var, page: rx.Var, pages: rx.Var, total: rx.Var,
           noun: str) -> rx.Component:
    return rx.hstack(
        rx.cond(prev_href != "", rx.link(rx.button("Previous", variant="outline", radius="full"), href=prev_href),
                rx.button("Previous", variant="outline", radius="full", disabled=True)),
        rx.text("Page ", page, " of ", pages, " · ", total, f" {noun}", color_scheme="gray", size="2"),
        rx.cond(next_href != "", rx.link(rx.button("Next", variant="outline", radius="full"), href=next_href),
                rx.button("Next", variant="outline", radius="full", disabled=True)),
        justify="center", align="center", spacing="4", margin_top="16px", wrap="wrap",
    )


def _read_only_note() -> rx.Component:
    return rx.cond(
        AdminDataState.read_only_reason != "",
        rx.callout(rx.text(rx.text.strong("Read-only. "), AdminDataState.read_only_reason), icon="lock",
                   color_scheme="gray", size="1", margin_bottom="16px", data_testid="read-only-reason"),
    )


def _heading() -> rx.Component:
    return rx.vstack(
        rx.link(rx.hstack(rx.icon("arrow-left", size=14), rx.text("All tables", size="2"), align="center",
                          spacing="1"), href=routes.ADMIN_DATA, underline="none"),
        rx.hstack(
            rx.heading(AdminDataState.table, size="6"),
            rx.badge(AdminDataState.domain, variant="soft", radius="full"),
            align="center", spacing="3", wrap="wrap",
        ),
        spacing="1", margin_bottom="12px",
    )


def rows_view() -> rx.Component:
    return rx.box(
        _heading(),
        _read_only_note(),
        _toolbar(),
        rx.cond(
            AdminDataState.total > 0,
            rx.fragment(
                rx.box(
                    rx.table.root(
                        rx.table.header(rx.table.row(rx.table.column_header_cell(rx.text("", sr_only=True)),
                                                     rx.foreach(AdminDataState.headers, _header))),
                        rx.table.body(rx.foreach(AdminDataState.rows, _row)),
                        variant="surface", size="1", width="100%",
                    ),
                    overflow_x="auto", width="100%", data_testid="data-rows",
                ),
                _pager(AdminDataState.prev_href, AdminDataState.next_href, AdminDataState.page,
                       AdminDataState.pages_label, AdminDataState.total_label, "rows"),
            ),
            rx.text("No rows match.", color_scheme="gray"),
        ),
        flex="1", min_width="0", width="100%",
    )


def _editor(field: FieldView) -> rx.Component:
    control = rx.cond(
        field.kind == "text",
        rx.input(name="value", default_value=field.value, size="2", flex="1", aria_label="New " + field.name),
        rx.select(field.choices, name="value", default_value=field.value, size="2",
                  aria_label="New " + field.name),
    )
    return rx.form(
        rx.vstack(
            rx.hstack(
                rx.el.input(type="hidden", name="column", value=field.name),
                control,
                rx.button("Save", type="submit", size="2", radius="full", data_testid="save-" + field.name),
                spacing="2", align="center", width="100%",
            ),
            rx.cond(field.help != "", rx.text(field.help, size="1", color=MUTED)),
            spacing="1", width="100%",
        ),
        on_submit=AdminDataState.save_field,
        key=field.name + ":" + field.value,
        width="100%", max_width="420px",
    )


def _value(field: FieldView) -> rx.Component:
    return rx.cond(
        field.secret,
        rx.badge(rx.icon("lock", size=12), "hidden", color_scheme="gray", variant="soft"),
        rx.cond(
            field.editable,
            _editor(field),
            rx.cond(field.link != "", rx.link(field.value, href=field.link),
                    rx.text(field.value, size="2", white_space="pre-wrap", word_break="break-word")),
        ),
    )


def _field(field: FieldView) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.text(field.name, size="2", weight="medium"), white_space="nowrap",
                                 vertical_align="top"),
        rx.table.cell(_value(field)),
        data_testid="field-" + field.name,
    )


def row_view() -> rx.Component:
    return rx.box(
        _heading(),
        rx.text("Row ", rx.code(AdminDataState.row_key), size="2", color=MUTED, margin_bottom="12px"),
        _read_only_note(),
        rx.cond(
            AdminDataState.fields.length() > 0,
            rx.box(rx.table.root(rx.table.body(rx.foreach(AdminDataState.fields, _field)), variant="surface",
                                 size="2", width="100%"), overflow_x="auto", width="100%",
                   data_testid="data-row"),
        ),
        flex="1", min_width="0", width="100%",
    )


def _change(change: ChangeView) -> rx.Component:
    return rx.hstack(
        rx.code(change.field, size="1"),
        rx.text(change.before, size="2", color=MUTED, text_decoration="line-through"),
        rx.icon("arrow-right", size=14, color=MUTED),
        rx.text(change.after, size="2"),
        spacing="2", align="center", wrap="wrap",
    )


def audit_entry(entry: EntryView) -> rx.Component:
    who = rx.cond(entry.actor_href != "", rx.link(entry.actor, href=entry.actor_href, size="2"),
                  rx.text(entry.actor, size="2"))
    target = rx.cond(entry.target_href != "", rx.link(entry.target, href=entry.target_href, size="2"),
                     rx.text(entry.target, size="2"))
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(entry.action, radius="full", variant="soft"),
                rx.text(entry.summary, size="2", weight="medium"),
                rx.spacer(),
                rx.text(entry.at, size="1", color=MUTED, white_space="nowrap"),
                align="center", spacing="2", wrap="wrap", width="100%",
            ),
            rx.hstack(rx.text("by", size="2", color=MUTED), who, rx.text("on", size="2", color=MUTED), target,
                      spacing="1", align="center", wrap="wrap"),
            rx.foreach(entry.changes, _change),
            spacing="2", width="100%",
        ),
        width="100%", data_testid="audit-entry",
    )


def _choice(name: str, label: str, options: rx.Var, value: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=MUTED),
        rx.select(rx.Var.create(["all"]).to(list[str]) + options, name=name,
                  default_value=rx.cond(value != "", value, "all"), aria_label=label),
        spacing="1",
    )


def _text_filter(name: str, label: str, value: rx.Var, kind: str = "text", width: str = "150px") -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=MUTED),
        rx.input(name=name, default_value=value, type=kind, aria_label=label, width=width),
        spacing="1",
    )


def audit_filters() -> rx.Component:
    s = AdminAuditState
    return rx.form(
        rx.flex(
            _choice("action", "Action", s.actions, s.action),
            _text_filter("admin", "Admin (name or id)", s.admin),
            _choice("target_type", "Target", s.target_types, s.target_type),
            _text_filter("target_id", "Target id", s.target_id, width="100px"),
            _text_filter("since", "From", s.since, kind="date"),
            _text_filter("until", "To", s.until, kind="date"),
            rx.hstack(
                rx.button("Filter", type="submit", radius="full"),
                rx.button("Clear", type="button", variant="soft", color_scheme="gray", radius="full",
                          on_click=AdminAuditState.clear_filters),
                spacing="2",
            ),
            spacing="3", wrap="wrap", align="end",
        ),
        on_submit=AdminAuditState.apply_filters,
        key=s.action + s.admin + s.target_type + s.target_id + s.since + s.until,
        margin_bottom="20px",
    )


def audit_list() -> rx.Component:
    s = AdminAuditState
    return rx.cond(
        s.total > 0,
        rx.fragment(
            rx.vstack(rx.foreach(s.entries, audit_entry), spacing="3", width="100%", data_testid="audit-list"),
            _pager(s.prev_href, s.next_href, s.page, s.pages, s.total, "entries"),
        ),
        rx.text("No changes match these filters.", color_scheme="gray"),
    )
