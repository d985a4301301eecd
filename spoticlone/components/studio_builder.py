"""The album builder (``/studio?release=<id>``) and the studio page around it.

From top to bottom: the release's cover, title and state; the cover panel (upload, pick a
song's embedded picture, remove); details (title, kind, genre, date); the songs
(``components/studio_releases.py``); and the release panel: what is ready, the rights
affirmation, publish now or schedule, unpublish and delete behind a confirmation that
says what will happen. Everything stays editable after publishing.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.components.common import cover_image
from spoticlone.components.file_picker import PICTURE_ACCEPT, file_picker
from spoticlone.components.forms import form_error, form_notice
from spoticlone.components.studio_fields import badge, input_field, kind_field, select_field
from spoticlone.components.studio_overview import header, not_artist, overview
from spoticlone.components.studio_releases import songs_card
from spoticlone.components.studio_styles import STUDIO_CSS
from spoticlone.services.media.picture_uploads import MAX_PICTURE_BYTES
from spoticlone.state.studio.covers import UPLOAD_ID, CoverState as C
from spoticlone.state.studio.release_views import STUDIO
from spoticlone.state.studio.releases import StudioState as S

#: The schedule field's local time and the browser's UTC offset at that time, read on click.
PICKED = rx.Var(
    _js_expr=("(() => { const v = (document.getElementById('sc-st-when') || {}).value || ''; "
              "const d = new Date(v); "
              "return {local: v, offset: isNaN(d.getTime()) ? 0 : -d.getTimezoneOffset()}; })()"),
    _var_type=dict,
)


def _hero() -> rx.Component:
    rel = S.release
    return rx.el.div(
        cover_image(rel["cover_url"].to(str), "Cover of " + rel["title"].to(str)),
        rx.el.div(
            rx.el.span(rel["kind_label"].to(str), class_name="sc-st-count"),
            rx.el.h1(rel["title"].to(str)),
            rx.el.div(badge(rel["status"], rel["status_label"].to(str)), rx.el.span(rel["when"].to(str)),
                      class_name="sc-st-small"),
            rx.el.p(rel["status_hint"].to(str), class_name="sc-st-hint"),
        ),
        class_name="sc-st-hero",
    )


def _cover_panel() -> rx.Component:
    rel = S.release
    has_cover = rel["cover_url"].to(str) != ""
    return rx.el.section(
        rx.el.h2("Cover"),
        rx.el.div(
            rx.el.div(cover_image(rel["cover_url"].to(str), "Current cover"), class_name="sc-st-cover-art"),
            rx.el.div(
                rx.el.p("A square picture, at least 1000 × 1000 pixels looks sharp everywhere. JPEG, PNG or "
                        f"WebP, under {MAX_PICTURE_BYTES // (1024 * 1024)} MB.", class_name="sc-st-hint"),
                rx.el.div(
                    file_picker(
                        rx.el.button(rx.icon("image-up", size=16),
                                     rx.cond(C.uploading, "Uploading…", rx.cond(has_cover, "Replace cover",
                                                                               "Upload cover")),
                                     type="button", class_name="sc-btn sc-btn-primary sc-btn-small",
                                     disabled=C.uploading, data_testid="upload-cover"),
                        upload_id=UPLOAD_ID, accept=PICTURE_ACCEPT, max_bytes=MAX_PICTURE_BYTES,
                        on_file=C.upload, on_refused=C.rejected,
                    ),
                    rx.cond(has_cover,
                            rx.el.button(rx.icon("image-off", size=16), "Remove cover", type="button",
                                         on_click=C.remove, class_name="sc-btn sc-btn-secondary sc-btn-small",
                                         data_testid="remove-cover"),
                            rx.fragment()),
                    class_name="sc-btn-row",
                ),
                rx.cond(
                    S.tag_covers.length() > 0,
                    rx.el.div(
                        rx.el.span("Or use a picture from a song's file:", class_name="sc-st-label"),
                        rx.el.div(
                            rx.foreach(S.tag_covers, lambda c: rx.el.button(
                                rx.el.img(src=c["cover_url"], alt="", loading="lazy"),
                                type="button", class_name="sc-st-cover-pick",
                                on_click=C.use_track(c["track_id"].to(int)),
                                aria_label="Use the cover found in " + c["title"].to(str), title=c["title"],
                                data_testid="tag-cover",
                            )),
                            class_name="sc-st-cover-picks",
                        ),
                        class_name="sc-st-field",
                    ),
                    rx.fragment(),
                ),
                form_error(C.error),
                class_name="sc-st-field",
            ),
            class_name="sc-st-cover",
        ),
        class_name="sc-st-card",
        aria_label="Cover",
        data_testid="cover-panel",
    )


def _details() -> rx.Component:
    rel = S.release
    return rx.el.section(
        rx.el.h2("Details"),
        rx.el.form(
            input_field("title", "Title", rel["title"].to(str), wide=True, required=True, max_length=300),
            kind_field(rel["kind"].to(str)),
            select_field("genre", "Genre", S.genres, rel["genre_id"].to(str), blank="No genre"),
            input_field("release_date", "Release date", rel["release_date"].to(str), type="date"),
            rx.el.div(rx.el.button("Save details", type="submit", class_name="sc-btn sc-btn-secondary"),
                      class_name="sc-st-field"),
            on_submit=S.save_details, reset_on_submit=False, class_name="sc-st-form", aria_label="Release details",
        ),
        class_name="sc-st-card",
        aria_label="Details",
    )


def _step(done: Any, icon_done: str, text: Any) -> rx.Component:
    return rx.el.div(
        rx.cond(done, rx.icon(icon_done, size=18), rx.icon("circle", size=18)),
        rx.el.span(text),
        class_name=rx.cond(done, "sc-st-step sc-st-done", "sc-st-step"),
    )


def _songs_in_order(count: Any) -> Any:
    return rx.cond(count == 0, "No songs yet",
                   rx.cond(count == 1, "1 song in order", count.to_string() + " songs in order"))


def _checklist() -> rx.Component:
    return rx.el.div(
        _step(S.tracks.length() > 0, "circle-check", _songs_in_order(S.tracks.length())),
        _step(S.release["cover_url"].to(str) != "", "circle-check",
              rx.cond(S.release["cover_url"].to(str) != "", "Cover set", "No cover yet (optional)")),
        _step(S.rights_ticked, "circle-check", rx.cond(S.rights_ticked, "Rights confirmed", "Confirm your rights")),
        class_name="sc-st-steps",
    )


def _publish_form() -> rx.Component:
    return rx.el.div(
        _checklist(),
        rx.el.div(
            rx.checkbox("I own or control the rights to this music (recording and composition) and may publish it.",
                        default_checked=S.rights_ticked, key="rights-" + S.form_version.to_string(),
                        on_change=S.set_rights, data_testid="rights"),
            class_name="sc-st-rights",
        ),
        rx.el.div(
            rx.el.button(rx.icon("rocket", size=16), "Publish now", type="button", on_click=S.publish_now,
                         disabled=~S.rights_ticked, class_name="sc-btn sc-btn-primary", data_testid="publish-now"),
            class_name="sc-btn-row",
        ),
        rx.el.div(
            rx.el.div(
                rx.el.label("Or schedule for", html_for="sc-st-when"),
                rx.el.input(id="sc-st-when", type="datetime-local", class_name="sc-input"),
                class_name="sc-st-field",
            ),
            rx.el.button(rx.icon("calendar-clock", size=16),
                         rx.cond(S.status == "scheduled", "Move to this time", "Schedule"), type="button",
                         on_click=S.schedule(PICKED), disabled=~S.rights_ticked,
                         class_name="sc-btn sc-btn-secondary", data_testid="schedule"),
            class_name="sc-st-row",
        ),
        rx.el.p("Times are in your time zone: ", S.tz_label, ". A scheduled release stays hidden from "
                "listeners, search and share links until then.", class_name="sc-st-hint"),
        class_name="sc-st-publish",
    )


def _publishing() -> rx.Component:
    status = S.status
    title = S.release["title"].to(str)
    live = (status == "published") | (status == "scheduled")
    return rx.el.section(
        rx.el.h2("Release it"),
        rx.cond(status == "published",
                rx.el.p("This release is out: listeners can find and play it. Changes above show at once.",
                        class_name="sc-st-hint"),
                _publish_form()),
        rx.el.div(
            rx.cond(live,
                    rx.el.button(rx.icon("eye-off", size=16), "Unpublish", type="button",
                                 class_name="sc-btn sc-btn-secondary",
                                 on_click=S.ask("unpublish", S.release_id, title), data_testid="unpublish"),
                    rx.fragment()),
            rx.el.button(rx.icon("trash-2", size=16), "Delete release", type="button",
                         class_name="sc-btn sc-btn-danger", disabled=live,
                         on_click=S.ask("delete_release", S.release_id, title), data_testid="delete-release"),
            rx.cond(live, rx.el.span("Unpublish it first to delete it.", class_name="sc-st-hint"), rx.fragment()),
            class_name="sc-st-danger",
        ),
        class_name="sc-st-card",
        aria_label="Release it",
    )


def builder() -> rx.Component:
    return rx.el.div(
        rx.link(rx.icon("arrow-left", size=16), "Studio", href=STUDIO, class_name="sc-st-back"),
        _hero(),
        form_error(S.error), form_notice(S.notice),
        _cover_panel(), _details(), songs_card(), _publishing(),
        class_name="sc-st",
        data_testid="album-builder",
    )


def release_missing() -> rx.Component:
    return rx.el.div(
        rx.icon("disc-3", size=40),
        rx.el.p(S.error),
        rx.link("Back to the studio", href=STUDIO, class_name="sc-btn sc-btn-secondary"),
        class_name="sc-empty",
        data_testid="release-missing",
    )


def confirm_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(S.confirm_heading),
            rx.alert_dialog.description(rx.el.strong(S.confirm_title), rx.el.br(), S.confirm_body),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray",
                                                 on_click=S.cancel_confirm)),
                rx.alert_dialog.action(rx.button(S.confirm_action, color_scheme="red", on_click=S.confirm,
                                                 data_testid="confirm-action")),
                spacing="3", justify="end", margin_top="16px",
            ),
            on_escape_key_down=S.cancel_confirm,
        ),
        open=S.confirm_kind != "",
    )


def studio() -> rx.Component:
    """The whole studio page: the lists, or the builder of ``?release=<id>``."""
    return rx.el.div(
        rx.el.style(STUDIO_CSS),
        rx.cond(S.release_id > 0, rx.fragment(), header()),
        rx.cond(
            S.not_artist != "",
            not_artist(),
            rx.cond(S.release_missing, release_missing(), rx.cond(S.release_id > 0, builder(), overview())),
        ),
        confirm_dialog(),
        class_name="sc-st",
    )
