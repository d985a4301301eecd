"""/admin/editorial: feature public playlists on Home and Browse, in order, for a period (admins only)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.forms import field, form_error, form_notice, settings_card
from spoticlone.components.template import page
from spoticlone.services.discovery.editorial import MAX_BLURB, MAX_SHELF
from spoticlone.state.admin.editorial import AdminEditorialState as S
from spoticlone.state.auth.signed_in import AuthState

_DATE_INPUT = {"colorScheme": "dark"}
_STATUS_COLOURS = {"live": "var(--sc-accent)", "scheduled": "#7aa7ff", "ended": "#8a8a8a", "hidden": "#ff8a8a"}


def _input(id_: str, value: Any, on_change: Any, **props: Any) -> rx.Component:
    # A name as well as the id: Reflex 0.10.1 deprecates submitting a control by its id alone.
    return rx.el.input(id=id_, name=id_, value=value, on_change=on_change, class_name="sc-input", **props)


def _form() -> rx.Component:
    editing = S.editing_id > 0
    return settings_card(
        "Feature a playlist",
        rx.el.form(
            field("Playlist", _input("ed-playlist", S.form_playlist, S.set_form_playlist, max_length=300,
                                     placeholder="Paste its link, e.g. /playlist/12-night-drive",
                                     disabled=editing, data_testid="ed-playlist"),
                  html_for="ed-playlist", hint="Only public playlists can be featured."),
            field("Shelf", rx.fragment(
                _input("ed-shelf", S.form_shelf, S.set_form_shelf, max_length=MAX_SHELF, list="ed-shelves",
                       data_testid="ed-shelf"),
                rx.el.datalist(rx.foreach(S.shelf_names, lambda n: rx.el.option(value=n)), id="ed-shelves"),
            ), html_for="ed-shelf", hint="\u201cFeatured\u201d is Home\u2019s \u201cFeatured playlists\u201d row; "
                                         "another name starts a new shelf."),
            field("Blurb", rx.el.textarea(id="ed-blurb", name="ed-blurb", value=S.form_blurb,
                                          on_change=S.set_form_blurb, max_length=MAX_BLURB, rows=2,
                                          class_name="sc-input",
                                          data_testid="ed-blurb"),
                  html_for="ed-blurb", hint=f"One or two lines shown on the card (up to {MAX_BLURB} characters)."),
            rx.el.div(
                field("Starts", _input("ed-starts", S.form_starts, S.set_form_starts, type="datetime-local",
                                       style=_DATE_INPUT, data_testid="ed-starts"), html_for="ed-starts"),
                field("Ends (optional)", _input("ed-ends", S.form_ends, S.set_form_ends, type="datetime-local",
                                                style=_DATE_INPUT, data_testid="ed-ends"), html_for="ed-ends"),
                style={"display": "grid", "gridTemplateColumns": "repeat(auto-fit, minmax(240px, 1fr))",
                       "gap": "12px"},
            ),
            rx.el.p("Times are in ", S.tz_name, ".", class_name="sc-hint"),
            rx.el.div(
                rx.el.button(rx.cond(editing, "Save changes", "Feature playlist"), type="submit",
                             class_name="sc-btn sc-btn-primary", data_testid="ed-save"),
                rx.cond(editing, rx.el.button("Cancel", type="button", class_name="sc-btn sc-btn-secondary",
                                              on_click=S.cancel_edit), rx.fragment()),
                class_name="sc-btn-row",
            ),
            on_submit=S.save,
            reset_on_submit=False,
            class_name="sc-form",
            style={"maxWidth": "560px"},
            aria_label="Feature a playlist",
        ),
    )


def _icon_button(icon: str, label: Any, on_click: Any, *, disabled: Any = False, test_id: str) -> rx.Component:
    return rx.el.button(rx.icon(icon, size=16), type="button", class_name="sc-icon-btn", aria_label=label,
                        title=label, on_click=on_click, disabled=disabled, data_testid=test_id)


def _row(row: Any) -> rx.Component:
    name = row["playlist_name"].to(str)
    return rx.el.li(
        rx.el.div(
            rx.el.div(
                rx.link(row["playlist_name"], href=row["playlist_url"].to(str), class_name="sc-link",
                        style={"fontWeight": "700"}),
                rx.el.span(row["status_label"], style={
                    "fontSize": "12px", "fontWeight": "700", "padding": "2px 8px", "borderRadius": "999px",
                    "border": "1px solid currentColor",
                    "color": rx.Var.create(_STATUS_COLOURS)[row["status"].to(str)]}, data_testid="ed-status"),
                style={"display": "flex", "gap": "8px", "alignItems": "center", "flexWrap": "wrap"},
            ),
            rx.el.div(row["shelf"], " \u00b7 ", row["period"], class_name="sc-hint"),
            rx.cond(row["blurb"].to(str) != "", rx.el.div(row["blurb"], class_name="sc-hint",
                                                           style={"fontStyle": "italic"}), rx.fragment()),
            style={"flex": "1 1 240px", "minWidth": "0", "overflowWrap": "anywhere"},
        ),
        rx.el.div(
            _icon_button("arrow-up", "Move " + name + " up", S.move(row["id"].to(int), -1),
                         disabled=row["first"].to(bool), test_id="ed-up"),
            _icon_button("arrow-down", "Move " + name + " down", S.move(row["id"].to(int), 1),
                         disabled=row["last"].to(bool), test_id="ed-down"),
            rx.el.button("Edit", type="button", class_name="sc-btn sc-btn-secondary sc-btn-small",
                         aria_label="Edit " + name, on_click=S.edit(row["id"].to(int)), data_testid="ed-edit"),
            rx.el.button("Remove", type="button", class_name="sc-btn sc-btn-secondary sc-btn-small",
                         aria_label="Stop featuring " + name, on_click=S.remove(row["id"].to(int)),
                         data_testid="ed-remove"),
            style={"display": "flex", "gap": "6px", "alignItems": "center", "flexWrap": "wrap"},
        ),
        style={"display": "flex", "gap": "12px", "alignItems": "center", "flexWrap": "wrap",
               "padding": "12px 0", "borderBottom": "1px solid rgba(255,255,255,0.08)"},
        data_testid="ed-row",
    )


def _list() -> rx.Component:
    return settings_card(
        "Featured now and scheduled",
        rx.cond(
            S.features.length() > 0,
            rx.el.ol(rx.foreach(S.features, _row), style={"listStyle": "none", "padding": "0", "margin": "0"},
                     aria_label="Featured playlists in order", data_testid="ed-list"),
            rx.el.p("Nothing featured yet. Home and Browse show no editorial shelf until you add one.",
                    class_name="sc-hint"),
        ),
        description="Shelf by shelf, in the order listeners see them. Private playlists are hidden until "
                    "made public again; ended ones stay here until removed.",
    )


def _not_allowed() -> rx.Component:
    return rx.el.p("Only administrators can see this page.", class_name="sc-hint", data_testid="admin-not-allowed")


@page(
    routes.ADMIN_EDITORIAL,
    title="Editorial",
    description="Administration: playlists featured on Home and Browse.",
    on_load=[AuthState.require_account, S.load],
)
def admin_editorial_page() -> rx.Component:
    return rx.fragment(
        page_title("Editorial"),
        rx.cond(
            AuthState.signed_in & S.loaded,
            rx.cond(
                S.allowed,
                rx.el.div(form_notice(S.notice), form_error(S.error), _form(), _list(), class_name="sc-settings",
                          style={"maxWidth": "860px"}),
                rx.fragment(form_error(S.error), _not_allowed()),
            ),
            loading_block("320px"),
        ),
    )
