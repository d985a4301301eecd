"""The page after asking to delete an account: signed out, when it goes, how to cancel."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.forms import auth_card
from spoticlone.components.template import page
from spoticlone.state.accounts.deletion import GoodbyeState


@page(routes.ACCOUNT_DELETION_REQUESTED, title="Account deletion requested",
      description="Your account is set to be deleted.", on_load=GoodbyeState.load)
def goodbye_page() -> rx.Component:
    return auth_card(
        "Your account will be deleted",
        rx.el.p(
            rx.cond(GoodbyeState.due_label != "",
                    rx.fragment("We will erase it on ", rx.el.strong(GoodbyeState.due_label), "."),
                    rx.fragment("We will erase it at the end of the grace period.")),
            " You have been signed out on every device.",
            style={"line_height": "1.5", "margin": "0 0 12px"},
        ),
        rx.el.p("Changed your mind? Sign in before then and your account stays, exactly as it is.",
                style={"line_height": "1.5", "margin": "0 0 20px"}),
        rx.el.div(
            rx.link("Sign in to keep my account", href=routes.SIGN_IN, class_name="sc-btn sc-btn-primary",
                    id="keep-account"),
            rx.link("Go to Home", href=routes.HOME, class_name="sc-btn sc-btn-secondary"),
            class_name="sc-btn-row",
        ),
        subtitle="Thank you for listening with us.",
    )
