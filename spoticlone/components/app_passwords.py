"""The "Apps and devices" card of the security settings: app passwords for Subsonic apps.

Loads its own data when it appears (``on_mount``), so the page only places it.
"""

from __future__ import annotations

import reflex as rx

from spoticlone.components.forms import form, form_error, settings_card, submit_button, text_input
from spoticlone.state.accounts.app_passwords import AppPasswordsState


def _row(row) -> rx.Component:
    return rx.el.li(
        rx.icon("key-round", size=22, class_name="sc-device-icon"),
        rx.el.div(
            rx.el.div(rx.el.span(row["name"], class_name="sc-device-name"), class_name="sc-device-head"),
            rx.el.div("made ", row["created"], " · last used ", row["last_used"], class_name="sc-hint"),
            class_name="sc-device-text",
        ),
        rx.el.button(
            "Revoke", type="button", on_click=AppPasswordsState.revoke(row["id"]),
            class_name="sc-btn sc-btn-secondary sc-btn-small", aria_label="Revoke " + row["name"].to(str),
        ),
        class_name="sc-device",
    )


def _new_key() -> rx.Component:
    return rx.el.div(
        rx.el.p("Your app password for ", rx.el.strong(AppPasswordsState.new_key_name),
                ". Copy it now: it is shown only this once."),
        rx.el.code(AppPasswordsState.new_key, id="new-app-password", class_name="sc-app-key",
                   style={"userSelect": "all", "fontSize": "1.1rem", "wordBreak": "break-all"}),
        rx.el.button("Done", type="button", on_click=AppPasswordsState.dismiss, class_name="sc-btn sc-btn-secondary"),
        role="status", class_name="sc-form-notice", style={"flexDirection": "column"},
    )


def app_passwords_card() -> rx.Component:
    """Make, list and revoke app passwords (what a phone or car app signs in with)."""
    return rx.el.div(
        settings_card(
            "Apps and devices",
            rx.el.p("In a Subsonic app (DSub, Symfonium, Amperfy, Feishin, Substreamer…) enter this "
                    "site's address as the server, your username, and an app password as the password. "
                    "Your account password never works there.", class_name="sc-hint"),
            rx.cond(AppPasswordsState.new_key != "", _new_key(), rx.fragment()),
            form(
                text_input("app_password_name", "Name of the app or device", hint="For example: Car, Pixel phone"),
                form_error(AppPasswordsState.error),
                submit_button("Make an app password"),
                on_submit=AppPasswordsState.create,
                label="Make an app password",
            ),
            rx.el.ul(rx.foreach(AppPasswordsState.keys, _row), class_name="sc-devices"),
            description="Each app gets its own password; revoke one and only that app is signed out.",
        ),
        on_mount=AppPasswordsState.load,
    )
