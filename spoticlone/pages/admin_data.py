"""/admin/data: every table by domain with live counts, a table's rows, one row (administrators only)."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.admin_data import messages, row_view, rows_view, table_list
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.template import page
from spoticlone.state.admin.data_browser import AdminDataState
from spoticlone.state.auth.signed_in import AuthState


def _overview() -> rx.Component:
    return rx.vstack(
        rx.text("Every table of the database, grouped by what it belongs to, with its number of rows (tables "
                "past 100,000 rows are estimated, marked \"about\"). "
                "Secrets (password hashes, tokens, two-step keys, codes) are never shown. Fields marked with a "
                "pencil can be edited, through the same rules as everywhere else; every change is written to the ",
                rx.link("audit log", href=routes.ADMIN_AUDIT), ".", size="2", color_scheme="gray", max_width="720px"),
        table_list(sidebar=False),
        spacing="3", width="100%",
    )


def _browser() -> rx.Component:
    return rx.fragment(
        messages(AdminDataState.error, AdminDataState.notice),
        rx.cond(
            AdminDataState.table == "",
            _overview(),
            rx.flex(
                table_list(sidebar=True),
                rx.cond(AdminDataState.row_key != "", row_view(), rows_view()),
                spacing="5", direction=rx.breakpoints(initial="column", md="row"), width="100%",
                align="start",
            ),
        ),
    )


def _not_allowed() -> rx.Component:
    return rx.callout(
        "Only administrators can see this page.", icon="lock", color_scheme="gray", size="3",
        data_testid="admin-not-allowed", max_width="560px",
    )


@page(
    routes.ADMIN_DATA,
    title="Data browser",
    description="Administration: every table, its rows, and edits through the app's rules.",
    on_load=[AuthState.require_account, AdminDataState.load],
)
def admin_data_page() -> rx.Component:
    return rx.fragment(
        page_title("Data browser"),
        rx.cond(
            AuthState.signed_in & AdminDataState.loaded,
            rx.cond(AdminDataState.allowed, _browser(), _not_allowed()),
            loading_block("320px"),
        ),
    )
