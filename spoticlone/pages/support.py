"""The listener's support pages: /support (my requests), /support/new (the form), one conversation."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, not_found_view, page_title, pagination
from spoticlone.components.file_picker import PICTURE_ACCEPT, file_picker
from spoticlone.components.support import (
    context_facts,
    conversation,
    messages,
    reply_box,
    request_list,
    sign_in_prompt,
    status_badge,
)
from spoticlone.components.template import page
from spoticlone.services.media.picture_uploads import MAX_PICTURE_BYTES
from spoticlone.services.support import rules
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.support.requests import (
    CATEGORY_OPTIONS,
    ConversationState as C,
    MyRequestsState as L,
    NewRequestState as F,
)

UPLOAD_ID = "support-screenshot"
SIGN_IN_TEXT = "Sign in to contact support and follow your requests."


def _signed_in_only(content: rx.Component) -> rx.Component:
    return rx.cond(
        AuthState.signed_in, content,
        rx.cond(AuthState.checked, sign_in_prompt(SIGN_IN_TEXT), loading_block("240px")),
    )


@page(routes.SUPPORT, title="My support requests", description="Your requests to support and their answers.",
      on_load=L.load)
def my_requests_page() -> rx.Component:
    return rx.fragment(
        rx.flex(
            page_title("My support requests"),
            rx.link(rx.icon("plus", size=16), "New request", href=routes.SUPPORT_NEW,
                    class_name="sc-btn sc-btn-primary sc-btn-small", underline="none"),
            justify="between", align="center", wrap="wrap", spacing="3", max_width="860px",
        ),
        _signed_in_only(rx.box(
            messages(L.error),
            rx.cond(L.loaded, request_list(L.items, empty="You have not contacted support yet."), loading_block()),
            pagination(L.page, L.pages, routes.SUPPORT),
            rx.link("Back to Help", href=routes.HELP, class_name="sc-link", display="inline-block", margin_top="16px"),
        )),
    )


def _field(label: str, control: rx.Component, html_for: str, hint: rx.Component | None = None) -> rx.Component:
    return rx.box(rx.el.label(label, html_for=html_for, class_name="sc-label"), control,
                  hint or rx.fragment(), width="100%")


def _screenshot() -> rx.Component:
    return rx.box(
        rx.el.span("Screenshot (optional)", class_name="sc-label"),
        rx.flex(
            file_picker(
                rx.el.button(rx.icon("image-up", size=16), "Add a screenshot", type="button",
                             class_name="sc-btn sc-btn-secondary sc-btn-small", disabled=F.uploading,
                             data_testid="support-add-screenshot"),
                upload_id=UPLOAD_ID, accept=PICTURE_ACCEPT, max_bytes=MAX_PICTURE_BYTES,
                on_file=F.upload_screenshot, on_refused=F.screenshot_rejected,
            ),
            rx.cond(F.uploading, rx.text("Reading…", size="2", color_scheme="gray", role="status")),
            rx.cond(F.screenshot_name != "", rx.flex(
                rx.icon("image", size=16), rx.text(F.screenshot_name, size="2", data_testid="support-screenshot-name"),
                rx.el.button("Remove", type="button", on_click=F.remove_screenshot, class_name="sc-link"),
                spacing="2", align="center")),
            spacing="3", align="center", wrap="wrap", margin_top="6px",
        ),
        rx.text("PNG, JPEG or WebP up to 10 MB. We remove its hidden details (camera, location) before "
                "keeping it, and only you and our support team can see it.", size="1", color_scheme="gray"),
    )


def _context() -> rx.Component:
    return rx.box(
        rx.text(
            rx.flex(
                rx.checkbox(checked=F.attach_context, on_change=F.set_attach_context, id="support-context",
                            data_testid="support-attach-context"),
                "Attach details that help us find the problem",
                spacing="2", align="center",
            ),
            as_="label", size="2", weight="medium",
        ),
        rx.box(
            rx.text("Page you came from: ", rx.cond(F.context_page != "", F.context_page, "—"), size="1"),
            rx.text("Song playing: ", rx.cond(F.context_track != "", F.context_track, "—"), size="1"),
            rx.text("Browser: ", rx.cond(F.user_agent != "", F.user_agent, "—"), size="1",
                    style={"overflow_wrap": "anywhere"}),
            color=rx.cond(F.attach_context, "var(--gray-12)", "var(--gray-8)"),
            text_decoration=rx.cond(F.attach_context, "none", "line-through"),
            padding="8px 12px", margin_top="6px", border_radius="8px", background="var(--gray-a2)",
            data_testid="support-context-preview",
        ),
        rx.cond(~F.attach_context, rx.text("None of this will be sent.", size="1", color_scheme="gray")),
        width="100%",
    )


def _form() -> rx.Component:
    return rx.vstack(
        _field("What is it about?", rx.select.root(
            rx.select.trigger(id="support-category", width="100%", data_testid="support-category"),
            rx.select.content(*[rx.select.item(o["label"], value=o["value"]) for o in CATEGORY_OPTIONS]),
            value=F.category, on_change=F.set_category, size="3",
        ), "support-category"),
        _field("Subject", rx.input(id="support-subject", value=F.subject, on_change=F.set_subject, size="3",
                                   max_length=rules.MAX_SUBJECT, placeholder="e.g. Songs stop after 30 seconds",
                                   data_testid="support-subject"), "support-subject"),
        _field("Message", rx.text_area(id="support-message", value=F.message, on_change=F.set_message, rows="8",
                                       width="100%", resize="vertical", data_testid="support-message-input",
                                       placeholder="What happened, what you expected, and what you tried."),
               "support-message",
               rx.text(rx.cond(F.message_left >= 0, F.message_left.to_string() + " characters left",
                               "Too long by " + (-F.message_left).to_string() + " characters"),
                       size="1", color_scheme=rx.cond(F.message_left >= 0, "gray", "red"))),
        _screenshot(),
        _context(),
        messages(F.error),
        rx.button(rx.cond(F.busy, "Sending…", "Send to support"), on_click=F.submit, disabled=F.busy | F.uploading,
                  size="3", radius="full", data_testid="support-send"),
        spacing="4", width="100%", max_width="680px", align="start",
    )


@page(routes.SUPPORT_NEW, title="Contact support", description="Ask our support team for help.",
      on_load=F.load)
def new_request_page() -> rx.Component:
    return rx.fragment(
        page_title("Contact support"),
        rx.text("Tell us what is wrong; we answer here and let you know. Quick answers are on the ",
                rx.link("Help page", href=routes.HELP), ".", color_scheme="gray", size="3", margin_bottom="16px",
                as_="p"),
        _signed_in_only(_form()),
    )


def _conversation() -> rx.Component:
    return rx.vstack(
        rx.flex(
            page_title(C.request["subject"].to(str)),
            status_badge(C.request["status"].to(str), C.request["status_label"].to(str)),
            spacing="3", align="center", wrap="wrap",
        ),
        rx.text(C.request["category_label"].to(str), " · opened ", C.request["opened"].to(str), size="2",
                color_scheme="gray"),
        context_facts(C.request),
        conversation(C.thread),
        messages(C.error),
        reply_box(C.reply, C.set_reply),
        rx.flex(
            rx.button(rx.cond(C.busy, "Sending…", "Send reply"), on_click=C.send, disabled=C.busy, size="3",
                      radius="full", data_testid="support-send-reply"),
            rx.link("All my requests", href=routes.SUPPORT, class_name="sc-link"),
            spacing="4", align="center", wrap="wrap",
        ),
        spacing="4", width="100%", align="start",
    )


@page(routes.SUPPORT_REQUEST_ROUTE, title="Support request", description="A conversation with support.",
      on_load=C.load)
def conversation_page() -> rx.Component:
    return _signed_in_only(rx.cond(
        C.not_found, not_found_view("support request"),
        rx.cond(C.loaded & (C.request.length() > 0), _conversation(), loading_block("360px")),
    ))
