"""``/settings``: edit your profile, change your pictures, become an artist (stage name,
page address checked live, bio, links; then a picture), or open your artist profile.

Private: ``AuthState.require_account`` sends strangers to sign in first, and every
part below renders only once the server has confirmed who is signed in, so nothing
of the account flashes on screen. Pictures upload as soon as one is chosen, in
chunks, with a progress bar; the server checks size and content.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.file_picker import PICTURE_ACCEPT, file_picker
from spoticlone.components.forms import (
    form,
    form_error,
    form_notice,
    settings_card,
    submit_button,
    text_input,
)
from spoticlone.components.profile_parts import GRID, artist_fields, artist_picture_editor, profile_header
from spoticlone.components.settings_tabs import settings_tabs
from spoticlone.components.template import page
from spoticlone.services.media.picture_uploads import MAX_PICTURE_BYTES
from spoticlone.state.accounts.profile import ProfileSettingsState as S
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.studio.profile import ArtistProfileState as A

me = S.me
BUSY = S.uploading != ""


def _tabs() -> rx.Component:
    return settings_tabs(routes.SETTINGS)


def _picker(kind: str, label: str) -> rx.Component:
    """A button that opens the file chooser (or takes a dropped file) and uploads at once."""
    handler = S.upload_avatar if kind == "avatar" else S.upload_cover
    return file_picker(
        rx.el.button(
            rx.icon("image-up", size=16), label,
            type="button", class_name="sc-btn sc-btn-secondary sc-btn-small", disabled=BUSY,
            data_testid=f"choose-{kind}",
        ),
        upload_id=f"{kind}-upload", accept=PICTURE_ACCEPT, max_bytes=MAX_PICTURE_BYTES,
        on_file=handler, on_refused=S.picture_rejected, on_progress=S.upload_progress,
    )


def _remove(kind: str, key: str) -> rx.Component:
    return rx.cond(
        me[key],
        rx.el.button("Remove", type="button", on_click=S.remove_picture(kind), disabled=BUSY,
                     class_name="sc-btn sc-btn-secondary sc-btn-small", data_testid=f"remove-{kind}"),
        rx.fragment(),
    )


def _progress() -> rx.Component:
    return rx.cond(
        BUSY,
        rx.el.div(
            rx.el.progress(value=S.progress, max=100, aria_label="Upload progress",
                           style={"width": "100%", "accent_color": "var(--sc-accent)"}),
            rx.el.p("Uploading… ", S.progress.to_string(), "%", class_name="sc-hint", role="status"),
        ),
        rx.fragment(),
    )


def _pictures_card() -> rx.Component:
    return settings_card(
        "Pictures",
        profile_header(
            cover_url=me["cover_url"], avatar_url=me["avatar_url"], name=me["display_name"].to(str),
            text=rx.el.div(me["display_name"], style={"font_size": "22px", "font_weight": "800",
                                                      "overflow_wrap": "anywhere"}),
        ),
        rx.el.div(
            _picker("avatar", "Change profile picture"), _remove("avatar", "avatar_url"),
            _picker("cover", "Change cover"), _remove("cover", "cover_url"),
            class_name="sc-btn-row",
        ),
        _progress(),
        form_error(S.picture_error),
        description="JPEG, PNG or WebP up to 10 MB. Your profile picture is cropped to a circle "
                    "and your cover to a wide banner; photo details like location are removed.",
    )


def _details_card() -> rx.Component:
    return settings_card(
        "Profile",
        form(
            rx.el.div(
                text_input("username", "Username", autocomplete="username", default_value=me["username"],
                           max_length=30, auto_capitalize="none", spell_check=False,
                           hint="3 to 30 characters: letters, digits, '_' and '.'."),
                text_input("first_name", "First name", autocomplete="given-name", required=False,
                           default_value=me["first_name"], max_length=100),
                text_input("last_name", "Last name", autocomplete="family-name", required=False,
                           default_value=me["last_name"], max_length=100),
                text_input("phone", "Phone", type="tel", autocomplete="tel", required=False,
                           default_value=me["phone"],
                           hint="Optional. Include the country code, e.g. +44 20 7946 0958."),
                text_input("date_of_birth", "Date of birth", type="date", autocomplete="bday",
                           default_value=me["date_of_birth"]),
                style=GRID,
            ),
            form_error(S.form_error),
            form_notice(S.form_message),
            rx.el.div(
                submit_button("Save profile", data_testid="save-profile"),
                rx.link("View public profile", href=me["profile_url"].to(str),
                        class_name="sc-btn sc-btn-secondary"),
                class_name="sc-btn-row",
            ),
            on_submit=S.save,
            label="Profile",
            key=S.form_version.to_string(),
            style={"max_width": "none"},
        ),
        description="Your name, username and pictures are public. Your email, phone number and "
                    "date of birth are only visible to you.",
    )


def _artist_card() -> rx.Component:
    return rx.cond(
        me["artist_url"],
        settings_card(
            "Your artist profile",
            rx.el.p("You publish music as ", rx.el.strong(me["artist_name"]), ".", class_name="sc-hint"),
            form_notice(A.message),
            rx.cond(A.has_profile, artist_picture_editor(), rx.fragment()),
            rx.el.div(
                rx.link("Edit artist profile", href=routes.STUDIO_PROFILE, class_name="sc-btn sc-btn-primary",
                        data_testid="edit-artist-profile"),
                rx.link("Open artist page", href=me["artist_url"].to(str), class_name="sc-btn sc-btn-secondary",
                        data_testid="open-artist-page"),
                class_name="sc-btn-row",
            ),
        ),
        settings_card(
            "Become an artist",
            form(
                artist_fields(),
                form_error(A.error),
                submit_button("Become an artist", data_testid="become-artist"),
                on_submit=A.create,
                label="Become an artist",
                key=A.form_version.to_string(),
                style={"max_width": "720px"},
            ),
            description="Get an artist page and publish your own music. You can have one artist profile; "
                        "you can change all of this later, and add a picture once it is created.",
        ),
    )


@page(
    routes.SETTINGS,
    title="Profile settings",
    description="Edit your Spoticlone profile.",
    on_load=[AuthState.require_account, S.load, A.load],
)
def settings_profile_page() -> rx.Component:
    return rx.fragment(
        page_title("Settings"),
        rx.cond(
            AuthState.signed_in & S.loaded,
            rx.el.div(_tabs(), _pictures_card(), _details_card(), _artist_card(), class_name="sc-settings"),
            loading_block("420px"),
        ),
    )
