"""A listener's public page: cover banner, round avatar, name, member since, artist link.

Open to anonymous visitors; it shows only what ``services.accounts.profiles.public_profile``
returns (never email, phone or date of birth). Unknown and suspended accounts get
the same friendly not-found view as any other missing page.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import entity_view
from spoticlone.components.follow import follow_button
from spoticlone.components.people import people_section, playlists_section
from spoticlone.components.profile_parts import profile_header
from spoticlone.components.report_dialog import hidden_notice
from spoticlone.components.share import share_menu
from spoticlone.components.signup_prompt import signup_prompt
from spoticlone.components.template import page
from spoticlone.state.accounts.people import UserSocialState
from spoticlone.state.accounts.profile import PublicProfileState
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.moderation.notice import HiddenNoticeState
from spoticlone.state.moderation.report import ReportState

profile = PublicProfileState.profile


def _tab_href(tab: str):
    return "/user/" + profile["username"].to(str) + "?tab=" + tab


def _text() -> rx.Component:
    return rx.fragment(
        rx.el.span("Profile", class_name="sc-hero-kind"),
        rx.el.h1(profile["display_name"], class_name="sc-hero-title", data_testid="profile-name"),
        rx.el.div(
            rx.el.span("@", profile["username"]),
            rx.el.span(class_name="sc-dot"),
            rx.el.span("Member since ", profile["member_since_text"]),
            rx.el.span(class_name="sc-dot"),
            rx.link(UserSocialState.followers_text, href=_tab_href("followers"),
                    class_name="sc-link", data_testid="profile-followers"),
            rx.el.span(class_name="sc-dot"),
            rx.link(UserSocialState.following_text, href=_tab_href("following"),
                    class_name="sc-link", data_testid="profile-following"),
            class_name="sc-hero-meta",
        ),
    )


def _actions() -> rx.Component:
    return rx.el.div(
        rx.cond(
            profile["artist_url"],
            rx.link(
                rx.icon("mic-vocal", size=18),
                rx.el.span("Artist page: ", profile["artist_name"]),
                href=profile["artist_url"].to(str),
                class_name="sc-pill",
                style={"gap": "8px", "margin": "0"},
                data_testid="profile-artist-link",
            ),
            rx.fragment(),
        ),
        rx.cond(
            AuthState.signed_in & (AuthState.username == profile["username"].to(str)),
            rx.link("Edit profile", href=routes.SETTINGS, class_name="sc-btn sc-btn-secondary"),
            rx.fragment(),
        ),
        rx.cond(
            UserSocialState.is_self,
            rx.fragment(),
            follow_button(UserSocialState.following, UserSocialState.toggle_follow, name=profile["display_name"],
                          test_id="follow-user"),
        ),
        share_menu("/user/" + profile["username"].to(str), profile["display_name"].to(str) + " on Spoticlone"),
        rx.cond(
            UserSocialState.is_self,
            rx.fragment(),
            rx.button(rx.icon("flag", size=16), "Report", type="button", variant="ghost", color_scheme="gray",
                      radius="full", data_testid="report-open",
                      on_click=ReportState.open_for_profile(profile["username"].to(str),
                                                            profile["display_name"].to(str))),
        ),
        rx.cond(UserSocialState.error != "", rx.el.span(UserSocialState.error, class_name="sc-hint"),
                rx.fragment()),
        style={"display": "flex", "flex_wrap": "wrap", "align_items": "center", "gap": "12px",
               "margin": "28px 0 8px"},
    )


def _content() -> rx.Component:
    return rx.fragment(
        profile_header(
            cover_url=profile["cover_url"],
            avatar_url=profile["avatar_url"],
            name=profile["display_name"].to(str),
            text=_text(),
        ),
        _actions(),
        signup_prompt("Sign up to follow listeners and their playlists"),
        people_section(),
        playlists_section(),
    )


@page(
    routes.USER_ROUTE,
    title="Profile",
    description="A listener's profile on Spoticlone.",
    on_load=[PublicProfileState.load, UserSocialState.load, HiddenNoticeState.load_profile],
    dynamic_title=PublicProfileState.page_title,
)
def user_profile_page() -> rx.Component:
    return rx.cond(HiddenNoticeState.hidden, hidden_notice(),
                   entity_view(PublicProfileState, "profile", _content))
