"""The studio's front page (``/studio``): drafts, releases and the new-release form.

Titles are user text and render as escaped text. A draft is ticked to go into the new
release; the order of ticking is the track order (the builder can change it later).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import cover_image
from spoticlone.components.forms import form_error, form_notice
from spoticlone.components.studio_fields import badge, input_field, kind_field, select_field
from spoticlone.state.studio.release_views import ANALYTICS_PAGE, UPLOAD_PAGE
from spoticlone.state.studio.releases import StudioState as S


def header() -> rx.Component:
    return rx.el.div(
        rx.el.h1("Studio"),
        rx.el.div(
            rx.link(rx.icon("upload", size=16), "Upload music", href=UPLOAD_PAGE, class_name="sc-btn sc-btn-primary",
                    data_testid="studio-upload"),
            rx.link(rx.icon("chart-line", size=16), "Analytics", href=ANALYTICS_PAGE,
                    class_name="sc-btn sc-btn-secondary", data_testid="studio-analytics"),
            class_name="sc-btn-row",
        ),
        class_name="sc-st-top",
    )


def not_artist() -> rx.Component:
    return rx.el.div(
        rx.icon("mic-vocal", size=48),
        rx.el.p("The studio is where artists upload and release their music."),
        rx.el.p(S.not_artist),
        rx.link("Go to Settings", href=routes.SETTINGS, class_name="sc-btn sc-btn-primary"),
        class_name="sc-empty",
        data_testid="studio-not-artist",
    )


def _draft(d: Any) -> rx.Component:
    track_id = d["id"].to(int)
    return rx.el.li(
        # Uncontrolled, so a tick shows at once; the server keeps the order of ticking.
        rx.el.input(type="checkbox", class_name="sc-st-pick", default_checked=S.selected.contains(track_id),
                    key=S.form_version.to_string() + "-pick-" + d["id"].to_string(),
                    on_change=lambda _v: S.toggle_draft(track_id),
                    aria_label="Put in the new release: " + d["title"].to(str),
                    id="sc-st-pick-" + d["id"].to_string()),
        rx.el.div(
            rx.el.div(d["title"], class_name="sc-st-title"),
            rx.el.div(d["file_info"], class_name="sc-st-meta"),
            rx.cond(d["album_title"] != "",
                    rx.el.div("In release: ", d["album_title"], class_name="sc-st-meta"), rx.fragment()),
        ),
        rx.el.div(
            rx.link(rx.icon("mic-vocal", size=14), "Sync lyrics", href=d["lyrics_url"],
                    class_name="sc-btn sc-btn-secondary sc-btn-small"),
            rx.el.button(rx.icon("trash-2", size=14), "Delete", type="button",
                         on_click=S.ask("delete_draft", track_id, d["title"]),
                         class_name="sc-btn sc-btn-danger sc-btn-small",
                         aria_label="Delete draft " + d["title"].to(str)),
            class_name="sc-st-actions",
        ),
        class_name="sc-st-draft",
        data_testid="studio-draft",
    )


def new_release_form() -> rx.Component:
    return rx.cond(
        S.selected.length() > 0,
        rx.el.section(
            rx.el.h2("New release"),
            rx.el.p("Songs, in this order: ", S.selected_titles.join(" · "), class_name="sc-st-meta"),
            rx.el.form(
                input_field("title", "Title", "", wide=True, required=True, max_length=300),
                kind_field("album"),
                select_field("genre", "Genre", S.genres, "", blank="No genre"),
                input_field("release_date", "Release date (optional)", "", type="date"),
                rx.el.div(rx.el.button("Create release", type="submit", class_name="sc-btn sc-btn-primary"),
                          class_name="sc-st-field"),
                on_submit=S.create_release, reset_on_submit=False, class_name="sc-st-form",
                aria_label="New release",
            ),
            class_name="sc-st-card sc-st-new",
            aria_label="New release",
        ),
        rx.fragment(),
    )


def drafts_card() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.h2("Drafts"),
            rx.el.span(S.drafts_total.to_string() + " waiting · tick songs to put them in a release",
                       class_name="sc-st-count"),
            class_name="sc-st-card-head",
        ),
        rx.cond(
            S.drafts.length() > 0,
            rx.el.ul(rx.foreach(S.drafts, _draft), class_name="sc-st-list"),
            rx.el.div(
                rx.icon("audio-lines", size=32),
                rx.el.p("No drafts waiting. Uploaded songs land here until you put them in a release."),
                rx.link(rx.icon("upload", size=14), "Upload music", href=UPLOAD_PAGE,
                        class_name="sc-btn sc-btn-secondary sc-btn-small"),
                class_name="sc-empty", data_testid="drafts-empty",
            ),
        ),
        class_name="sc-st-card",
        aria_label="Drafts",
    )


def _release(r: Any) -> rx.Component:
    return rx.el.li(
        rx.link(
            cover_image(r["cover_url"], "Cover of " + r["title"].to(str)),
            rx.el.div(
                rx.el.div(r["title"], class_name="sc-st-title"),
                rx.el.div(r["kind_label"], " · ", r["track_count"].to_string(), " songs · ", r["when"],
                          class_name="sc-st-meta"),
            ),
            badge(r["status"], r["status_label"]),
            href=r["href"], class_name="sc-st-rel", underline="none",
        ),
        data_testid="studio-release",
    )


def releases_card() -> rx.Component:
    return rx.el.section(
        rx.el.div(rx.el.h2("Releases"), rx.el.span(S.releases_total.to_string() + " in all", class_name="sc-st-count"),
                  class_name="sc-st-card-head"),
        rx.cond(
            S.releases.length() > 0,
            rx.el.ul(rx.foreach(S.releases, _release), class_name="sc-st-list"),
            rx.el.div(
                rx.icon("disc-3", size=32),
                rx.el.p("No releases yet. Tick some drafts above to build your first album, EP or single."),
                class_name="sc-empty", data_testid="releases-empty",
            ),
        ),
        class_name="sc-st-card",
        aria_label="Releases",
    )


def overview() -> rx.Component:
    return rx.el.div(
        form_error(S.error), form_notice(S.notice), new_release_form(), drafts_card(), releases_card(),
        class_name="sc-st",
    )
