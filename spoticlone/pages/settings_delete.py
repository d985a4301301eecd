"""Settings → Delete account: what deletion does, the artist's choice, then password (and code)."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.forms import (
    action_button,
    code_input,
    form,
    form_error,
    password_input,
    settings_card,
    submit_button,
)
from spoticlone.components.settings_tabs import settings_tabs
from spoticlone.components.template import page
from spoticlone.state.accounts.deletion import AccountDeletionState as S
from spoticlone.state.auth.signed_in import AuthState

_DANGER = {"border": "1px solid #ff6b78"}
_LIST = {"margin": "0", "padding_left": "20px", "list_style": "disc", "display": "flex",
         "flex_direction": "column", "gap": "6px", "line_height": "1.5"}
_OPTION = {"display": "flex", "gap": "12px", "align_items": "flex-start", "padding": "8px 0", "cursor": "pointer"}
_RADIO = {"margin_top": "4px", "accent_color": "var(--sc-accent)", "width": "18px", "height": "18px",
          "flex_shrink": "0"}
_DANGER_BUTTON = {"background": "#e5484d", "color": "white", "border": "none"}


def _what_happens() -> rx.Component:
    return rx.el.ul(
        rx.el.li("Your account is deleted ", rx.el.strong(S.grace_days, " days"), " after you confirm. Until "
                 "then you can change your mind: just sign in again and the deletion is cancelled."),
        rx.el.li("Then we erase your profile (email address, names, phone number, date of birth, pictures), "
                 "your liked songs, saved albums, ratings, follows, playlists, saved searches, sign-in "
                 "sessions and app passwords."),
        rx.el.li("Songs you added to other people's playlists stay there, without your name."),
        rx.el.li("What you listened to is kept only as anonymous counts, so artists' statistics and the "
                 "charts stay right. Nobody can trace them back to you."),
        rx.el.li("You are signed out on every device as soon as you confirm."),
        style=_LIST,
    )


def _artist_option(value: bool, title: str, hint: str, option_id: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="radio", name="keep_releases", id=option_id, checked=S.keep_releases == value,
                    on_change=S.choose_keep_releases(value), style=_RADIO),
        rx.el.span(rx.el.strong(title, style={"display": "block"}), rx.el.span(hint, class_name="sc-hint")),
        html_for=option_id,
        style=_OPTION,
    )


def _artist_choice() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend("Your music", class_name="sc-label", style={"margin_bottom": "4px"}),
        _artist_option(True, "Keep my published releases",
                       "They stay on Spoticlone, credited to your stage name, with their play counts. "
                       "Nobody can edit them any more.", "keep-releases-yes"),
        _artist_option(False, "Remove my releases",
                       "Your albums and songs and their files are deleted. Listeners' playlists show them "
                       "as unavailable.", "keep-releases-no"),
        style={"border": "none", "padding": "0", "margin": "0"},
    )


def _confirm_form() -> rx.Component:
    return form(
        rx.cond(S.is_artist, _artist_choice(), rx.fragment()),
        rx.cond(S.needs_password,
                password_input("delete_password", "Your password", autocomplete="current-password"),
                rx.fragment()),
        rx.cond(S.needs_code,
                code_input("delete_code", "Two-step code", digits_only=False,
                           hint="From your authenticator app, or one of your recovery codes."),
                rx.fragment()),
        rx.el.label(
            rx.el.input(type="checkbox", name="understand", id="understand", required=True, style=_RADIO),
            rx.el.span("I understand that my account and my data will be deleted."),
            html_for="understand", style=_OPTION,
        ),
        form_error(S.error),
        submit_button("Delete my account", busy=S.busy, busy_label="Deleting…", style=_DANGER_BUTTON,
                      id="delete-account"),
        on_submit=S.request_deletion,
        label="Delete my account",
    )


def _danger_card() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Delete your account", class_name="sc-settings-title"),
        _what_happens(),
        rx.el.p("Want a copy of your data first? ", rx.link("Ask for it under Your data", href=routes.SETTINGS_PRIVACY,
                                                      style={"text_decoration": "underline"}),
                ".", class_name="sc-hint"),
        _confirm_form(),
        class_name="sc-settings-card",
        style=_DANGER,
        aria_label="Delete your account",
    )


def _pending_card() -> rx.Component:
    return settings_card(
        "Your account is set to be deleted",
        rx.el.p("It will be erased on ", rx.el.strong(S.due_label), "."),
        form_error(S.error),
        action_button("Keep my account", S.cancel),
    )


@page(routes.SETTINGS_DELETE, title="Delete account", description="Delete your Spoticlone account.",
      on_load=[AuthState.require_account, S.load])
def settings_delete_page() -> rx.Component:
    return rx.fragment(
        page_title("Settings"),
        rx.cond(
            AuthState.signed_in & S.loaded,
            rx.el.div(settings_tabs(routes.SETTINGS_DELETE), rx.cond(S.pending, _pending_card(), _danger_card()),
                      class_name="sc-settings"),
            loading_block("320px"),
        ),
    )
