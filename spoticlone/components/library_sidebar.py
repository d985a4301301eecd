"""The sidebar's "Your Library" panel: Liked Songs, the listener's playlists, and "+".

Signed-out visitors see a short invitation to sign in instead. The panel loads its
rows when it mounts, which happens once per page (the shell is rendered per page).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.state.library.sidebar import SidebarLibraryState

LIKED_URL = routes.LIBRARY + "?view=liked"


def liked_tile(size: int = 20, class_name: str = "sc-liked-tile") -> rx.Component:
    """The Liked Songs artwork: a white heart on Spotify's blue-violet gradient."""
    return rx.el.div(rx.icon("heart", size=size, fill="currentColor"), class_name=class_name, aria_hidden="true")


def _row(item: Any) -> rx.Component:
    here = rx.State.router.url.path == item["url"].to(str)
    return rx.link(
        rx.el.div(
            rx.cond(
                item["image_url"] != "",
                rx.el.img(src=item["image_url"], alt="", loading="lazy"),
                rx.el.div(rx.icon("music", size=18), class_name="sc-lib-thumb-empty"),
            ),
            class_name="sc-lib-thumb",
        ),
        rx.el.div(
            rx.el.span(item["title"], class_name="sc-lib-name"),
            rx.el.span(item["label"], " • ", item["creator"], class_name="sc-lib-sub"),
            class_name="sc-lib-text",
        ),
        href=item["url"].to(str),
        class_name=rx.cond(here, "sc-lib-row sc-active", "sc-lib-row"),
        underline="none",
        data_testid="sidebar-playlist",
    )


def _liked_row() -> rx.Component:
    return rx.link(
        liked_tile(16, "sc-liked-tile sc-lib-thumb"),
        rx.el.div(
            rx.el.span("Liked Songs", class_name="sc-lib-name"),
            rx.el.span("Playlist • ", SidebarLibraryState.liked_count.to_string(),
                       rx.cond(SidebarLibraryState.liked_count == 1, " song", " songs"), class_name="sc-lib-sub"),
            class_name="sc-lib-text",
        ),
        href=LIKED_URL,
        class_name="sc-lib-row",
        underline="none",
        data_testid="sidebar-liked",
    )


def _invitation(sign_in_href: Any) -> rx.Component:
    return rx.el.div(
        rx.el.p("Create your first playlist", class_name="sc-lib-invite-title"),
        rx.el.p("Sign in to save songs and albums and make playlists.", class_name="sc-lib-invite-text"),
        rx.link("Sign in", href=sign_in_href, class_name="sc-lib-invite-btn", underline="none"),
        class_name="sc-lib-invite",
    )


def your_library(sign_in_href: Any) -> rx.Component:
    """The whole panel; ``sign_in_href`` comes back to the current page after signing in."""
    header = rx.el.div(
        rx.link(rx.icon("library", size=24), rx.el.span("Your Library"), href=routes.LIBRARY,
                class_name="sc-nav-link sc-lib-title", underline="none"),
        rx.el.button(
            rx.icon("plus", size=18), type="button", class_name="sc-icon-btn sc-lib-add",
            aria_label="Create playlist", title="Create playlist",
            on_click=SidebarLibraryState.create_playlist, data_testid="create-playlist",
        ),
        class_name="sc-lib-head",
    )
    body = rx.cond(
        SidebarLibraryState.signed_in,
        rx.el.nav(_liked_row(), rx.foreach(SidebarLibraryState.rows, _row), class_name="sc-lib-list",
                  aria_label="Your Library"),
        rx.cond(SidebarLibraryState.loaded, _invitation(sign_in_href), rx.fragment()),
    )
    return rx.el.div(header, body, class_name="sc-sidebar-panel sc-lib-panel", on_mount=SidebarLibraryState.load)
