"""Profile page sections: the followers / following list and the listener's public playlists.

The list opens from the counts in the header (``?tab=followers`` or ``?tab=following``),
so it is a plain link that can be shared and closed with the back button.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.components.cards import album_grid
from spoticlone.components.common import cover_image, empty_state, section
from spoticlone.state.accounts.people import UserSocialState
from spoticlone.state.accounts.profile import PublicProfileState


def person_card(person: Any) -> rx.Component:
    """A round avatar card for one listener (``UserRef`` as a dict)."""
    return rx.link(
        rx.el.div(cover_image(person["avatar_url"], person["display_name"].to(str), icon="user"),
                  class_name="sc-card-cover"),
        rx.el.div(person["display_name"], class_name="sc-card-title"),
        rx.el.div("@", person["username"], class_name="sc-card-subtitle"),
        href=person["url"].to(str),
        class_name="sc-card sc-card-round",
        underline="none",
        data_testid="person-card",
    )


def people_section() -> rx.Component:
    title = rx.cond(UserSocialState.tab == "followers", "Followers", "Following")
    close = "/user/" + PublicProfileState.profile["username"].to(str)
    return rx.cond(
        UserSocialState.tab != "",
        rx.el.section(
            rx.el.div(
                rx.el.h2(title, class_name="sc-section-title"),
                rx.link("Close", href=close, class_name="sc-see-all"),
                class_name="sc-section-header",
            ),
            rx.cond(
                UserSocialState.people.length() > 0,
                rx.el.div(rx.foreach(UserSocialState.people, person_card), class_name="sc-grid"),
                empty_state(rx.cond(UserSocialState.tab == "followers", "No followers yet.",
                                    "Not following anyone yet."), icon="users"),
            ),
            class_name="sc-section",
            data_testid="people-list",
        ),
        rx.fragment(),
    )


def playlists_section() -> rx.Component:
    return rx.cond(
        UserSocialState.playlists.length() > 0,
        section("Public playlists", album_grid(UserSocialState.playlists)),
        rx.fragment(),
    )
