"""/terms, /privacy and /licences: the current version (or ``?version=N``) and its history."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.legal import legal_markdown
from spoticlone.components.template import page
from spoticlone.state.accounts.legal import LegalPageState as S


def _history_row(row: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.flex(
            rx.cond(
                row["current"].to(bool),
                rx.text(row["label"].to(str), weight="bold", size="2"),
                rx.link(row["label"].to(str), href=row["href"].to(str), size="2"),
            ),
            rx.text("· ", row["date"].to(str), size="2", color_scheme="gray"),
            rx.cond(row["asked"].to(bool), rx.badge("Asked to accept", color_scheme="blue", size="1")),
            align="center", wrap="wrap", style={"column_gap": "8px", "row_gap": "4px"},
        ),
        rx.cond(row["summary"].to(str) != "", rx.text(row["summary"].to(str), size="1", color_scheme="gray")),
        style={"padding": "6px 0", "list_style": "none"},
    )


def _history() -> rx.Component:
    return rx.el.section(
        rx.heading("Version history", size="4", margin_bottom="8px"),
        rx.el.ul(rx.foreach(S.history, _history_row), style={"padding": "0", "margin": "0"}),
        aria_label="Version history",
        style={"border_top": "1px solid var(--gray-a5)", "padding_top": "16px", "margin_top": "32px",
               "max_width": "760px"},
        data_testid="legal-history",
    )


def _document() -> rx.Component:
    return rx.fragment(
        rx.text("Version ", S.version, " · published ", S.published, color_scheme="gray", size="2",
                data_testid="legal-meta"),
        rx.cond(S.is_old, rx.callout(
            rx.fragment("You are reading an earlier version. ",
                        rx.link("Read the current one", href=S.router.url.path)),
            icon="history", color_scheme="gray", margin_top="12px", max_width="760px",
        )),
        rx.box(legal_markdown(S.body), margin_top="16px"),
        _history(),
    )


def _view() -> rx.Component:
    return rx.fragment(
        page_title(S.title),
        rx.cond(S.missing != "", rx.callout(S.missing, icon="info", color_scheme="gray", margin_bottom="12px")),
        rx.cond(
            S.loaded,
            rx.cond(S.version > 0, _document(),
                    rx.text("Nothing has been published here yet.", color_scheme="gray")),
            loading_block("320px"),
        ),
    )


@page(routes.TERMS, title="Terms of Service", description="The rules for using Spoticlone.",
      on_load=S.load_terms)
def terms_page() -> rx.Component:
    return _view()


@page(routes.PRIVACY, title="Privacy Policy", description="What Spoticlone keeps about you, and why.",
      on_load=S.load_privacy)
def privacy_page() -> rx.Component:
    return _view()


@page(routes.LICENCES, title="Licences", description="How the music and the software on Spoticlone are licensed.",
      on_load=S.load_licences)
def licences_page() -> rx.Component:
    return _view()
