"""The album builder's songs: one row per song (``track_row``) and the list that orders them.

A row holds the song's title, featured artists, ISRC, licence and explicit flag; a title
and ISRC save when the field loses focus, the rest when they change. Inputs are
uncontrolled and keyed on ``form_version`` and their saved value, so only the field that
changed is redrawn. The order changes by the arrow buttons (screen readers hear "Move
<title> up") or by dragging the grip with a mouse or a finger: ``assets/studio_builder.js``
watches rows marked ``data-track-id`` and, on drop, presses the hidden ``#sc-st-order-go``
button, whose click sends the new order it reads back from the script.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.components.forms import form_error
from spoticlone.components.studio_upload import replace_audio_control
from spoticlone.state.studio.builder_tracks import BuilderTracksState as B
from spoticlone.state.studio.featured import FeaturedState as F
from spoticlone.state.studio.releases import StudioState as S

#: The order left by the last drag, handed over by the drag-and-drop script.
TAKE_ORDER = rx.Var(_js_expr="(window.scStudioBuilder ? window.scStudioBuilder.take() : [])", _var_type=list)


def _key(field: str, track_id: Any, value: Any) -> Any:
    """A song field's React key: redrawn after a reload or when its saved value changes."""
    return S.form_version.to_string() + "-" + field + track_id + "-" + value


def _featured_chip(artist: Any, track_id: Any, title: Any) -> rx.Component:
    return rx.el.span(
        artist["name"],
        rx.el.button(rx.icon("x", size=12), type="button",
                     on_click=F.remove(track_id, artist["id"].to(int)),
                     aria_label="Remove " + artist["name"].to(str) + " from " + title),
        class_name="sc-st-chip",
        data_testid="featured-chip",
    )


def _featured_search(track_id: Any, tid: Any, title: Any) -> rx.Component:
    return rx.el.div(
        rx.el.form(
            rx.el.label("Find an artist to feature on " + title, html_for="sc-st-f-" + tid,
                        class_name="sc-visually-hidden"),
            rx.el.div(
                rx.el.input(id="sc-st-f-" + tid, name="q", placeholder="Artist name", class_name="sc-input",
                            max_length=100, auto_complete="off", data_testid="featured-query"),
                rx.el.button("Search", type="submit", class_name="sc-btn sc-btn-secondary sc-btn-small"),
                rx.el.button("Done", type="button", on_click=F.close,
                             class_name="sc-btn sc-btn-secondary sc-btn-small"),
                class_name="sc-st-row",
            ),
            on_submit=F.search, reset_on_submit=False,
        ),
        rx.cond(
            F.results.length() > 0,
            rx.el.ul(
                rx.foreach(F.results, lambda r: rx.el.li(rx.el.button(
                    rx.icon("user-plus", size=14), r["name"],
                    rx.cond(r["verified"].to(bool), rx.icon("badge-check", size=14, aria_label="verified"),
                            rx.fragment()),
                    type="button", on_click=F.add(r["id"].to(int)), data_testid="featured-result",
                ))),
                class_name="sc-st-results", aria_label="Artists found",
            ),
            rx.cond(F.searched, rx.el.p("No artist by that name. Check the spelling, or try part of the name.",
                                        class_name="sc-st-hint"), rx.fragment()),
        ),
        class_name="sc-st-search",
    )


def _featured(t: Any, track_id: Any, tid: Any) -> rx.Component:
    title = t["title"].to(str)
    return rx.el.div(
        rx.el.div(
            rx.cond(t["featured"].to(list).length() > 0, rx.el.span("feat.", class_name="sc-st-meta"),
                    rx.fragment()),
            rx.foreach(t["featured"].to(list[dict[str, Any]]), lambda a: _featured_chip(a, track_id, title)),
            rx.cond(F.track_id == track_id, rx.fragment(),
                    rx.el.button(rx.icon("plus", size=12), "Featured artist", type="button",
                                 on_click=F.open_for(track_id), class_name="sc-st-addfeat",
                                 aria_label="Add a featured artist to " + title, data_testid="add-featured")),
            class_name="sc-st-chips",
        ),
        rx.cond(F.track_id == track_id, rx.fragment(_featured_search(track_id, tid, title), form_error(F.error)),
                rx.fragment()),
    )


def track_row(t: Any) -> rx.Component:
    """One song of the release in the builder (other helpers may add controls here)."""
    track_id = t["id"].to(int)
    tid = t["id"].to_string()
    title = t["title"].to(str)
    return rx.el.li(
        rx.el.span(rx.icon("grip-vertical", size=18), class_name="sc-st-handle", title="Drag to reorder",
                   aria_hidden="true", custom_attrs={"data-drag-handle": "1"}),
        rx.el.span(t["number"].to_string(), class_name="sc-st-num"),
        rx.el.div(
            rx.el.label("Title of song " + t["number"].to_string(), html_for="sc-st-t-" + tid,
                        class_name="sc-visually-hidden"),
            rx.el.input(id="sc-st-t-" + tid, default_value=t["title"], key=_key("t", tid, title),
                        on_blur=lambda v: B.set_title(track_id, v), class_name="sc-input", max_length=300),
            rx.el.div(t["duration"], " · ", t["status_label"],
                      rx.link("Sync lyrics", href=t["lyrics_url"]), class_name="sc-st-small"),
            _featured(t, track_id, tid),
            replace_audio_control(tid, title),
        ),
        rx.el.div(
            rx.el.button(rx.icon("arrow-up", size=16), type="button", id="sc-st-up-" + tid,
                         on_click=B.move(track_id, -1), disabled=t["number"].to(int) <= 1,
                         class_name="sc-st-iconbtn", aria_label="Move " + title + " up"),
            rx.el.button(rx.icon("arrow-down", size=16), type="button", id="sc-st-down-" + tid,
                         on_click=B.move(track_id, 1), disabled=t["number"].to(int) >= S.tracks.length(),
                         class_name="sc-st-iconbtn", aria_label="Move " + title + " down"),
            class_name="sc-st-move",
        ),
        rx.el.div(
            rx.el.label("ISRC", html_for="sc-st-i-" + tid, class_name="sc-st-label"),
            rx.el.input(id="sc-st-i-" + tid, default_value=t["isrc"], key=_key("i", tid, t["isrc"].to(str)),
                        on_blur=lambda v: B.set_isrc(track_id, v), class_name="sc-input",
                        placeholder="Optional", max_length=20, spell_check=False),
            class_name="sc-st-field sc-st-cell",
        ),
        rx.el.div(
            rx.el.label("Licence", html_for="sc-st-l-" + tid, class_name="sc-st-label"),
            rx.el.select(
                rx.foreach(S.licence_options, lambda lic: rx.el.option(lic["name"], value=lic["name"])),
                id="sc-st-l-" + tid, default_value=t["licence"], key=_key("l", tid, t["licence"].to(str)),
                on_change=lambda v: B.set_licence(track_id, v), class_name="sc-input",
            ),
            rx.cond(t["licence_url"] != "",
                    rx.el.a("About this licence", href=t["licence_url"], target="_blank", rel="noopener noreferrer",
                            class_name="sc-st-small"),
                    rx.fragment()),
            class_name="sc-st-field sc-st-cell",
        ),
        rx.el.div(
            rx.checkbox("Explicit", default_checked=t["explicit"].to(bool),
                        key=_key("e", tid, t["explicit"].to_string()),
                        on_change=lambda v: B.set_explicit(track_id, v)),
            class_name="sc-st-cell",
        ),
        rx.cond(S.track_error_id == track_id,
                rx.el.div(form_error(S.error), style={"grid_column": "1 / -1"}), rx.fragment()),
        class_name=rx.cond(S.track_error_id == track_id, "sc-st-track sc-st-bad", "sc-st-track"),
        custom_attrs={"data-track-id": tid},
        data_testid="builder-track",
    )


def songs_card() -> rx.Component:
    """The release's songs in order, with the hidden hand-over button for drag and drop."""
    return rx.el.section(
        rx.el.div(rx.el.h2("Songs"),
                  rx.el.span("Changes save as you go. Drag the grip, or use the arrows, to change the order.",
                             class_name="sc-st-count"),
                  class_name="sc-st-card-head"),
        rx.el.ol(rx.foreach(S.tracks, track_row), class_name="sc-st-list", id="sc-st-tracks",
                 key=S.form_version.to_string(), aria_label="Songs in release order"),
        rx.el.button("Save order", id="sc-st-order-go", type="button", tab_index=-1, aria_hidden="true",
                     on_click=B.reorder(TAKE_ORDER), class_name="sc-st-order-hidden"),
        rx.el.button("Reload songs", id="sc-st-reload", type="button", tab_index=-1, aria_hidden="true",
                     on_click=B.reload, class_name="sc-st-order-hidden"),
        class_name="sc-st-card",
        aria_label="Songs",
    )
