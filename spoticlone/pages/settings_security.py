"""Security settings: password, email address, signed-in devices (private page)."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.app_passwords import app_passwords_card
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.forms import (
    PASSWORD_POLICY,
    action_button,
    code_input,
    form,
    form_error,
    form_notice,
    password_input,
    settings_card,
    submit_button,
    text_input,
)
from spoticlone.components.settings_tabs import settings_tabs
from spoticlone.components.template import page
from spoticlone.state.accounts.security import SecurityState
from spoticlone.state.auth.signed_in import AuthState


def _tabs() -> rx.Component:
    return settings_tabs(routes.SETTINGS_SECURITY)


def _password_card() -> rx.Component:
    return settings_card(
        "Change password",
        form(
            password_input("current_password", "Current password", autocomplete="current-password"),
            password_input("new_password", "New password", autocomplete="new-password", hint=PASSWORD_POLICY),
            form_error(SecurityState.password_error),
            form_notice(SecurityState.password_notice),
            submit_button("Change password"),
            on_submit=SecurityState.change_password,
            label="Change password",
        ),
        description="You stay signed in here; every other device is signed out.",
    )


def _email_card() -> rx.Component:
    ask = form(
        text_input("new_email", "New email address", type="email", autocomplete="email"),
        password_input("email_password", "Current password", autocomplete="current-password"),
        form_error(SecurityState.email_error),
        form_notice(SecurityState.email_notice),
        submit_button("Send code to the new address"),
        on_submit=SecurityState.request_email_change,
        label="Change email address",
    )
    confirm = form(
        form_notice(SecurityState.email_notice),
        code_input("email_code", "6-digit code"),
        form_error(SecurityState.email_error),
        rx.el.div(
            submit_button("Confirm new address"),
            action_button("Cancel", SecurityState.cancel_email_change),
            class_name="sc-btn-row",
        ),
        on_submit=SecurityState.confirm_email_change,
        label="Confirm new email address",
    )
    return settings_card(
        "Email address",
        rx.el.p("Currently ", rx.el.strong(SecurityState.email), class_name="sc-current-email"),
        rx.cond(SecurityState.email_step == "code", confirm, ask),
        description="The new address only replaces the old one once you enter the code we send to it.",
    )


def _session_row(row) -> rx.Component:
    return rx.el.li(
        rx.icon(rx.cond(row["kind"] == "App", "smartphone", "monitor"), size=22, class_name="sc-device-icon"),
        rx.el.div(
            rx.el.div(
                rx.el.span(row["device"], class_name="sc-device-name"),
                rx.cond(row["current"], rx.el.span("This device", class_name="sc-badge"), rx.fragment()),
                class_name="sc-device-head",
            ),
            rx.el.div(
                row["kind"], " · ", row["ip"], " · last active ", row["last_seen"], " · since ", row["since"],
                class_name="sc-hint",
            ),
            class_name="sc-device-text",
        ),
        rx.el.button(
            "Sign out", type="button", on_click=SecurityState.revoke(row["id"]),
            class_name="sc-btn sc-btn-secondary sc-btn-small",
            aria_label="Sign out " + row["device"].to(str),
        ),
        class_name="sc-device",
    )


def _sessions_card() -> rx.Component:
    return settings_card(
        "Where you're signed in",
        form_error(SecurityState.sessions_error),
        rx.el.ul(rx.foreach(SecurityState.sessions, _session_row), class_name="sc-devices"),
        action_button("Sign out everywhere", SecurityState.revoke_everywhere, danger=True,
                      id="sign-out-everywhere"),
        description="Sign out any browser or app you don't recognise, then change your password.",
    )


@page(routes.SETTINGS_SECURITY, title="Security", description="Password, email and devices.",
      on_load=[AuthState.require_account, SecurityState.load])
def settings_security_page() -> rx.Component:
    return rx.fragment(
        page_title("Settings"),
        rx.cond(
            AuthState.signed_in,
            rx.el.div(_tabs(), _password_card(), _email_card(), _sessions_card(), app_passwords_card(),
                      class_name="sc-settings"),
            loading_block("320px"),
        ),
    )
