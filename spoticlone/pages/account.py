"""Account pages: sign up, verify the email, sign in (with the two-step code), reset password."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.forms import (
    PASSWORD_POLICY,
    action_button,
    auth_card,
    code_input,
    form,
    form_error,
    form_notice,
    password_input,
    submit_button,
    text_input,
)
from spoticlone.components.legal import terms_consent
from spoticlone.components.template import page
from spoticlone.state.auth.account import ResetState, SignInState, SignUpState, VerifyState
from spoticlone.state.auth.signed_in import AuthState


def _links(*links: rx.Component) -> rx.Component:
    return rx.el.div(*links, class_name="sc-auth-links")


def _link(text: str, href, *, lead: str = "") -> rx.Component:
    return rx.el.p(lead, rx.link(text, href=href, class_name="sc-auth-link"), class_name="sc-auth-line")


@page(routes.SIGN_UP, title="Sign up", description="Create a free Spoticlone account.",
      on_load=SignUpState.load)
def sign_up_page() -> rx.Component:
    return auth_card(
        "Sign up to start listening",
        form(
            text_input("email", "Email address", type="email", autocomplete="email",
                       placeholder="name@example.com"),
            text_input("username", "Username", autocomplete="username",
                       hint="3 to 30 characters: letters, digits, '_' and '.'. People see it on your profile."),
            password_input("password", "Password", autocomplete="new-password", hint=PASSWORD_POLICY),
            text_input("date_of_birth", "Date of birth", type="date", autocomplete="bday",
                       hint="You must be at least 13 years old."),
            terms_consent(),
            form_error(SignUpState.error),
            submit_button("Sign up", busy=SignUpState.busy, busy_label="Creating your account…"),
            on_submit=SignUpState.submit,
            label="Sign up",
        ),
        _links(_link("Sign in", routes.SIGN_IN, lead="Already have an account? ")),
    )


@page(routes.VERIFY_EMAIL, title="Verify your email", description="Enter the code we emailed you.",
      on_load=VerifyState.load)
def verify_page() -> rx.Component:
    return auth_card(
        "Check your email",
        form_notice(VerifyState.notice),
        form(
            code_input("code", "6-digit code", hint="The code works for 10 minutes."),
            form_error(VerifyState.error),
            submit_button("Verify and sign in", busy=VerifyState.busy, busy_label="Checking…"),
            on_submit=VerifyState.submit,
            label="Verify your email",
        ),
        rx.el.div(
            rx.el.p("Didn't get it? Check your spam folder, or", class_name="sc-hint"),
            action_button(
                rx.cond(VerifyState.cooldown > 0,
                        "Send a new code in " + VerifyState.cooldown.to_string() + " s",
                        "Send a new code"),
                VerifyState.resend,
                disabled=VerifyState.cooldown > 0,
                id="resend-code",
            ),
            class_name="sc-resend",
        ),
        _links(_link("Sign in", routes.SIGN_IN, lead="Already verified? ")),
        subtitle="We sent a 6-digit code to the address you signed up with. Enter it to finish.",
    )


def _password_step() -> rx.Component:
    return rx.fragment(
        rx.cond(
            AuthState.google_enabled & SignInState.google_ready,
            rx.fragment(
                rx.el.a(
                    rx.icon("circle-user-round", size=20),
                    "Continue with Google",
                    href=SignInState.google_href,
                    # A server route, not a page: the browser must really load it.
                    reload_document=True,
                    class_name="sc-btn sc-btn-google",
                ),
                rx.el.div(rx.el.span("or"), class_name="sc-divider"),
            ),
            rx.fragment(),
        ),
        form(
            text_input("email", "Email address", type="email", autocomplete="username email"),
            password_input("password", "Password", autocomplete="current-password"),
            form_error(SignInState.error),
            rx.cond(
                SignInState.unverified,
                action_button("Email me a new verification code", SignInState.resend_verification,
                              id="resend-verification"),
                rx.fragment(),
            ),
            submit_button("Sign in", busy=SignInState.busy, busy_label="Signing in…"),
            on_submit=SignInState.submit_password,
            label="Sign in",
        ),
        _links(
            _link("Forgot your password?", routes.RESET_PASSWORD),
            _link("Sign up for Spoticlone", routes.SIGN_UP, lead="Don't have an account? "),
        ),
    )


def _code_step() -> rx.Component:
    return rx.fragment(
        rx.el.p("Enter the code from your authenticator app (or a recovery code).", class_name="sc-auth-subtitle"),
        form(
            code_input("code", "Code", digits_only=False,
                       hint="6 digits from the app, or one of the recovery codes you saved."),
            form_error(SignInState.error),
            submit_button("Continue", busy=SignInState.busy, busy_label="Checking…"),
            on_submit=SignInState.submit_code,
            label="Two-step sign-in",
        ),
        _links(rx.el.button("Start again", type="button", on_click=SignInState.start_over,
                            class_name="sc-text-btn")),
    )


def _email_code_step() -> rx.Component:
    return rx.fragment(
        form_notice(SignInState.notice),
        form(
            code_input("code", "6-digit code", hint="The code works for 10 minutes."),
            form_error(SignInState.error),
            submit_button("Continue", busy=SignInState.busy, busy_label="Checking…"),
            on_submit=SignInState.submit_email_code,
            label="Sign-in code from your email",
        ),
        _links(
            rx.el.button("Start again", type="button", on_click=SignInState.start_over, class_name="sc-text-btn"),
            _link("Forgot your password?", routes.RESET_PASSWORD),
        ),
    )


@page(routes.SIGN_IN, title="Sign in", description="Sign in to Spoticlone.", on_load=SignInState.load)
def sign_in_page() -> rx.Component:
    return auth_card(
        "Sign in to Spoticlone",
        rx.match(
            SignInState.step,
            ("code", _code_step()),
            ("email", _email_code_step()),
            _password_step(),
        ),
    )


def _reset_email_step() -> rx.Component:
    return form(
        rx.el.p("Enter the email address of your account. We'll email you a code to set a new password.",
                class_name="sc-auth-subtitle"),
        text_input("email", "Email address", type="email", autocomplete="email"),
        form_error(ResetState.error),
        submit_button("Email me a code", busy=ResetState.busy, busy_label="Sending…"),
        on_submit=ResetState.request_code,
        label="Ask for a reset code",
    )


def _reset_code_step() -> rx.Component:
    return rx.fragment(
        form_notice(ResetState.notice),
        form(
            code_input("code", "6-digit code"),
            password_input("new_password", "New password", autocomplete="new-password", hint=PASSWORD_POLICY),
            form_error(ResetState.error),
            submit_button("Set new password", busy=ResetState.busy, busy_label="Saving…"),
            on_submit=ResetState.submit,
            label="Set a new password",
        ),
        _links(rx.el.button("Use another email address", type="button", on_click=ResetState.start_over,
                            class_name="sc-text-btn")),
    )


def _reset_done() -> rx.Component:
    return rx.el.div(
        form_notice("Your password is changed, and you were signed out everywhere."),
        rx.link("Sign in", href=routes.SIGN_IN, class_name="sc-btn sc-btn-primary"),
        class_name="sc-form",
    )


@page(routes.RESET_PASSWORD, title="Reset your password", description="Set a new Spoticlone password.",
      on_load=ResetState.load)
def reset_password_page() -> rx.Component:
    return auth_card(
        "Reset your password",
        rx.match(
            ResetState.step,
            ("code", _reset_code_step()),
            ("done", _reset_done()),
            _reset_email_step(),
        ),
        _links(_link("Back to sign in", routes.SIGN_IN)),
    )
