"""The app shell: a sidebar on desktop, a top bar plus bottom tab bar on phones.

The shell is rendered per page. Anything that must survive navigation (the
persistent player bar of a later issue) belongs in an app wrap instead, see
``spoticlone.spoticlone.APP_WRAPS``; the CSS variable ``--sc-player-height``
already reserves room for it at the bottom of the sidebar and main column.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes

NAV_ITEMS = (
    ("Home", routes.HOME, "house"),
    ("Search", routes.SEARCH, "search"),
    ("Browse", routes.BROWSE, "layout-grid"),
)


def logo() -> rx.Component:
    return rx.link(
        rx.el.img(src="/logo.svg", alt=""),
        rx.el.span("Spoticlone"),
        href=routes.HOME,
        class_name="sc-logo",
        underline="none",
        aria_label="Spoticlone home",
    )


def _nav_link(label: str, href: str, icon: str, *, size: int = 24) -> rx.Component:
    path = rx.State.router.url.path
    active = (path == href) if href == routes.HOME else path.to(str).startswith(href)
    return rx.link(
        rx.icon(icon, size=size),
        rx.el.span(label),
        href=href,
        class_name=rx.cond(active, "sc-nav-link sc-active", "sc-nav-link"),
        underline="none",
    )


def sidebar() -> rx.Component:
    return rx.el.aside(
        rx.el.div(
            logo(),
            rx.el.nav(*[_nav_link(*item) for item in NAV_ITEMS], aria_label="Main"),
            class_name="sc-sidebar-panel",
        ),
        rx.el.div(
            rx.el.p(
                "Self-hosted music, streamed from your own server. Browse genres, artists "
                "and albums.",
                class_name="sc-sidebar-note",
            ),
            class_name="sc-sidebar-panel",
            style={"flex": "1"},
        ),
        class_name="sc-sidebar",
    )


def topbar() -> rx.Component:
    return rx.el.header(logo(), class_name="sc-topbar")


def bottom_nav() -> rx.Component:
    return rx.el.nav(
        *[_nav_link(*item, size=22) for item in NAV_ITEMS],
        class_name="sc-bottomnav",
        aria_label="Main",
    )


def shell(content: rx.Component) -> rx.Component:
    """Wrap a page's content in the navigation chrome."""
    return rx.el.div(
        sidebar(),
        topbar(),
        rx.el.main(content, class_name="sc-main", id="main"),
        bottom_nav(),
        class_name="sc-shell",
    )
