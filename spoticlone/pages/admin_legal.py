"""/admin/legal: edit, preview and publish new versions of the Terms, Privacy and Licences."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.legal import legal_markdown
from spoticlone.components.template import page
from spoticlone.state.admin.legal import AdminLegalState as S
from spoticlone.state.auth.signed_in import AuthState

KIND_TABS = (("terms", "Terms"), ("privacy", "Privacy"), ("licences", "Licences"))


def _messages() -> rx.Component:
    return rx.fragment(
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", role="alert",
                                          margin_bottom="16px")),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="circle-check", color_scheme="green", role="status",
                                           margin_bottom="16px", data_testid="legal-notice")),
    )


def _tabs() -> rx.Component:
    return rx.flex(
        *[rx.button(label, on_click=S.choose(kind), radius="full", size="2",
                    variant=rx.cond(S.kind == kind, "solid", "soft"),
                    color_scheme=rx.cond(S.kind == kind, "green", "gray"), data_testid=f"legal-tab-{kind}")
          for kind, label in KIND_TABS],
        spacing="2", wrap="wrap", margin_bottom="16px",
    )


def _labelled(label: str, control: rx.Component, html_for: str) -> rx.Component:
    return rx.box(rx.el.label(label, html_for=html_for, class_name="sc-label"), control, width="100%")


def _editor() -> rx.Component:
    return rx.vstack(
        _labelled("Title", rx.input(id="legal-title", value=S.title, on_change=S.set_title, size="3",
                                    max_length=200), "legal-title"),
        _labelled("What changed (shown in the history)",
                  rx.input(id="legal-summary", value=S.summary, on_change=S.set_summary, size="3", max_length=500,
                           placeholder="e.g. Clearer rules for uploads"), "legal-summary"),
        rx.cond(
            S.preview,
            rx.card(legal_markdown(S.body), width="100%", data_testid="legal-preview"),
            _labelled("Text (Markdown)",
                      rx.text_area(id="legal-body", value=S.body, on_change=S.set_body, rows="18",
                                   width="100%", font_family="ui-monospace, monospace", resize="vertical"),
                      "legal-body"),
        ),
        rx.cond(S.can_require, rx.text(
            rx.flex(
                rx.checkbox(checked=S.requires_acceptance, on_change=S.set_requires_acceptance,
                            id="legal-requires", data_testid="legal-requires"),
                "Ask every listener to accept this version before they change anything",
                spacing="2", align="center",
            ),
            as_="label", size="2",
        )),
        rx.flex(
            rx.button(rx.cond(S.preview, "Back to editing", "Preview"), on_click=S.toggle_preview,
                      variant="soft", color_scheme="gray", radius="full", size="3", type="button"),
            rx.button(rx.cond(S.busy, "Publishing…", "Publish new version"), on_click=S.publish,
                      disabled=S.busy, radius="full", size="3", data_testid="legal-publish"),
            spacing="3", wrap="wrap",
        ),
        spacing="4", width="100%", max_width="820px", align="start",
    )


def _history_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(row["label"].to(str), href=row["href"].to(str), is_external=True)),
        rx.table.cell(row["date"].to(str)),
        rx.table.cell(row["summary"].to(str)),
        rx.table.cell(rx.cond(row["asked"].to(bool), rx.badge("Asked to accept", color_scheme="blue"), "")),
    )


def _history() -> rx.Component:
    return rx.box(
        rx.heading("Published versions", size="4", margin="32px 0 8px"),
        rx.cond(
            S.history.length() > 0,
            rx.table.root(rx.table.body(rx.foreach(S.history, _history_row)), variant="surface", size="1"),
            rx.text("Nothing published yet.", color_scheme="gray"),
        ),
        max_width="820px", overflow_x="auto",
    )


def _not_allowed() -> rx.Component:
    return rx.callout("Only administrators can see this page.", icon="lock", color_scheme="gray", size="3",
                      data_testid="admin-not-allowed", max_width="560px")


@page(routes.ADMIN_LEGAL, title="Legal pages", description="Administration: Terms, Privacy and Licences.",
      on_load=[AuthState.require_account, S.load])
def admin_legal_page() -> rx.Component:
    return rx.fragment(
        page_title("Legal pages"),
        rx.cond(
            AuthState.signed_in & S.loaded,
            rx.cond(S.allowed, rx.fragment(_messages(), _tabs(), _editor(), _history()), _not_allowed()),
            loading_block("320px"),
        ),
    )
