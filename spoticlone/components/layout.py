"""The app shell: a sidebar on desktop, a top bar plus bottom tab bar on phones.

The account menu sits at the top right of the main column on desktop and in the top
bar on phones: "Sign up" / "Sign in" for visitors, an avatar menu once signed in.

The shell is rendered per page. Anything that must survive navigation (the
persistent player bar of a later issue) belongs in an app wrap instead, see
``spoticlone.spoticlone.APP_WRAPS``; the CSS variable ``--sc-player-height``
already reserves room for it at the bottom of the sidebar and main column.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

import reflex as rx

from spoticlone import routes
from spoticlone.components.deletion_notice import deletion_notice
from spoticlone.components.legal import site_notices
from spoticlone.components.library_sidebar import your_library
from spoticlone.components.notifications import notification_bell
from spoticlone.plugins.builtin import ADMINISTRATION, NAVIGATION
from spoticlone.services.core.registry import Registry
from spoticlone.state.auth.signed_in import AuthState, sign_out_event


@dataclasses.dataclass(frozen=True)
class NavEntry:
    """One link of the main navigation: the desktop sidebar, the phone's bottom bar, or both."""

    label: str
    href: str
    icon: str  # a Lucide icon name
    where: Literal["both", "desktop", "phone"] = "both"


#: The main navigation, in order. The core's entries are declared by its built-in
#: "navigation" plugin (``spoticlone.plugins.builtin``) and registered first, here. The app
#: compiles once, so an entry must be registered before the frontend is built (a plugin
#: does it when it is loaded). The phone's bottom bar has room for five tabs: keep "phone"
#: and "both" entries to five.
SIDEBAR: Registry[NavEntry] = Registry("sidebar entries")
for _entry in NAVIGATION.sidebar:
    SIDEBAR.register(_entry.label, NavEntry(_entry.label, _entry.href, _entry.icon, where=_entry.where))
#: The administrators' links in the account menu, in order: the core's (built-in
#: "administration" plugin) first, then those of enabled plugins (``Plugin.admin_menu``).
ADMIN_MENU: Registry[NavEntry] = Registry("admin-menu entries")
for _entry in ADMINISTRATION.admin_menu:
    ADMIN_MENU.register(_entry.label, NavEntry(_entry.label, _entry.href, _entry.icon))


def nav_entries(where: Literal["desktop", "phone"]) -> list[NavEntry]:
    """The entries shown on ``where``, in registration order."""
    return [entry for _label, entry in SIDEBAR.items() if entry.where in ("both", where)]


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


def _sign_in_href() -> rx.Var:
    """Sign in, then come back to the page the visitor is on (not to the auth pages)."""
    path = rx.State.router.url.path.to(str)
    stay = (path == routes.SIGN_IN) | (path == routes.SIGN_UP) | (path == routes.HOME)
    return rx.cond(stay, routes.SIGN_IN, routes.SIGN_IN + "?next=" + path)


def _menu_link(label: str, href, icon: str) -> rx.Component:
    return rx.menu.item(rx.icon(icon, size=16), label, on_click=rx.redirect(href), class_name="sc-menu-item")


def _avatar() -> rx.Component:
    initial = AuthState.username.to(str)[0:1].upper()
    return rx.cond(
        AuthState.avatar_url != "",
        rx.el.img(src=AuthState.avatar_url, alt="", class_name="sc-avatar"),
        rx.el.span(initial, class_name="sc-avatar sc-avatar-initial", aria_hidden="true"),
    )


def _account_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.el.button(
                _avatar(),
                rx.el.span(AuthState.username, class_name="sc-account-name"),
                rx.icon("chevron-down", size=16),
                type="button",
                class_name="sc-account-btn",
                aria_label="Account menu for " + AuthState.username.to(str),
                data_testid="account-menu",
            ),
        ),
        rx.menu.content(
            _menu_link("Profile", "/user/" + AuthState.username.to(str), "user"),
            _menu_link("Your stats", routes.ME_STATS, "chart-column"),
            _menu_link("Settings", routes.SETTINGS, "settings"),
            _menu_link("Security", routes.SETTINGS_SECURITY, "shield"),
            _menu_link("Two-step sign-in", routes.SETTINGS_TWO_STEP, "key-round"),
            _menu_link("Playback", routes.SETTINGS_PLAYBACK, "sliders-horizontal"),
            _menu_link("Help and support", routes.HELP, "life-buoy"),
            rx.cond(
                (AuthState.role == "artist") | (AuthState.role == "admin"),
                _menu_link("Studio", routes.STUDIO, "audio-lines"),
                rx.fragment(),
            ),
            rx.cond(
                AuthState.role == "admin",
                rx.fragment(*[_menu_link(e.label, e.href, e.icon) for _name, e in ADMIN_MENU.items()]),
                rx.fragment(),
            ),
            rx.menu.separator(),
            rx.menu.item(rx.icon("log-out", size=16), "Sign out", on_click=sign_out_event(),
                         class_name="sc-menu-item", data_testid="sign-out"),
            align="end",
            class_name="sc-menu",
        ),
    )


def account_area() -> rx.Component:
    """Sign-up/sign-in buttons for visitors, the account menu once signed in."""
    return rx.el.div(
        rx.cond(
            AuthState.signed_in,
            rx.fragment(notification_bell(), _account_menu()),
            rx.cond(
                AuthState.checked,
                rx.fragment(
                    rx.link("Sign up", href=routes.SIGN_UP, class_name="sc-signup-link", underline="none"),
                    rx.link("Sign in", href=_sign_in_href(), class_name="sc-signin-btn", underline="none"),
                ),
                rx.fragment(),
            ),
        ),
        class_name="sc-account",
    )


def sidebar() -> rx.Component:
    return rx.el.aside(
        rx.el.div(
            logo(),
            rx.el.nav(*[_nav_link(e.label, e.href, e.icon) for e in nav_entries("desktop")], aria_label="Main"),
            class_name="sc-sidebar-panel",
        ),
        your_library(_sign_in_href()),
        class_name="sc-sidebar",
    )


def topbar() -> rx.Component:
    return rx.el.header(logo(), account_area(), class_name="sc-topbar")


def bottom_nav() -> rx.Component:
    return rx.el.nav(
        *[_nav_link(e.label, e.href, e.icon, size=22) for e in nav_entries("phone")],
        class_name="sc-bottomnav",
        aria_label="Main",
    )


def shell(content: rx.Component) -> rx.Component:
    """Wrap a page's content in the navigation chrome."""
    return rx.el.div(
        sidebar(),
        topbar(),
        rx.el.main(rx.el.div(account_area(), class_name="sc-main-top"), site_notices(), deletion_notice(), content,
                   class_name="sc-main", id="main"),
        bottom_nav(),
        class_name="sc-shell",
    )
