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
            spacing="3", align="center", wrap="wrap",
        ),
        rx.text(
            "While archived, nobody can sign up, upload or change anything; listening, signing in, "
            "data exports and deleting one's account keep working. Every refused action shows the "
            "message below.",
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
            spacing="4", width="100%", direction=rx.breakpoints(initial="column", sm="row"),
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
            spacing="3", wrap="wrap",
        ),
        spacing="4", width="100%", max_width="720px", align="start",
    )


def _export_everyone() -> rx.Component:
    return rx.card(
        rx.heading("Export everyone's data", size="4"),
        rx.text(
            "Before the service closes, write every account's data (the same zip each listener can download) "
            "into the server's data folder, with a manifest of checksums, for whoever must hand it over. "
            "It runs in the background; stopping half-way is safe, starting again resumes.",
            size="2", margin_top="6px",
        ),
        rx.cond(
            S.export_status != "",
            rx.vstack(
                rx.flex(
                    rx.badge(S.export_status, size="2",
                             color_scheme=rx.match(S.export_status, ("done", "green"), ("failed", "red"), "blue")),
                    rx.text(S.export_progress, size="2", data_testid="export-everyone-progress"),
                    spacing="3", align="center", wrap="wrap",
                ),
                rx.progress(value=S.export_percent, max=100, width="100%"),
                rx.cond(S.export_folder != "",
                        rx.text("Written to ", rx.code(S.export_folder), size="2",
                                data_testid="export-everyone-folder")),
                rx.cond(S.export_error != "", rx.text(S.export_error, size="2", color_scheme="red")),
                spacing="2", width="100%", margin_top="12px",
            ),
        ),
        rx.flex(
            rx.button("Export everyone's data", on_click=S.start_export, radius="full", size="3", variant="soft",
                      disabled=(S.export_status == "queued") | (S.export_status == "running"),
                      data_testid="export-everyone"),
            rx.cond((S.export_status == "queued") | (S.export_status == "running"),
                    rx.button("Refresh", on_click=S.refresh_export, radius="full", size="3", variant="ghost")),
            spacing="3", wrap="wrap", margin_top="14px",
        ),
        max_width="720px", width="100%", margin_top="28px", data_testid="export-everyone-card",
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
            rx.cond(S.allowed, rx.fragment(_status(), _form(), _export_everyone()), _not_allowed()),
            loading_block("320px"),
        ),
    )
