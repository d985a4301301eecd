"""Your data (private page): ask for a copy of everything kept about you, follow it, download it."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.forms import form_error, form_notice, settings_card
from spoticlone.components.settings_tabs import settings_tabs
from spoticlone.components.template import page
from spoticlone.state.accounts.data_export import DataExportState as S
from spoticlone.state.auth.signed_in import AuthState

WHAT_IS_IN_IT = (
    "Your profile, sign-in sessions, linked accounts and app password names",
    "Every play, like, saved album, rating and follow",
    "Your playlists, also as M3U8 and XSPF files other players import",
    "Search history, recommendations, taste picks and settings",
    "For artists: your artist page, releases, uploads and the original audio files",
)
_BAR = {"width": "100%", "height": "8px", "border_radius": "999px", "background": "rgba(255,255,255,.15)",
        "overflow": "hidden", "margin": "12px 0 6px"}


def _progress_bar() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.div(style={"height": "100%", "width": S.progress.to_string() + "%",
                             "background": "var(--sc-accent)", "transition": "width .4s ease"}),
            role="progressbar", aria_valuemin=0, aria_valuemax=100, aria_valuenow=S.progress,
            aria_label="Export progress", style=_BAR, data_testid="export-progress",
        ),
        rx.el.p(S.stage, " · ", S.progress.to_string(), "%", class_name="sc-hint", role="status",
                data_testid="export-progress-text"),
    )


def _status_line() -> rx.Component:
    return rx.cond(
        S.export_id > 0,
        rx.el.p(
            rx.el.strong(S.status_words, data_testid="export-status"),
            rx.el.span(" · asked ", S.requested_at),
            rx.cond(S.size != "", rx.el.span(" · ", S.size), rx.fragment()),
            rx.cond((S.status == "ready") & (S.expires_at != ""),
                    rx.el.span(" · link works once, until ", S.expires_at), rx.fragment()),
            style={"margin": "16px 0 0"},
        ),
        rx.fragment(),
    )


def _actions() -> rx.Component:
    download = rx.cond(
        S.link_url != "",
        rx.el.button("Download my data", type="button", on_click=S.follow_emailed_link,
                     class_name="sc-btn sc-btn-primary", data_testid="export-download"),
        rx.el.button("Download my data", type="button", on_click=S.download, class_name="sc-btn sc-btn-primary",
                     data_testid="export-download"),
    )
    return rx.el.div(
        rx.cond(
            S.status == "ready",
            download,
            rx.el.button(rx.cond(S.busy, "Gathering your data…", "Request my data"), type="button",
                         on_click=S.request_copy, disabled=S.busy, class_name="sc-btn sc-btn-primary",
                         data_testid="export-request"),
        ),
        style={"display": "flex", "gap": "12px", "flex_wrap": "wrap", "margin_top": "16px"},
    )


def _export_card() -> rx.Component:
    return settings_card(
        "Your data",
        rx.el.ul(*(rx.el.li(line) for line in WHAT_IS_IN_IT),
                 style={"margin": "12px 0 0", "padding_left": "20px", "line_height": "1.7"}),
        _status_line(),
        rx.cond(S.busy, _progress_bar(), rx.fragment()),
        _actions(),
        rx.el.p("We build the zip in the background and email you a link. The link works once, for you "
                "signed in, for 7 days; then the file is deleted. You can ask once a day.",
                class_name="sc-hint", style={"margin_top": "16px"}),
        description="Download a copy of everything we keep about you, in files you can open or take to "
                    "another service (GDPR articles 15 and 20).",
    )


@page(routes.SETTINGS_PRIVACY, title="Your data", description="Download a copy of your data.",
      on_load=[AuthState.require_account, S.load])
def settings_privacy_page() -> rx.Component:
    return rx.fragment(
        page_title("Settings"),
        rx.cond(
            AuthState.signed_in & S.loaded,
            rx.el.div(
                settings_tabs(routes.SETTINGS_PRIVACY),
                form_notice(S.notice),
                form_error(S.error),
                _export_card(),
                class_name="sc-settings",
            ),
            loading_block("320px"),
        ),
    )
