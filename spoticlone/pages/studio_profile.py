"""``/studio/profile``: the artist edits their page: picture, stage name, address, bio, links.

Private: ``AuthState.require_account`` sends strangers to sign in first; an account
without an artist profile is sent to the settings page, where one is created. A changed
address keeps the old one redirecting, and the page says so.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.forms import form, form_error, form_notice, settings_card, submit_button
from spoticlone.components.profile_parts import artist_fields, artist_picture_editor
from spoticlone.components.template import page
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.studio.profile import ArtistProfileState as A


def _no_profile() -> rx.Component:
    return rx.el.div(
        rx.icon("mic-vocal", size=40),
        rx.el.p("You don't have an artist profile yet."),
        rx.link("Become an artist", href=routes.SETTINGS, class_name="sc-btn sc-btn-primary"),
        class_name="sc-empty",
        data_testid="no-artist-profile",
    )


def _details() -> rx.Component:
    return settings_card(
        "Profile",
        form(
            artist_fields(),
            rx.cond(
                A.artist["previous_text"].to(str) != "",
                rx.el.p("Old addresses keep working and lead here: ", A.artist["previous_text"],
                        class_name="sc-hint", data_testid="previous-slugs"),
                rx.fragment(),
            ),
            form_error(A.error),
            form_notice(A.message),
            rx.el.div(
                submit_button("Save profile", data_testid="save-artist-profile"),
                rx.link("View artist page", href=A.artist["url"].to(str), class_name="sc-btn sc-btn-secondary",
                        data_testid="view-artist-page"),
                class_name="sc-btn-row",
            ),
            on_submit=A.save,
            label="Artist profile",
            key=A.form_version.to_string(),
            style={"max_width": "720px"},
        ),
        description="Everything here is public on your artist page.",
    )


def _editor() -> rx.Component:
    return rx.el.div(
        rx.el.nav(
            rx.link("Studio", href=routes.STUDIO, class_name="sc-tab"),
            rx.link("Upload", href=routes.STUDIO_UPLOAD, class_name="sc-tab"),
            rx.link("Analytics", href=routes.STUDIO_ANALYTICS, class_name="sc-tab"),
            rx.link("Artist profile", href=routes.STUDIO_PROFILE, class_name="sc-tab sc-tab-active",
                    aria_current="page"),
            class_name="sc-tabs",
            aria_label="Studio",
        ),
        settings_card("Picture", artist_picture_editor()),
        _details(),
        class_name="sc-settings",
    )


@page(
    routes.STUDIO_PROFILE,
    title="Artist profile",
    description="Edit your artist page: picture, name, address, bio and links.",
    on_load=[AuthState.require_account, A.load],
)
def studio_profile_page() -> rx.Component:
    return rx.fragment(
        page_title("Artist profile"),
        rx.cond(
            AuthState.signed_in & A.loaded,
            rx.cond(A.has_profile, _editor(), _no_profile()),
            loading_block("420px"),
        ),
    )
