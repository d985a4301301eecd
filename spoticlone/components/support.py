"""Support desk UI parts: Help answers, status badges, request rows and the conversation.

Help answers are admin Markdown shown through ``legal_markdown`` (raw HTML off, so a pasted
``<script>`` is text). Everything listeners or admins write in a conversation is plain text
(``white-space: pre-wrap`` keeps their line breaks), never Markdown or HTML.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.components.legal import legal_markdown

STATUS_COLORS = {"open": "green", "waiting": "amber", "closed": "gray"}
BUBBLE = {"padding": "12px 14px", "border_radius": "12px", "max_width": "min(640px, 100%)",
          "white_space": "pre-wrap", "overflow_wrap": "anywhere", "line_height": "1.5"}


def help_markdown(body: Any) -> rx.Component:
    """An answer's Markdown with raw HTML off (the legal pages' renderer)."""
    return legal_markdown(body)


def status_badge(status: Any, label: Any) -> rx.Component:
    return rx.badge(
        label,
        color_scheme=rx.match(status, ("open", "green"), ("waiting", "amber"), "gray"),
        radius="full", variant="soft", data_testid="support-status",
    )


def help_article(row: rx.Var) -> rx.Component:
    """One question: a section heading before the first of its section, then a native disclosure."""
    return rx.fragment(
        rx.cond(row["first"].to(bool), rx.heading(row["section"].to(str), size="5", margin="28px 0 8px")),
        rx.el.details(
            rx.el.summary(row["title"].to(str), style={"cursor": "pointer", "font_weight": "600", "font_size": "16px",
                                                        "padding": "12px 0"}),
            rx.box(help_markdown(row["body"].to(str)), padding="0 0 12px 4px"),
            style={"border_bottom": "1px solid var(--gray-a5)"},
            data_testid="help-article",
        ),
    )


def sign_in_prompt(text: str) -> rx.Component:
    """What a signed-out visitor sees instead of the support pages."""
    here = rx.State.router.url.path.to(str)
    return rx.callout(
        rx.flex(
            rx.text(text),
            rx.link("Sign in", href=routes.SIGN_IN + "?next=" + here, class_name="sc-btn sc-btn-primary sc-btn-small",
                    underline="none", data_testid="support-sign-in"),
            spacing="3", align="center", wrap="wrap",
        ),
        icon="log-in", color_scheme="gray", size="2", max_width="640px", data_testid="support-sign-in-prompt",
    )


def messages(error: Any, notice: Any = "") -> rx.Component:
    return rx.fragment(
        rx.cond(error != "", rx.callout(error, icon="triangle-alert", color_scheme="red", role="alert",
                                        margin_bottom="12px", data_testid="support-error")),
        rx.cond(notice != "", rx.callout(notice, icon="circle-check", color_scheme="green", role="status",
                                         margin_bottom="12px", data_testid="support-notice")),
    )


def request_row(row: rx.Var, *, staff: bool = False) -> rx.Component:
    """A request in a list: subject, category, when; who filed it and who handles it for admins."""
    details = [row["category_label"].to(str), " · ", row["messages_label"].to(str), " · ", row["updated"].to(str)]
    if staff:
        details = [row["username"].to(str), " · ", *details]
    return rx.link(
        rx.flex(
            rx.box(
                rx.text(row["subject"].to(str), weight="bold", size="3", class_name="sc-support-subject"),
                rx.text(*details, size="2", color_scheme="gray"),
                rx.cond(staff & (row["assigned_to_name"].to(str) != ""),
                        rx.text("Assigned to ", row["assigned_to_name"].to(str), size="1", color_scheme="gray")),
                min_width="0", flex="1",
            ),
            status_badge(row["status"].to(str), row["status_label"].to(str)),
            spacing="3", align="center", justify="between", width="100%",
        ),
        href=row["href"].to(str), underline="none", color="inherit", display="block", padding="14px 16px",
        border_bottom="1px solid var(--gray-a4)", _hover={"background": "var(--gray-a3)"},
        data_testid="support-request-row",
    )


def request_list(items: Any, *, staff: bool = False, empty: str = "") -> rx.Component:
    return rx.cond(
        items.length() > 0,
        rx.box(rx.foreach(items, lambda row: request_row(row, staff=staff)), border="1px solid var(--gray-a5)",
               border_radius="12px", overflow="hidden", max_width="860px"),
        rx.text(empty, color_scheme="gray", data_testid="support-empty"),
    )


def message_bubble(row: rx.Var) -> rx.Component:
    staff = row["from_staff"].to(bool)
    return rx.flex(
        rx.box(
            rx.text(row["author_name"].to(str), " · ", row["when"].to(str), size="1", color_scheme="gray",
                    margin_bottom="4px"),
            rx.text(row["body"].to(str), size="3", as_="div"),
            style={**BUBBLE, "background": rx.cond(staff, "var(--green-a3)", "var(--gray-a3)")},
        ),
        justify=rx.cond(staff, "start", "end"), width="100%", data_testid="support-message",
    )


def conversation(thread: Any) -> rx.Component:
    return rx.vstack(rx.foreach(thread, message_bubble), spacing="3", width="100%", max_width="860px")


def context_facts(request: Any, screenshot_alt: str = "Screenshot attached to the request") -> rx.Component:
    """The context the listener agreed to attach, and the screenshot, if any."""
    def fact(label: str, key: str) -> rx.Component:
        return rx.cond(request[key].to(str) != "",
                       rx.text(rx.text.strong(label + ": "), request[key].to(str), size="2",
                               style={"overflow_wrap": "anywhere"}))

    return rx.box(
        fact("Page", "context_page"),
        fact("Playing", "context_track"),
        fact("Browser", "context_user_agent"),
        rx.cond(
            request["has_screenshot"].to(bool),
            rx.link(rx.el.img(src=request["screenshot_url"].to(str), alt=screenshot_alt,
                              style={"max_width": "min(360px, 100%)", "border_radius": "8px", "margin_top": "8px",
                                     "border": "1px solid var(--gray-a5)"}),
                    href=request["screenshot_url"].to(str), is_external=True),
        ),
        max_width="860px", data_testid="support-context",
    )


def reply_box(value: Any, on_change: Any, label: str = "Your reply") -> rx.Component:
    return rx.box(
        rx.el.label(label, html_for="support-reply", class_name="sc-label"),
        rx.text_area(id="support-reply", value=value, on_change=on_change, rows="5", width="100%",
                     resize="vertical", data_testid="support-reply"),
        rx.text(value.length().to_string(), " / 5,000", size="1",
                color_scheme=rx.cond(value.length() > 5000, "red", "gray")),
        width="100%", max_width="860px",
    )
