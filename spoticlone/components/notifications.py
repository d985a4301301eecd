"""The notification bell of the top bar, the list's rows, and the settings tab's switches."""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.state.notifications.bell import NotificationBellState as Bell
from spoticlone.state.notifications.inbox import NotificationsState as Inbox
from spoticlone.state.notifications.preferences import NotificationPreferencesState as Prefs

_BELL = {"position": "relative", "display": "inline-flex", "align_items": "center", "justify_content": "center",
         "width": "36px", "height": "36px", "border_radius": "50%", "background": "rgba(0,0,0,.7)",
         "color": "var(--sc-text)", "flex_shrink": "0"}
_BADGE = {"position": "absolute", "top": "-4px", "right": "-6px", "min_width": "18px", "height": "18px",
          "padding": "0 5px", "border_radius": "9px", "background": "var(--sc-accent)", "color": "#000",
          "font_size": "11px", "font_weight": "800", "line_height": "18px", "text_align": "center"}
_ROW = {"display": "flex", "gap": "14px", "align_items": "flex-start", "width": "100%", "text_align": "left",
        "padding": "14px 16px", "border": "0", "border_radius": "var(--sc-radius)", "cursor": "pointer",
        "color": "var(--sc-text)", "font": "inherit"}
_ICON = {"display": "inline-flex", "align_items": "center", "justify_content": "center", "width": "40px",
         "height": "40px", "border_radius": "50%", "background": "#2a2a2a", "flex_shrink": "0"}
_DOT = {"width": "10px", "height": "10px", "border_radius": "50%", "background": "var(--sc-accent)",
        "margin_top": "6px", "flex_shrink": "0"}


def notification_bell() -> rx.Component:
    """A link to the list with the unread count; it recounts when the page shell mounts."""
    return rx.link(
        rx.icon("bell", size=18, aria_hidden="true"),
        rx.cond(Bell.badge != "", rx.el.span(Bell.badge, style=_BADGE, data_testid="bell-count"), rx.fragment()),
        href=routes.NOTIFICATIONS,
        aria_label=Bell.label,
        title="Notifications",
        style=_BELL,
        class_name="sc-bell",
        underline="none",
        on_mount=Bell.refresh,
        data_testid="notification-bell",
    )


def notification_row(item: Any) -> rx.Component:
    """One notification: its icon, title, text and date; unread ones are marked and brighter."""
    return rx.el.li(
        rx.el.button(
            rx.el.span(rx.icon(item["icon"].to(str), size=18), style=_ICON, aria_hidden="true"),
            rx.el.span(
                rx.el.span(item["title"].to(str), style={"display": "block", "font_weight": rx.cond(
                    item["read"], "400", "700")}),
                rx.cond(item["body"] != "", rx.el.span(item["body"].to(str), class_name="sc-hint",
                                                        style={"display": "block"}), rx.fragment()),
                rx.el.span(item["when"].to(str), class_name="sc-hint", style={"display": "block",
                                                                               "font_size": "12px"}),
                style={"flex": "1", "min_width": "0", "overflow_wrap": "anywhere"},
            ),
            rx.cond(item["read"], rx.fragment(), rx.el.span(style=_DOT, aria_label="Unread", role="img")),
            type="button",
            on_click=Inbox.open_item(item["id"], item["link"]),
            style={**_ROW, "background": rx.cond(item["read"], "transparent", "#1f1f1f")},
            data_testid="notification-row",
        ),
        style={"list_style": "none"},
    )


def notification_list() -> rx.Component:
    """The list with "Mark all read" and "Show more"; an empty list says so."""
    return rx.el.div(
        rx.el.div(
            rx.el.span(rx.cond(Inbox.unread_here > 0, Inbox.unread_here.to(str) + " unread", "All caught up"),
                       class_name="sc-hint"),
            rx.el.button("Mark all read", type="button", on_click=Inbox.mark_all_read,
                         class_name="sc-btn sc-btn-secondary", style={"padding": "6px 16px"},
                         disabled=Inbox.unread_here == 0, data_testid="mark-all-read"),
            style={"display": "flex", "justify_content": "space-between", "align_items": "center",
                   "gap": "12px", "margin": "0 0 12px"},
        ),
        rx.cond(
            Inbox.items.length() > 0,
            rx.el.ul(rx.foreach(Inbox.items, notification_row),
                     style={"display": "flex", "flex_direction": "column", "gap": "4px", "padding": "0",
                            "margin": "0"}),
            rx.el.p("Nothing yet. When an artist you follow releases something, someone follows you or "
                    "your playlist, or support replies, it shows up here.", class_name="sc-hint",
                    style={"padding": "24px 0"}),
        ),
        rx.cond(Inbox.has_more,
                rx.el.button("Show more", type="button", on_click=Inbox.show_more, class_name="sc-btn sc-btn-secondary",
                             style={"margin_top": "12px"}),
                rx.fragment()),
        style={"max_width": "720px"},
    )


def _switch(row: Any, channel: str, label: str) -> rx.Component:
    control_id = row["kind"].to(str) + "-" + channel
    return rx.el.label(
        rx.switch(checked=row[channel].to(bool), id=control_id,
                  on_change=lambda value: Prefs.toggle(row["kind"], channel, value),
                  data_testid=control_id),
        rx.el.span(label),
        html_for=control_id,
        style={"display": "inline-flex", "gap": "8px", "align_items": "center", "cursor": "pointer"},
    )


def _preference_row(row: Any) -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.strong(row["label"].to(str), style={"display": "block"}),
            rx.el.span(row["description"].to(str), class_name="sc-hint"),
            style={"flex": "1 1 220px"},
        ),
        rx.el.div(
            rx.cond(row["has_in_app"].to(bool), _switch(row, "in_app", "In the app"),
                    rx.el.span("Email only", class_name="sc-hint")),
            _switch(row, "email", "Email"),
            style={"display": "flex", "gap": "20px", "flex_wrap": "wrap", "align_items": "center"},
        ),
        style={"display": "flex", "gap": "12px", "flex_wrap": "wrap", "align_items": "center",
               "padding": "14px 0", "border_bottom": "1px solid #2a2a2a"},
    )


def preference_switches() -> rx.Component:
    """Every kind with its two switches."""
    return rx.el.div(rx.foreach(Prefs.rows, _preference_row))
