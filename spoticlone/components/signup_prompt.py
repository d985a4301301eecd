"""The "sign up" invitation a signed-out visitor sees on a shared page.

A shared link is how most people first meet the app: the page itself is public (they
can listen), and this banner says what an account adds and leads to sign-up, or to
sign-in and straight back to this page. It appears only once the server has confirmed
nobody is signed in (``AuthState.checked``), so signed-in listeners never see it flash.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.state.auth.signed_in import AuthState


def signup_prompt(title: str, text: str = "Like songs, follow artists and make playlists. It's free.") -> rx.Component:
    here = rx.State.router.url.path.to(str)
    return rx.cond(
        AuthState.checked & ~AuthState.signed_in,
        rx.el.div(
            rx.el.div(
                rx.el.strong(title),
                rx.el.span(text, class_name="sc-muted"),
                class_name="sc-pl-prompt-text",
            ),
            rx.link("Sign up free", href=routes.SIGN_UP, class_name="sc-btn sc-btn-primary sc-btn-small",
                    underline="none"),
            rx.link("Sign in", href=routes.SIGN_IN + "?next=" + here, class_name="sc-link"),
            class_name="sc-pl-prompt",
            data_testid="signup-prompt",
            role="region",
            aria_label="Sign up",
        ),
        rx.fragment(),
    )
