"""/admin/archive: the archive (end-of-life) switch, its message, contact and closing date."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.template import page
from spoticlone.state.admin.archive import AdminArchiveState as S
from spoticlone.state.auth.signed_in import AuthState


def _labelled(label: str, control: rx.Component, html_for: str, hint: str = "") -> rx.Component:
    return rx.box(
        rx.el.label(label, html_for=html_for, class_name="sc-label"),
        control,
        rx.text(hint, size="1", color_scheme="gray", margin_top="4px") if hint else rx.fragment(),
        width="100%",
    )


def _status() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.cond(S.enabled, rx.badge("Read-only (archived)", color_scheme="amber", size="3"),
                    rx.badge("Open", color_scheme="green", size="3")),
            rx.cond(S.changed != "", rx.text("Changed ", S.changed, size="2", color_scheme="gray")),
            gap="3", align="center", wrap="wrap",
        ),
        rx.text(
            "While archived, nobody can sign up, upload or change anything; listening, signing in and "
            "data exports keep working. Every refused action shows the message below.",
            size="2", margin_top="8px",
        ),
        max_width="720px", width="100%", margin_bottom="20px", data_testid="archive-status",
    )


def _form() -> rx.Component:
    return rx.vstack(
        _labelled("Message to everyone", rx.text_area(
            id="archive-message", value=S.message, on_change=S.set_message, rows="4", width="100%",
            placeholder="Spoticlone is closing. You can still listen and download your data until …",
        ), "archive-message", "What happens next: until when music plays, how to get a copy of your data."),
        rx.flex(
            _labelled("Contact", rx.input(id="archive-contact", value=S.contact, on_change=S.set_contact,
                                          size="3", placeholder="support@example.com"), "archive-contact"),
            _labelled("Closes for good on", rx.input(id="archive-closes", type="date", value=S.closes_on,
                                                     on_change=S.set_closes_on, size="3"), "archive-closes"),
            gap="4", width="100%", direction=rx.breakpoints(initial="column", sm="row"),
        ),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", role="alert")),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="circle-check", color_scheme="green", role="status",
                                           data_testid="archive-notice")),
        rx.flex(
            rx.cond(
                S.enabled,
                rx.fragment(
                    rx.button("Update message", on_click=S.turn_on, disabled=S.busy, radius="full", size="3"),
                    rx.button("Turn archive mode off", on_click=S.turn_off, disabled=S.busy, radius="full",
                              size="3", variant="soft", color_scheme="gray", data_testid="archive-off"),
                ),
                rx.button("Turn archive mode on", on_click=S.turn_on, disabled=S.busy, radius="full", size="3",
                          color_scheme="amber", data_testid="archive-on"),
            ),
            gap="3", wrap="wrap",
        ),
        spacing="4", width="100%", max_width="720px", align="start",
    )


def _not_allowed() -> rx.Component:
    return rx.callout("Only administrators can see this page.", icon="lock", color_scheme="gray", size="3",
                      data_testid="admin-not-allowed", max_width="560px")


@page(routes.ADMIN_ARCHIVE, title="Archive mode", description="Administration: make the service read-only.",
      on_load=[AuthState.require_account, S.load])
def admin_archive_page() -> rx.Component:
    return rx.fragment(
        page_title("Archive mode"),
        rx.cond(
            AuthState.signed_in & S.loaded,
            rx.cond(S.allowed, rx.fragment(_status(), _form()), _not_allowed()),
            loading_block("320px"),
        ),
    )
