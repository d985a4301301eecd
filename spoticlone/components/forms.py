"""Form pieces shared by the account pages (and any other form): labelled fields,
password inputs with show/hide, one-time-code inputs, error and notice lines.

Inputs are uncontrolled (the form's ``on_submit`` receives every value at once), so
typing does not cost a websocket round trip per key and passwords are sent to the
server only when the form is submitted. Every input has a visible ``<label>``;
errors are ``role="alert"`` so screen readers announce them.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

PASSWORD_POLICY = (
    "At least 8 characters. Any letters, numbers, spaces or symbols: no rules about "
    "which. Very common passwords are refused."
)


def field(label: str, control: rx.Component, *, html_for: str, hint: str | None = None) -> rx.Component:
    """A label above ``control`` (whose id is ``html_for``) and an optional hint below."""
    return rx.el.div(
        rx.el.label(label, html_for=html_for, class_name="sc-label"),
        control,
        rx.el.p(hint, id=f"{html_for}-hint", class_name="sc-hint") if hint else rx.fragment(),
        class_name="sc-field",
    )


def text_input(name: str, label: str, *, type: str = "text", autocomplete: str = "off",
               hint: str | None = None, required: bool = True, **props: Any) -> rx.Component:
    control = rx.el.input(
        id=name, name=name, type=type, auto_complete=autocomplete, required=required,
        class_name="sc-input", aria_describedby=f"{name}-hint" if hint else None, **props,
    )
    return field(label, control, html_for=name, hint=hint)


def _toggle_script(input_id: str) -> str:
    """Show or hide a password on the client: no server round trip, nothing sent anywhere."""
    target = json.dumps(input_id)
    return (
        f"(() => {{ const i = document.getElementById({target}); "
        f"const b = document.getElementById({json.dumps(input_id + '-toggle')}); "
        "if (!i || !b) return; const show = i.type === 'password'; "
        "i.type = show ? 'text' : 'password'; b.textContent = show ? 'Hide' : 'Show'; "
        "b.setAttribute('aria-pressed', show ? 'true' : 'false'); })()"
    )


def password_input(name: str, label: str, *, autocomplete: str = "current-password",
                   hint: str | None = None) -> rx.Component:
    """A password field with a Show/Hide button (keyboard reachable, state in aria-pressed)."""
    control = rx.el.div(
        rx.el.input(
            id=name, name=name, type="password", auto_complete=autocomplete, required=True,
            class_name="sc-input sc-input-password", aria_describedby=f"{name}-hint" if hint else None,
        ),
        rx.el.button(
            "Show", id=f"{name}-toggle", type="button", class_name="sc-reveal",
            aria_label=f"Show {label.lower()}", aria_pressed="false",
            on_click=rx.call_script(_toggle_script(name)),
        ),
        class_name="sc-password-wrap",
    )
    return field(label, control, html_for=name, hint=hint)


def code_input(name: str = "code", label: str = "6-digit code", *, digits_only: bool = True,
               hint: str | None = None) -> rx.Component:
    """An input for emailed or authenticator codes; phones offer the digit keypad.

    ``digits_only=False`` also allows recovery codes (letters and dashes).
    """
    extra = {"max_length": 6, "pattern": "[0-9 ]*"} if digits_only else {"max_length": 32}
    control = rx.el.input(
        id=name, name=name, type="text", input_mode="numeric" if digits_only else "text",
        auto_complete="one-time-code", required=True, class_name="sc-input sc-input-code",
        aria_describedby=f"{name}-hint" if hint else None, spell_check=False, **extra,
    )
    return field(label, control, html_for=name, hint=hint)


def form_error(message: Any) -> rx.Component:
    """The error of the last submit, announced to screen readers; nothing when empty."""
    return rx.cond(
        message != "",
        rx.el.div(rx.icon("circle-alert", size=18), rx.el.span(message), class_name="sc-form-error",
                  role="alert"),
        rx.fragment(),
    )


def form_notice(message: Any) -> rx.Component:
    return rx.cond(
        message != "",
        rx.el.div(rx.icon("circle-check", size=18), rx.el.span(message), class_name="sc-form-notice",
                  role="status"),
        rx.fragment(),
    )


def submit_button(label: str, *, busy: Any = False, busy_label: str = "Please wait…",
                  secondary: bool = False, **props: Any) -> rx.Component:
    return rx.el.button(
        rx.cond(busy, busy_label, label) if not isinstance(busy, bool) else label,
        type="submit",
        disabled=busy,
        class_name="sc-btn sc-btn-secondary" if secondary else "sc-btn sc-btn-primary",
        **props,
    )


def action_button(label: str, on_click: Any, *, disabled: Any = False, danger: bool = False,
                  **props: Any) -> rx.Component:
    return rx.el.button(
        label, type="button", on_click=on_click, disabled=disabled,
        class_name="sc-btn sc-btn-danger" if danger else "sc-btn sc-btn-secondary", **props,
    )


def auth_card(title: str, *children: rx.Component, subtitle: str | None = None) -> rx.Component:
    """The centred panel the sign-in, sign-up, verify and reset pages share."""
    return rx.el.div(
        rx.el.div(
            rx.el.img(src="/logo.svg", alt="", class_name="sc-auth-logo"),
            rx.el.h1(title, class_name="sc-auth-title"),
            rx.el.p(subtitle, class_name="sc-auth-subtitle") if subtitle else rx.fragment(),
            *children,
            class_name="sc-auth-card",
        ),
        class_name="sc-auth-wrap",
    )


def settings_card(title: str, *children: rx.Component, description: str | None = None) -> rx.Component:
    """One titled block of a settings page."""
    return rx.el.section(
        rx.el.h2(title, class_name="sc-settings-title"),
        rx.el.p(description, class_name="sc-hint") if description else rx.fragment(),
        *children,
        class_name="sc-settings-card",
    )


def form(*children: rx.Component, on_submit: Any, label: str, **props: Any) -> rx.Component:
    """A form that keeps its values after a failed submit (so nothing has to be retyped).

    ``method="post"``: if someone submits before the page has finished loading, the
    browser's own submission must never put a password into a URL.
    """
    return rx.el.form(
        *children, on_submit=on_submit, reset_on_submit=False, class_name="sc-form", method="post",
        aria_label=label, **props,
    )
