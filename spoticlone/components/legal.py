"""Legal and archive UI parts: the Markdown view, the sign-up consent, the site notices.

``site_notices`` sits in every page's shell: the archive banner (when the service is
read-only) and the blocking "We've updated our Terms" dialog (when the signed-in listener
has new terms to accept). Both states load when the shell mounts.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.state.accounts.legal import TermsGateState as Gate
from spoticlone.state.admin.archive import ArchiveBannerState as Banner
from spoticlone.state.auth.signed_in import sign_out_event


def legal_markdown(body: Any) -> rx.Component:
    """An admin's Markdown, with raw HTML off: a pasted ``<script>`` or ``<img onerror>`` shows as text."""
    return rx.box(rx.markdown(body, use_raw=False), class_name="sc-legal-body", max_width="760px",
                  line_height="1.6", data_testid="legal-body")


def terms_consent() -> rx.Component:
    """The sign-up checkbox (a native one, so an unchecked box sends nothing)."""
    return rx.el.div(
        rx.el.input(type="checkbox", id="accept_terms", name="accept_terms", required=True,
                    style={"width": "18px", "height": "18px", "margin_top": "2px", "flex_shrink": "0",
                           "accent_color": "var(--accent-9)"}),
        rx.el.label(
            "I accept the ",
            rx.link("Terms of Service", href=routes.TERMS, is_external=True, class_name="sc-auth-link"),
            " and the ",
            rx.link("Privacy Policy", href=routes.PRIVACY, is_external=True, class_name="sc-auth-link"),
            ".",
            html_for="accept_terms", style={"font_size": "14px", "line_height": "1.4"},
        ),
        style={"display": "flex", "gap": "10px", "align_items": "flex-start", "margin": "4px 0 12px"},
        class_name="sc-field",
    )


def archive_banner() -> rx.Component:
    return rx.cond(
        Banner.archived,
        rx.callout(
            Banner.notice, icon="archive", color_scheme="amber", variant="surface", role="status",
            margin_bottom="16px", data_testid="archive-banner",
        ),
    )


def _pending_line(row: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.link(row["title"].to(str), href=row["href"].to(str), is_external=True, weight="medium"),
        rx.cond(row["summary"].to(str) != "", rx.text(" — ", row["summary"].to(str), as_="span", color_scheme="gray")),
    )


def _accept_button() -> rx.Component:
    return rx.button(
        rx.cond(Gate.busy, "Saving…", "Accept"), on_click=Gate.accept, disabled=Gate.busy,
        size="3", radius="full", data_testid="accept-terms",
    )


def _terms_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(Gate.headline),
            rx.alert_dialog.description(
                "Please read what changed and accept to keep using Spoticlone. "
                "Until then you can listen, but not change anything.",
                size="2",
            ),
            rx.el.ul(rx.foreach(Gate.pending, _pending_line), style={"margin": "12px 0", "padding_left": "20px"}),
            rx.cond(Gate.error != "", rx.text(Gate.error, color_scheme="red", size="2", role="alert")),
            rx.flex(
                rx.button("Sign out", variant="soft", color_scheme="gray", size="3", radius="full",
                          on_click=sign_out_event()),
                _accept_button(),
                spacing="3", justify="end", margin_top="16px", wrap="wrap",
            ),
            on_escape_key_down=rx.prevent_default,
            max_width="480px",
            data_testid="terms-dialog",
        ),
        open=Gate.blocking,
    )


def _terms_bar() -> rx.Component:
    """On the legal pages the dialog steps aside; this bar offers the same Accept."""
    return rx.cond(
        Gate.must_accept & Gate.on_legal_page,
        rx.callout(
            rx.flex(
                rx.text(Gate.headline, ". Accept to keep using Spoticlone.", size="2"),
                _accept_button(),
                spacing="3", align="center", justify="between", wrap="wrap", width="100%",
            ),
            icon="scroll-text", color_scheme="blue", margin_bottom="16px",
        ),
    )


def site_notices() -> rx.Component:
    """Banner, bar and dialog; loads both states whenever a page's shell mounts."""
    return rx.box(
        archive_banner(),
        _terms_bar(),
        _terms_dialog(),
        on_mount=[Banner.load, Gate.load],
    )
