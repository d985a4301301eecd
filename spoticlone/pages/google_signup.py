"""``/signup/google``: a first-time Google user picks a username and gives a date of birth."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.forms import auth_card, form, form_error, submit_button, text_input
from spoticlone.components.template import page
from spoticlone.state.auth.google_signup import GoogleSignupState


def _form() -> rx.Component:
    return rx.fragment(
        rx.el.p(
            "You're signing up with Google as ",
            rx.el.strong(GoogleSignupState.email, id="google-signup-email"),
            ". Choose the name people will see on your profile.",
            class_name="sc-auth-subtitle",
        ),
        form(
            text_input("username", "Username", autocomplete="username",
                       default_value=GoogleSignupState.suggested_username, max_length=30,
                       hint="3 to 30 characters: letters, digits, '_' and '.'. You can change the suggestion."),
            text_input("date_of_birth", "Date of birth", type="date", autocomplete="bday",
                       hint="You must be at least 13 years old. We never show it to anyone."),
            form_error(GoogleSignupState.error),
            submit_button("Create account", busy=GoogleSignupState.busy, busy_label="Creating your account…"),
            on_submit=GoogleSignupState.submit,
            label="Finish signing up with Google",
        ),
    )


def _expired() -> rx.Component:
    return rx.el.div(
        rx.el.div(rx.icon("clock", size=18), rx.el.span(GoogleSignupState.error), class_name="sc-form-error",
                  role="alert", id="google-signup-expired"),
        rx.link("Back to sign in", href=routes.SIGN_IN, class_name="sc-btn sc-btn-primary"),
        class_name="sc-form",
    )


@page(
    routes.GOOGLE_SIGN_UP,
    title="Finish signing up",
    description="Choose a username to finish creating your Spoticlone account with Google.",
    on_load=GoogleSignupState.load,
)
def google_signup_page() -> rx.Component:
    return auth_card(
        "Choose your username",
        rx.cond(
            GoogleSignupState.loaded,
            # ``key`` remounts the form once the suggestion arrives (default values apply on mount).
            rx.cond(GoogleSignupState.expired, _expired(),
                    rx.el.div(_form(), key=GoogleSignupState.suggested_username)),
            rx.el.div(class_name="sc-skeleton", height="220px"),
        ),
    )
