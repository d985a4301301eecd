"""/admin/reports: reported items with their reports; hide, dismiss, or restore after a counter-notice."""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.template import page
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.moderation.review import ReviewState as S


def _report(report: Any) -> rx.Component:
    return rx.box(
        rx.flex(
            rx.badge(report["reason"].to(str), color_scheme="amber", variant="soft"),
            rx.text(report["reporter"].to(str), weight="bold", size="2"),
            rx.text(report["contact"].to(str), size="2", color_scheme="gray"),
            rx.text(report["when"].to(str), size="1", color_scheme="gray"),
            spacing="2", align="center", wrap="wrap",
        ),
        rx.text(report["statement"].to(str), size="2", margin_top="6px", white_space="pre-wrap",
                data_testid="report-statement-text"),
        padding="10px 0", border_top="1px solid var(--gray-a5)", width="100%",
    )


def _actions(item: Any) -> rx.Component:
    kind, target_id = item["target_type"].to(str), item["target_id"].to(int)
    return rx.flex(
        rx.cond(
            item["hidden"].to(bool),
            rx.button("Restore", on_click=S.restore(kind, target_id), disabled=S.busy, radius="full",
                      data_testid="report-restore"),
            rx.fragment(
                rx.button("Hide everywhere", on_click=S.hide(kind, target_id), disabled=S.busy, radius="full",
                          color_scheme="red", data_testid="report-hide"),
                rx.button("Dismiss", on_click=S.dismiss(kind, target_id), disabled=S.busy, radius="full",
                          variant="soft", color_scheme="gray", data_testid="report-dismiss"),
            ),
        ),
        spacing="2", wrap="wrap",
    )


def _item(item: Any) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.box(
                rx.flex(
                    rx.badge(item["kind"].to(str), variant="outline"),
                    rx.cond(item["hidden"].to(bool), rx.badge("Hidden", color_scheme="red")),
                    rx.text(item["count"].to(str), size="2", color_scheme="gray"),
                    spacing="2", align="center", wrap="wrap",
                ),
                rx.link(item["title"].to(str), href=item["url"].to(str), weight="bold", size="4",
                        margin_top="6px", display="block", class_name="sc-link"),
                rx.text("Owner: ", item["owner"].to(str), size="2", color_scheme="gray"),
                min_width="0",
            ),
            _actions(item),
            justify="between", spacing="3", direction=rx.breakpoints(initial="column", sm="row"),
            align=rx.breakpoints(initial="start", sm="center"),
        ),
        rx.cond(
            item["counter_notice"].to(str) != "",
            rx.callout(rx.text(rx.el.strong("Counter-notice from the owner: "), item["counter_notice"].to(str),
                               white_space="pre-wrap"),
                       icon="message-square-reply", color_scheme="blue", margin_top="10px",
                       data_testid="counter-notice"),
        ),
        rx.box(rx.foreach(item["reports"].to(list[dict[str, Any]]), _report), margin_top="10px"),
        width="100%", data_testid="report-item",
    )


def _queue() -> rx.Component:
    return rx.vstack(
        rx.text("Hiding makes the item unavailable everywhere (pages, search, radio, playlists, streaming, "
                "link previews, Subsonic apps) with a notice in its place; its owner may send a counter-notice. "
                "Restoring brings it back exactly as it was.", size="2", color_scheme="gray"),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", role="alert")),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="circle-check", color_scheme="green", role="status",
                                           data_testid="review-notice")),
        rx.cond(
            S.items.length() > 0,
            rx.vstack(rx.foreach(S.items, _item), spacing="3", width="100%"),
            rx.callout("Nothing to review: no open reports and no counter-notices.", icon="circle-check",
                       color_scheme="gray", data_testid="review-empty"),
        ),
        spacing="4", width="100%", max_width="900px", align="start",
    )


def _not_allowed() -> rx.Component:
    return rx.callout("Only administrators can see this page.", icon="lock", color_scheme="gray", size="3",
                      data_testid="admin-not-allowed", max_width="560px")


@page(routes.ADMIN_REPORTS, title="Reports", description="Administration: review reported content.",
      on_load=[AuthState.require_account, S.load])
def admin_reports_page() -> rx.Component:
    return rx.fragment(
        page_title("Reports"),
        rx.cond(
            AuthState.signed_in & S.loaded,
            rx.cond(S.allowed, _queue(), _not_allowed()),
            loading_block("320px"),
        ),
    )
