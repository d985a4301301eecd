"""The tab bar every settings page shows, written once so a new settings page is one line."""

import reflex as rx

from spoticlone import routes

#: (label, route) of each settings page, in the order the tabs show.
SETTINGS_TABS = (
    ("Profile", routes.SETTINGS),
    ("Security", routes.SETTINGS_SECURITY),
    ("Two-step sign-in", routes.SETTINGS_TWO_STEP),
    ("Playback", routes.SETTINGS_PLAYBACK),
    ("Notifications", routes.SETTINGS_NOTIFICATIONS),
    ("Your data", routes.SETTINGS_PRIVACY),
    ("Delete account", routes.SETTINGS_DELETE),
)


def settings_tabs(active: str) -> rx.Component:
    """The tabs, with the page at route ``active`` marked as the current one."""
    links = []
    for label, route in SETTINGS_TABS:
        if route == active:
            links.append(rx.link(label, href=route, class_name="sc-tab sc-tab-active", aria_current="page"))
        else:
            links.append(rx.link(label, href=route, class_name="sc-tab"))
    return rx.el.nav(*links, class_name="sc-tabs", aria_label="Settings")
