"""/admin/support (the inbox), /admin/support/<id> (one request) and /admin/help (answers, canned replies)."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, not_found_view, page_title
from spoticlone.components.support import (
    context_facts,
    conversation,
    help_markdown,
    messages,
    reply_box,
    request_list,
    status_badge,
)
from spoticlone.components.template import page
from spoticlone.services.support import rules
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.support.help import HelpEditorState as H
from spoticlone.state.support.inbox import SupportInboxState as I, SupportTicketState as T

STATUS_TABS = (("open", "Open"), ("waiting", "Waiting"), ("closed", "Closed"), ("all", "All"))
ASSIGNED_TABS = (("anyone", "Anyone"), ("me", "Me"), ("nobody", "Nobody"))
SELECT_STYLE = {"display": "block", "padding": "8px 10px", "border_radius": "8px", "min_width": "180px",
                "margin_top": "4px", "border": "1px solid var(--gray-a7)", "background": "var(--gray-a2)",
                "color": "inherit"}


def _not_allowed() -> rx.Component:
    return rx.callout("Only administrators can see this page.", icon="lock", color_scheme="gray", size="3",
                      data_testid="admin-not-allowed", max_width="560px")


def _admin_only(state, content: rx.Component) -> rx.Component:
    return rx.cond(AuthState.signed_in & state.loaded, rx.cond(state.allowed, content, _not_allowed()),
                   loading_block("320px"))


def _pill(label: str, active, on_click, count=None, testid: str = "") -> rx.Component:
    return rx.button(label, rx.cond(count is not None, rx.text(count, as_="span", opacity="0.7"), ""),
                     on_click=on_click, radius="full", size="2",
                     variant=rx.cond(active, "solid", "soft"), color_scheme=rx.cond(active, "green", "gray"),
                     data_testid=testid)


def _filters() -> rx.Component:
    return rx.vstack(
        rx.flex(
            *[_pill(label, I.status == key, I.filter_status(key), I.counts[key].to_string(),
                    f"inbox-status-{key}") for key, label in STATUS_TABS],
            spacing="2", wrap="wrap",
        ),
        rx.flex(
            rx.text("Assigned to", size="2", color_scheme="gray"),
            *[_pill(label, I.assigned == key, I.filter_assigned(key), testid=f"inbox-assigned-{key}")
              for key, label in ASSIGNED_TABS],
            spacing="2", wrap="wrap", align="center",
        ),
        spacing="3", margin="8px 0 16px",
    )


def _pager() -> rx.Component:
    """Previous/next within the current filters (the shared pager knows only ``?page=``)."""
    return rx.cond(I.pages > 1, rx.flex(
        rx.cond(I.page > 1, rx.link("Previous", href=I.base_url + "&page=" + (I.page - 1).to_string())),
        rx.text("Page ", I.page.to_string(), " of ", I.pages.to_string(), size="2"),
        rx.cond(I.page < I.pages, rx.link("Next", href=I.base_url + "&page=" + (I.page + 1).to_string())),
        spacing="4", align="center", margin_top="12px",
    ))


@page(routes.ADMIN_SUPPORT, title="Support inbox", description="Administration: listeners' support requests.",
      on_load=[AuthState.require_account, I.load])
def admin_support_page() -> rx.Component:
    return rx.fragment(
        rx.flex(
            page_title("Support inbox"),
            rx.link(rx.icon("pencil", size=14), "Help page and canned answers", href=routes.ADMIN_HELP,
                    class_name="sc-btn sc-btn-secondary sc-btn-small", underline="none"),
            justify="between", align="center", wrap="wrap", spacing="3", max_width="860px",
        ),
        _admin_only(I, rx.box(
            messages(I.error), _filters(),
            request_list(I.items, staff=True, empty="Nothing here. Every request in this view has been handled."),
            _pager(),
        )),
    )


def _side_controls() -> rx.Component:
    return rx.flex(
        rx.box(
            rx.el.label("Assigned to", html_for="support-assignee", class_name="sc-label"),
            rx.el.select(
                rx.el.option("Nobody", value=""),
                rx.foreach(T.admins, lambda a: rx.el.option(a["username"], value=a["id"])),
                id="support-assignee", value=T.request["assignee"].to(str), on_change=T.assign,
                class_name="sc-select", data_testid="support-assignee",
                style=SELECT_STYLE,
            ),
        ),
        rx.box(
            rx.el.label("Status", html_for="support-status-select", class_name="sc-label"),
            rx.el.select(
                *[rx.el.option(label, value=key) for key, label in rules.STAFF_STATUSES.items()],
                id="support-status-select", value=T.request["status"].to(str), on_change=T.set_status,
                data_testid="support-status-select",
                style=SELECT_STYLE,
            ),
        ),
        spacing="4", wrap="wrap",
    )


def _canned_menu() -> rx.Component:
    return rx.cond(
        T.canned.length() > 0,
        rx.menu.root(
            rx.menu.trigger(rx.button(rx.icon("text-quote", size=16), "Insert canned answer", variant="soft",
                                      color_scheme="gray", radius="full", size="2", type="button",
                                      data_testid="support-canned")),
            rx.menu.content(rx.foreach(T.canned, lambda c: rx.menu.item(
                c["title"].to(str), on_click=T.insert_canned(c["id"].to(str))))),
        ),
        rx.link("Add canned answers", href=routes.ADMIN_HELP, size="2"),
    )


def _ticket() -> rx.Component:
    return rx.vstack(
        rx.link("← Support inbox", href=routes.ADMIN_SUPPORT, size="2"),
        rx.flex(page_title(T.request["subject"].to(str)),
                status_badge(T.request["status"].to(str), T.request["status_label"].to(str)),
                spacing="3", align="center", wrap="wrap"),
        rx.text("From ", rx.text.strong(T.request["username"].to(str)), " · ", T.request["category_label"].to(str),
                " · opened ", T.request["opened"].to(str), size="2", color_scheme="gray"),
        _side_controls(),
        context_facts(T.request),
        conversation(T.thread),
        messages(T.error, T.notice),
        reply_box(T.reply, T.set_reply, "Answer (the listener sees it in the app and is notified)"),
        rx.flex(
            rx.button(rx.cond(T.busy, "Sending…", "Send reply"), on_click=T.send(False), disabled=T.busy,
                      radius="full", size="3", data_testid="support-staff-send"),
            rx.button("Send and close", on_click=T.send(True), disabled=T.busy, radius="full", size="3",
                      variant="soft", color_scheme="gray"),
            _canned_menu(),
            spacing="3", align="center", wrap="wrap",
        ),
        spacing="4", width="100%", align="start",
    )


@page(routes.ADMIN_SUPPORT_REQUEST_ROUTE, title="Support request",
      description="Administration: one support request.", on_load=[AuthState.require_account, T.load])
def admin_ticket_page() -> rx.Component:
    return _admin_only(T, rx.cond(T.not_found, not_found_view("support request"), _ticket()))


def _article_item(row: rx.Var) -> rx.Component:
    return rx.el.li(rx.link(row["section"].to(str), " — ", row["title"].to(str), on_click=H.edit_article(row["id"]),
                            cursor="pointer", weight=rx.cond(H.article_id == row["id"], "bold", "regular")))


def _canned_item(row: rx.Var) -> rx.Component:
    return rx.el.li(rx.link(row["title"].to(str), on_click=H.edit_canned(row["id"]), cursor="pointer",
                            weight=rx.cond(H.canned_id == row["id"], "bold", "regular")))


def _labelled(label: str, control: rx.Component, html_for: str) -> rx.Component:
    return rx.box(rx.el.label(label, html_for=html_for, class_name="sc-label"), control, width="100%")


def _article_editor() -> rx.Component:
    return rx.vstack(
        rx.heading("Help page answers", size="5"),
        rx.el.ul(rx.foreach(H.articles, _article_item), style={"padding_left": "20px", "line_height": "1.9"}),
        rx.button(rx.icon("plus", size=14), "New answer", on_click=H.new_article, variant="soft", radius="full",
                  size="2"),
        rx.flex(
            _labelled("Section", rx.input(id="help-section", value=H.section, on_change=H.set_section, size="3"),
                      "help-section"),
            _labelled("Position (smaller comes first)",
                      rx.input(id="help-position", value=H.position, on_change=H.set_position, size="3",
                               inputmode="numeric"), "help-position"),
            spacing="3", width="100%", direction={"initial": "column", "sm": "row"},
        ),
        _labelled("Question", rx.input(id="help-title", value=H.title, on_change=H.set_title, size="3"), "help-title"),
        _labelled("Answer (Markdown)", rx.text_area(id="help-body", value=H.body, on_change=H.set_body, rows="8",
                                                    width="100%", font_family="ui-monospace, monospace"),
                  "help-body"),
        rx.cond(H.body != "", rx.card(help_markdown(H.body), width="100%")),
        rx.flex(
            rx.button(rx.cond(H.article_id > 0, "Save answer", "Add answer"), on_click=H.save_article,
                      radius="full", size="3", data_testid="help-save"),
            rx.cond(H.article_id > 0, rx.button("Delete", on_click=H.delete_article, color_scheme="red",
                                                 variant="soft", radius="full", size="3")),
            spacing="3",
        ),
        spacing="3", width="100%", max_width="820px", align="start",
    )


def _canned_editor() -> rx.Component:
    return rx.vstack(
        rx.heading("Canned answers", size="5", margin_top="32px"),
        rx.el.ul(rx.foreach(H.answers, _canned_item), style={"padding_left": "20px", "line_height": "1.9"}),
        rx.button(rx.icon("plus", size=14), "New canned answer", on_click=H.new_canned, variant="soft",
                  radius="full", size="2"),
        _labelled("Title", rx.input(id="canned-title", value=H.canned_title, on_change=H.set_canned_title, size="3"),
                  "canned-title"),
        _labelled("Text (plain text, as sent)",
                  rx.text_area(id="canned-body", value=H.canned_body, on_change=H.set_canned_body, rows="5",
                               width="100%"), "canned-body"),
        rx.flex(
            rx.button(rx.cond(H.canned_id > 0, "Save canned answer", "Add canned answer"), on_click=H.save_canned,
                      radius="full", size="3"),
            rx.cond(H.canned_id > 0, rx.button("Delete", on_click=H.delete_canned, color_scheme="red",
                                                variant="soft", radius="full", size="3")),
            spacing="3",
        ),
        spacing="3", width="100%", max_width="820px", align="start",
    )


@page(routes.ADMIN_HELP, title="Help page", description="Administration: the Help page and canned answers.",
      on_load=[AuthState.require_account, H.load])
def admin_help_page() -> rx.Component:
    return rx.fragment(
        page_title("Help page and canned answers"),
        _admin_only(H, rx.box(messages(H.error, H.notice), _article_editor(), _canned_editor())),
    )
