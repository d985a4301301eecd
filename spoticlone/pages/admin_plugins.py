"""/admin/plugins: every installed plugin, its switch, its settings and what is wrong with it."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.template import page
from spoticlone.state.admin.plugins import PLUGIN_FIELD, RESTART_HINT, AdminPluginsState
from spoticlone.state.auth.signed_in import AuthState


def _switch(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["builtin"].to(bool),
        rx.badge("Always on", color_scheme="gray", size="2"),
        rx.cond(
            row["enabled"].to(bool),
            rx.button("Disable", size="2", variant="soft", color_scheme="red", radius="full",
                      on_click=AdminPluginsState.switch(row["name"], False),
                      data_testid="plugin-disable"),
            rx.button("Enable", size="2", radius="full", disabled=~row["usable"].to(bool),
                      on_click=AdminPluginsState.switch(row["name"], True),
                      data_testid="plugin-enable"),
        ),
    )


def _input(field: rx.Var) -> rx.Component:
    kind = field["kind"].to(str)
    return rx.el.label(
        rx.text(field["label"], size="2", weight="medium"),
        rx.cond(
            kind == "bool",
            rx.checkbox(name=field["name"].to(str), default_checked=field["value"].to(str) == "true"),
            rx.input(name=field["name"].to(str), default_value=field["value"].to(str),
                     type=rx.match(kind, ("number", "text"), ("secret", "password"), "text"),
                     placeholder=rx.cond(kind == "secret", "unchanged", ""),
                     auto_complete="off", max_length=2000, width="100%"),
        ),
        rx.cond(field["description"].to(str) != "",
                rx.text(field["description"], color_scheme="gray", size="1"), rx.fragment()),
        display="flex", flex_direction="column", max_width="480px", width="100%", style={"gap": "6px"},
    )


def _settings(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["has_settings"].to(bool),
        rx.form(
            rx.el.input(type="hidden", name=PLUGIN_FIELD, value=row["name"].to(str)),
            rx.foreach(AdminPluginsState.fields,
                       lambda f: rx.cond(f["plugin"] == row["name"].to(str), _input(f), rx.fragment())),
            rx.button("Save settings", type="submit", size="2", variant="outline", radius="full",
                      align_self="start"),
            on_submit=AdminPluginsState.save_settings,
            reset_on_submit=False,
            display="flex", flex_direction="column", margin_top="16px", style={"gap": "14px"},
            data_testid="plugin-settings",
        ),
        rx.fragment(),
    )


def _card(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.box(
                rx.hstack(
                    rx.heading(row["name"], size="4", as_="h2"),
                    rx.cond(row["version"].to(str) != "?", rx.text("v", row["version"], color_scheme="gray", size="2"),
                        rx.fragment()),
                    rx.badge(row["status"], color_scheme=row["tone"].to(str), data_testid="plugin-status"),
                    align="center", spacing="2", wrap="wrap",
                ),
                rx.text(row["description"], size="2", margin_top="4px"),
                rx.text("Uses: ", row["capabilities"], " · package ", row["distribution"],
                        color_scheme="gray", size="1", margin_top="4px"),
                flex="1", min_width="0",
            ),
            _switch(row),
            spacing="3", align="start", justify="between", wrap="wrap",
        ),
        rx.cond(row["problems"].to(str) != "",
                rx.callout(row["problems"], icon="circle-alert", color_scheme="red", size="1", margin_top="12px",
                           data_testid="plugin-problems"), rx.fragment()),
        rx.cond(row["last_error"].to(str) != "",
                rx.callout(rx.text("Last error (", row["error_at"], "): ", row["last_error"]),
                           icon="triangle-alert", color_scheme="orange", size="1", margin_top="12px",
                           data_testid="plugin-last-error"), rx.fragment()),
        rx.cond(row["restart_needed"].to(bool),
                rx.callout(rx.cond(AdminPluginsState.supervised,
                                   "Its pages and menu entries change when the rebuild above is done.",
                                   "Its pages and menu entries change on the next build (see above)."),
                           icon="refresh-cw", color_scheme="blue", size="1", margin_top="12px"), rx.fragment()),
        _settings(row),
        width="100%",
        data_testid="plugin-card",
    )


def _messages() -> rx.Component:
    return rx.fragment(
        rx.cond(AdminPluginsState.error != "",
                rx.callout(AdminPluginsState.error, icon="triangle-alert", color_scheme="red", role="alert",
                           margin_bottom="16px")),
        rx.cond(AdminPluginsState.notice != "",
                rx.callout(AdminPluginsState.notice, icon="circle-check", color_scheme="green", role="status",
                           margin_bottom="16px", data_testid="plugin-notice")),
        rx.cond(AdminPluginsState.rebuild_state != "", _rebuild(),
                rx.cond(AdminPluginsState.restart_needed & ~AdminPluginsState.supervised,
                        rx.callout(RESTART_HINT, icon="refresh-cw", color_scheme="blue", margin_bottom="16px",
                                   data_testid="plugin-restart"))),
    )


def _rebuild() -> rx.Component:
    """The supervisor's rebuild: what it is doing, why, each step's time, and a failure's reason."""
    state = AdminPluginsState.rebuild_state
    return rx.callout.root(
        rx.callout.icon(rx.match(state, ("done", rx.icon("circle-check")), ("failed", rx.icon("triangle-alert")),
                                 rx.icon("loader"))),
        rx.box(
            rx.text(rx.el.strong(AdminPluginsState.rebuild_label), " (", AdminPluginsState.rebuild_reason, ")",
                    size="2"),
            rx.text(AdminPluginsState.rebuild_steps, " UTC", size="1", color_scheme="gray"),
            rx.cond(AdminPluginsState.rebuild_message != "",
                    rx.el.pre(AdminPluginsState.rebuild_message, class_name="rt-Text rt-r-size-1",
                              style={"white_space": "pre-wrap", "margin": "0"})),
        ),
        color_scheme=rx.match(state, ("done", "green"), ("failed", "red"), "blue"),
        role="status", margin_bottom="16px", data_testid="plugin-rebuild", data_state=state,
    )


def _admin_view() -> rx.Component:
    return rx.fragment(
        _messages(),
        rx.text("Plugins are Python packages installed next to Spoticlone. Each one is off until you "
                "enable it here; see docs/plugins.md to write one.", color_scheme="gray", size="2",
                margin_bottom="16px", as_="p"),
        rx.vstack(rx.foreach(AdminPluginsState.plugins, _card), spacing="3", width="100%",
                  data_testid="plugin-list"),
    )


@page(
    routes.ADMIN_PLUGINS,
    title="Plugins",
    description="Administration: installed plugins, their settings and errors.",
    on_load=[AuthState.require_account, AdminPluginsState.load],
)
def admin_plugins_page() -> rx.Component:
    return rx.fragment(
        page_title("Plugins"),
        rx.cond(
            AuthState.signed_in & AdminPluginsState.loaded,
            rx.cond(AdminPluginsState.allowed, _admin_view(),
                    rx.callout("Only administrators can see this page.", icon="lock", color_scheme="gray",
                               size="3", max_width="560px", data_testid="admin-not-allowed")),
            loading_block("320px"),
        ),
    )
