"""The "Report" dialog, its openers, and the notice shown instead of hidden content.

The dialog is rendered once per page by the page template; ``report_menu_item`` (a track
row menu) and ``report_button`` (a page header) open it for one item. Every text a person
typed is shown as plain text.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.moderation.notice import HiddenNoticeState as N
from spoticlone.state.moderation.report import ReportState as R

REASONS = (("copyright", "Copyright infringement"), ("abuse", "Abuse or harassment"), ("other", "Something else"))


def report_menu_item(kind: str, target_id: Any, title: Any) -> rx.Component:
    """"Report" in a row menu (e.g. a track's "…" menu)."""
    return rx.menu.item(rx.icon("flag", size=16), "Report", on_select=R.open_for(kind, target_id, title),
                        data_testid="report-open")


def report_button(kind: str, target_id: Any, title: Any) -> rx.Component:
    """A quiet "Report" button for a page header (album, playlist, profile)."""
    return rx.button(rx.icon("flag", size=16), "Report", type="button", variant="ghost", color_scheme="gray",
                     radius="full", on_click=R.open_for(kind, target_id, title), data_testid="report-open")


def _label(text: str, html_for: str) -> rx.Component:
    return rx.el.label(text, html_for=html_for, class_name="sc-label")


def _form() -> rx.Component:
    return rx.vstack(
        rx.box(
            rx.el.div("Why are you reporting it?", class_name="sc-label", id="report-reason-label"),
            rx.radio_group.root(
                rx.vstack(*[rx.el.label(rx.flex(rx.radio_group.item(value=value), rx.text(text, size="2"), spacing="2",
                                                     align="center"))
                            for value, text in REASONS], spacing="2"),
                value=R.reason, on_change=R.choose_reason, aria_labelledby="report-reason-label",
                data_testid="report-reason",
            ),
            width="100%",
        ),
        rx.box(
            _label("What is wrong?", "report-statement"),
            rx.text_area(id="report-statement", value=R.statement, on_change=R.set_statement, rows="5",
                         width="100%", max_length=4000, data_testid="report-statement",
                         placeholder="For copyright: which work is yours, and where this copy infringes it."),
            width="100%",
        ),
        rx.box(
            _label("Your email address", "report-email"),
            rx.input(id="report-email", type="email", value=R.contact_email, on_change=R.set_contact_email,
                     width="100%", size="3", data_testid="report-email",
                     placeholder=rx.cond(AuthState.signed_in, "Leave empty to use your account's address",
                                         "Where we tell you what we decided")),
            width="100%",
        ),
        rx.cond(R.error != "", rx.callout(R.error, icon="triangle-alert", color_scheme="red", role="alert",
                                          width="100%", data_testid="report-error")),
        rx.flex(
            rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", radius="full", type="button")),
            rx.button("Send report", on_click=R.submit, loading=R.busy, radius="full", type="button",
                      data_testid="report-send"),
            spacing="3", justify="end", width="100%",
        ),
        spacing="4", width="100%",
    )


def _thanks() -> rx.Component:
    return rx.vstack(
        rx.callout("Thank you. An administrator will review your report and email you what they decide.",
                   icon="circle-check", color_scheme="green", role="status", data_testid="report-sent"),
        rx.flex(rx.dialog.close(rx.button("Close", radius="full", type="button")), justify="end", width="100%"),
        spacing="4", width="100%",
    )


def report_dialog() -> rx.Component:
    """The one report dialog of a page, opened by ``ReportState.open_for``."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Report this " + R.noun),
            rx.dialog.description(rx.el.span("\u201c", R.target_title, "\u201d"), margin_bottom="16px"),
            rx.cond(R.sent, _thanks(), _form()),
            max_width="520px", data_testid="report-dialog",
        ),
        open=R.open, on_open_change=R.set_open,
    )


def hidden_notice() -> rx.Component:
    """What a page shows instead of hidden content; its owner also gets the counter-notice form."""
    return rx.el.div(
        rx.icon("shield-alert", size=56),
        rx.el.h1("Unavailable"),
        rx.el.p(N.message, data_testid="hidden-message"),
        rx.cond(
            N.is_owner,
            rx.cond(
                N.counter_notice_sent,
                rx.callout("Your counter-notice was sent. An administrator will review it and email you.",
                           icon="circle-check", color_scheme="green", data_testid="counter-notice-sent"),
                rx.vstack(
                    rx.el.p("This is yours. If you believe it was hidden by mistake (for example, you hold the "
                            "rights), tell the administrators why:", class_name="sc-muted"),
                    rx.text_area(value=N.counter_text, on_change=N.set_counter_text, rows="4", width="100%",
                                 aria_label="Your counter-notice", data_testid="counter-notice-text"),
                    rx.cond(N.error != "", rx.callout(N.error, icon="triangle-alert", color_scheme="red",
                                                      role="alert")),
                    rx.button("Send counter-notice", on_click=N.send_counter_notice, loading=N.busy,
                              radius="full", data_testid="counter-notice-send"),
                    spacing="3", width="100%", max_width="520px", align="center",
                ),
            ),
            rx.fragment(),
        ),
        class_name="sc-notfound",
        data_testid="hidden-notice",
    )
