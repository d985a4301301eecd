"""/settings/two-step: turn on an authenticator app, keep recovery codes, turn it off.

Built from the shared settings pieces (``components.forms``) so it looks like the
other settings tabs.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.forms import (
    action_button,
    code_input,
    form,
    form_error,
    form_notice,
    password_input,
    settings_card,
    submit_button,
)
from spoticlone.components.settings_tabs import settings_tabs
from spoticlone.components.template import page
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.auth.two_step import TwoStepState

APPS = "Google Authenticator, Microsoft Authenticator, Aegis, 2FAS or a password manager"


def _tabs() -> rx.Component:
    return settings_tabs(routes.SETTINGS_TWO_STEP)


def _reauth_field(prefix: str) -> rx.Component:
    """The password, or a code for accounts that sign in with Google only (they have no password)."""
    return rx.cond(
        TwoStepState.has_password,
        password_input(f"{prefix}_password", "Your password"),
        code_input(f"{prefix}_code", "Code from your app, or a recovery code", digits_only=False),
    )


def _status_off() -> rx.Component:
    return settings_card(
        "Two-step sign-in is off",
        rx.el.p(
            "Add a second step to signing in: after your password we ask for a 6-digit code from an "
            "authenticator app on your phone, so someone who learns your password still can't get in.",
            class_name="sc-hint",
        ),
        rx.el.div(
            rx.el.button("Set up", type="button", on_click=TwoStepState.start_setup,
                         class_name="sc-btn sc-btn-primary", id="two-step-start"),
            class_name="sc-btn-row",
        ),
    )


def _status_on() -> rx.Component:
    return rx.fragment(
        settings_card(
            "Two-step sign-in is on",
            rx.el.p(
                rx.el.span("On", class_name="sc-badge"), " Signing in asks for a code from your app.",
                class_name="sc-current-email",
            ),
            rx.el.p("Recovery codes left: ", rx.el.strong(TwoStepState.codes_left),
                    class_name="sc-current-email", id="codes-left"),
            rx.cond(
                TwoStepState.codes_left <= 3,
                rx.el.p("You are running out of recovery codes: make new ones below.", class_name="sc-hint"),
                rx.fragment(),
            ),
        ),
        settings_card(
            "New recovery codes",
            form(
                _reauth_field("regen"),
                submit_button("Make new codes", busy=TwoStepState.busy, busy_label="Making codes…",
                              secondary=True),
                on_submit=TwoStepState.regenerate,
                label="Make new recovery codes",
            ),
            description="Makes 10 new codes; the old ones stop working.",
        ),
        settings_card(
            "Turn off two-step sign-in",
            form(
                _reauth_field("off"),
                rx.el.button(rx.cond(TwoStepState.busy, "Turning off…", "Turn off"), type="submit",
                             disabled=TwoStepState.busy, class_name="sc-btn sc-btn-danger", id="two-step-off"),
                on_submit=TwoStepState.disable,
                label="Turn off two-step sign-in",
            ),
            description="Signing in will need only your password again.",
        ),
    )


def _setup() -> rx.Component:
    return settings_card(
        "Set up your authenticator app",
        rx.el.ol(
            rx.el.li(f"Open an authenticator app ({APPS})."),
            rx.el.li("Scan this QR code with it, or type the key below."),
            rx.el.li("Enter the 6-digit code the app shows."),
            class_name="sc-hint",
            style={"paddingLeft": "20px", "display": "flex", "flexDirection": "column", "gap": "4px"},
        ),
        rx.el.img(src=TwoStepState.qr_data_uri, alt="QR code that adds Spoticlone to your authenticator app",
                  width="200", height="200", id="two-step-qr",
                  style={"borderRadius": "8px", "background": "#fff", "alignSelf": "flex-start"}),
        rx.el.div(
            rx.el.p("Can't scan it? Key for typing in:", class_name="sc-label"),
            rx.el.div(
                rx.el.code(TwoStepState.secret_grouped, id="totp-secret",
                           style={"fontSize": "17px", "letterSpacing": ".06em", "overflowWrap": "anywhere"}),
                rx.el.button("Copy key", type="button", on_click=rx.set_clipboard(TwoStepState.secret),
                             class_name="sc-btn sc-btn-secondary sc-btn-small", aria_label="Copy the key"),
                style={"display": "flex", "alignItems": "center", "gap": "12px", "flexWrap": "wrap"},
            ),
            class_name="sc-field",
        ),
        form(
            code_input("setup_code", "Code from your app",
                       hint="Codes change every 30 seconds. If it is refused, check that your phone sets its "
                            "clock automatically."),
            form_error(TwoStepState.error),
            rx.el.div(
                submit_button("Turn on", busy=TwoStepState.busy, busy_label="Checking…"),
                action_button("Cancel", TwoStepState.cancel_setup),
                class_name="sc-btn-row",
            ),
            on_submit=TwoStepState.confirm_setup,
            label="Confirm the authenticator app",
        ),
    )


def _codes() -> rx.Component:
    return settings_card(
        "Save your recovery codes",
        rx.el.div(
            rx.icon("triangle-alert", size=18),
            rx.el.span(
                "Store these now: this is the only time we show them. If you lose your phone, each code "
                "signs you in once instead of the app. Keep them in a password manager or print them."
            ),
            class_name="sc-form-error",
            role="alert",
        ),
        rx.el.ul(
            rx.foreach(TwoStepState.recovery_codes,
                       lambda code: rx.el.li(rx.el.code(code), class_name="sc-recovery-code")),
            id="recovery-codes",
            style={"display": "grid", "gridTemplateColumns": "repeat(2, minmax(0, max-content))",
                   "gap": "8px 32px", "listStyle": "none", "padding": "0", "margin": "4px 0",
                   "fontSize": "17px", "letterSpacing": ".04em"},
        ),
        rx.el.div(
            rx.el.button("Copy codes", type="button", on_click=rx.set_clipboard(TwoStepState.codes_text),
                         class_name="sc-btn sc-btn-secondary"),
            rx.el.a("Download", href=TwoStepState.codes_download_url, download="spoticlone-recovery-codes.txt",
                    reload_document=True,
                    class_name="sc-btn sc-btn-secondary"),
            class_name="sc-btn-row",
        ),
        rx.el.div(
            rx.el.button("I have stored my codes", type="button", on_click=TwoStepState.codes_saved,
                         class_name="sc-btn sc-btn-primary", id="codes-saved"),
            class_name="sc-btn-row",
        ),
    )


def _body() -> rx.Component:
    return rx.el.div(
        _tabs(),
        form_notice(TwoStepState.notice),
        rx.cond(TwoStepState.stage == "setup", rx.fragment(), form_error(TwoStepState.error)),
        rx.match(
            TwoStepState.stage,
            ("setup", _setup()),
            ("codes", _codes()),
            rx.cond(TwoStepState.enabled, _status_on(), _status_off()),
        ),
        class_name="sc-settings",
    )


@page(
    routes.SETTINGS_TWO_STEP,
    title="Two-step sign-in",
    description="Protect your Spoticlone account with an authenticator app.",
    on_load=[AuthState.require_account, TwoStepState.load],
)
def two_step_page() -> rx.Component:
    return rx.fragment(
        page_title("Settings"),
        rx.cond(AuthState.signed_in & TwoStepState.loaded, _body(), loading_block("320px")),
    )
