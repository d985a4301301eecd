"""/admin/users: search users, change roles, suspend or reinstate (administrators only)."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.admin_backups import backup_card
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.template import page
from spoticlone.state.admin.backups import AdminBackupsState
from spoticlone.state.admin.users import ROLE_CHOICES, AdminUsersState
from spoticlone.state.auth.signed_in import AuthState

COLUMNS = ("Username", "Email", "Role", "Verified", "Two-step", "Joined", "Status")


def _search() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                name="q",
                default_value=AdminUsersState.query,
                placeholder="Search by email or username",
                aria_label="Search users by email or username",
                type="search",
                size="3",
                radius="full",
                flex="1",
                data_testid="admin-search",
            ),
            rx.button("Search", type="submit", size="3", radius="full"),
            spacing="2",
            width="100%",
        ),
        on_submit=AdminUsersState.search,
        max_width="560px",
        width="100%",
        margin_bottom="16px",
    )


def _suspend_button(row: rx.Var) -> rx.Component:
    is_me = row["username"] == AuthState.username
    return rx.cond(
        row["suspended"],
        rx.button("Reinstate", size="1", variant="soft", radius="full", disabled=is_me,
                  on_click=AdminUsersState.ask_suspend(row["id"], row["username"], False)),
        rx.button("Suspend", size="1", variant="soft", color_scheme="red", radius="full", disabled=is_me,
                  on_click=AdminUsersState.ask_suspend(row["id"], row["username"], True)),
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(row["username"], href="/user/" + row["username"].to(str))),
        rx.table.cell(row["email"]),
        rx.table.cell(
            rx.select(ROLE_CHOICES, value=row["role"].to(str), size="1",
                      aria_label="Role of " + row["username"].to(str),
                      on_change=lambda role: AdminUsersState.change_role(row["id"], role)),
        ),
        rx.table.cell(row["verified"]),
        rx.table.cell(row["two_step"]),
        rx.table.cell(row["created"]),
        rx.table.cell(
            rx.hstack(
                rx.cond(row["suspended"], rx.badge("Suspended", color_scheme="red"),
                        rx.badge("Active", color_scheme="green")),
                _suspend_button(row),
                align="center", spacing="2",
            )
        ),
        align="center",
    )


def _table() -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(c) for c in COLUMNS])),
            rx.table.body(rx.foreach(AdminUsersState.users, _row)),
            variant="surface",
            size="2",
            width="100%",
        ),
        overflow_x="auto",
        width="100%",
        data_testid="admin-users-table",
    )


def _pager() -> rx.Component:
    return rx.hstack(
        rx.button("Previous", variant="outline", radius="full", disabled=AdminUsersState.page <= 1,
                  on_click=AdminUsersState.go_to_page(AdminUsersState.page - 1)),
        rx.text("Page ", AdminUsersState.page, " of ", AdminUsersState.pages, " · ",
                AdminUsersState.total, " users", color_scheme="gray", size="2"),
        rx.button("Next", variant="outline", radius="full", disabled=AdminUsersState.page >= AdminUsersState.pages,
                  on_click=AdminUsersState.go_to_page(AdminUsersState.page + 1)),
        justify="center", align="center", spacing="4", margin_top="16px", wrap="wrap",
    )


def _confirm_dialog() -> rx.Component:
    verb = rx.cond(AdminUsersState.confirm_suspend, "Suspend", "Reinstate")
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(verb, " ", AdminUsersState.confirm_username, "?"),
            rx.alert_dialog.description(
                rx.cond(
                    AdminUsersState.confirm_suspend,
                    "They will be signed out everywhere at once and cannot sign in until reinstated.",
                    "They will be able to sign in again.",
                )
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray",
                                                 on_click=AdminUsersState.cancel_suspend)),
                rx.alert_dialog.action(
                    rx.button(verb, color_scheme=rx.cond(AdminUsersState.confirm_suspend, "red", "green"),
                              on_click=AdminUsersState.confirm_suspend_action, data_testid="confirm-suspend")
                ),
                spacing="3", justify="end", margin_top="16px",
            ),
            on_escape_key_down=AdminUsersState.cancel_suspend,
        ),
        open=AdminUsersState.confirm_id > 0,
    )


def _messages() -> rx.Component:
    return rx.fragment(
        rx.cond(AdminUsersState.error != "",
                rx.callout(AdminUsersState.error, icon="triangle-alert", color_scheme="red", role="alert",
                           margin_bottom="16px")),
        rx.cond(AdminUsersState.notice != "",
                rx.callout(AdminUsersState.notice, icon="circle-check", color_scheme="green", role="status",
                           margin_bottom="16px")),
    )


def _admin_view() -> rx.Component:
    return rx.fragment(
        _messages(),
        backup_card(),
        _search(),
        rx.cond(AdminUsersState.total > 0, rx.fragment(_table(), _pager()),
                rx.text("No users match that search.", color_scheme="gray")),
        _confirm_dialog(),
    )


def _not_allowed() -> rx.Component:
    return rx.callout(
        "Only administrators can see this page.", icon="lock", color_scheme="gray", size="3",
        data_testid="admin-not-allowed", max_width="560px",
    )


@page(
    routes.ADMIN_USERS,
    title="Users",
    description="Administration: accounts, roles and suspensions.",
    on_load=[AuthState.require_account, AdminUsersState.load, AdminBackupsState.load],
)
def admin_users_page() -> rx.Component:
    return rx.fragment(
        page_title("Users"),
        rx.cond(
            AuthState.signed_in & AdminUsersState.loaded,
            rx.cond(AdminUsersState.allowed, _admin_view(), _not_allowed()),
            loading_block("320px"),
        ),
    )
