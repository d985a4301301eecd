"""/help: answers to common questions, and the way to contact support."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.support import help_article, messages
from spoticlone.components.template import page
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.support.help import HelpState as S


def _actions() -> rx.Component:
    return rx.flex(
        rx.link(rx.icon("message-circle", size=16), "Contact support", href=routes.SUPPORT_NEW + "?from=/help",
                class_name="sc-btn sc-btn-primary", underline="none", data_testid="contact-support"),
        rx.cond(AuthState.signed_in,
                rx.link("My requests", href=routes.SUPPORT, class_name="sc-btn sc-btn-secondary", underline="none")),
        rx.cond(AuthState.role == "admin",
                rx.link(rx.icon("pencil", size=14), "Edit answers", href=routes.ADMIN_HELP,
                        class_name="sc-btn sc-btn-secondary", underline="none")),
        spacing="3", wrap="wrap", margin="8px 0 8px",
    )


@page(routes.HELP, title="Help", description="Answers to common questions, and how to contact support.",
      on_load=S.load)
def help_page() -> rx.Component:
    return rx.fragment(
        page_title("Help"),
        rx.text("Answers to the questions listeners ask most. Can't find yours? Contact us.",
                color_scheme="gray", size="3"),
        _actions(),
        messages(S.error),
        rx.cond(
            S.loaded,
            rx.cond(S.rows.length() > 0,
                    rx.box(rx.foreach(S.rows, help_article), max_width="820px", data_testid="help-articles"),
                    rx.text("No answers yet. Contact support and we'll help you directly.", color_scheme="gray",
                            margin_top="24px")),
            loading_block("320px"),
        ),
    )
