"""The owner's dialogs on the playlist page: edit details, cover and collaborators; delete.

The inputs are uncontrolled (one round trip on save, none per key) and remount each
time the dialog opens (``key``), so they always start from the saved values.
"""

from __future__ import annotations

import reflex as rx

from spoticlone.components.common import cover_image
from spoticlone.components.file_picker import PICTURE_ACCEPT, file_picker
from spoticlone.services.library.playlists.manage import DESCRIPTION_MAX, NAME_MAX
from spoticlone.services.media.picture_uploads import MAX_PICTURE_BYTES
from spoticlone.state.library.playlist import PlaylistState
from spoticlone.state.library.playlist_edit import PlaylistEditState as E

pl = PlaylistState.playlist
UPLOAD_ID = "playlist-cover-upload"


def _field(label: str, control: rx.Component, html_for: str) -> rx.Component:
    return rx.el.div(rx.el.label(label, html_for=html_for, class_name="sc-label"), control, class_name="sc-field")


def _details_form() -> rx.Component:
    return rx.el.form(
        _field("Name", rx.el.input(id="pl-name", name="name", default_value=pl["name"].to(str), required=True,
                                   max_length=NAME_MAX, class_name="sc-input"), "pl-name"),
        _field("Description", rx.el.textarea(id="pl-description", name="description",
                                             default_value=pl["description"].to(str), max_length=DESCRIPTION_MAX,
                                             rows=3, class_name="sc-input sc-pl-textarea"), "pl-description"),
        _field("Who can see it", rx.el.select(
            rx.el.option("Private: only you and collaborators", value="private"),
            rx.el.option("Public: anyone with the link, and in Browse", value="public"),
            id="pl-visibility", name="visibility", default_value=pl["visibility"].to(str), class_name="sc-input",
        ), "pl-visibility"),
        rx.el.label(
            rx.el.input(type="checkbox", name="collaborative", id="pl-collaborative",
                        default_checked=pl["collaborative"].to(bool)),
            rx.el.span("Collaborative: invited listeners can add, remove and reorder songs"),
            class_name="sc-pl-check",
        ),
        rx.el.div(
            rx.el.button("Save", type="submit", class_name="sc-btn sc-btn-primary sc-btn-small",
                         data_testid="playlist-save"),
            class_name="sc-btn-row",
        ),
        on_submit=E.save_details,
        reset_on_submit=False,
        method="post",
        class_name="sc-form",
        key=E.form_version.to_string(),
    )


def _cover_section() -> rx.Component:
    return rx.el.div(
        rx.el.div(cover_image(pl["cover_url"], "Current cover", icon="list-music"), class_name="sc-pl-cover-small"),
        rx.el.div(
            file_picker(
                rx.el.button(rx.icon("image-up", size=16), rx.cond(E.uploading, "Uploading…", "Upload a picture"),
                             type="button", class_name="sc-btn sc-btn-secondary sc-btn-small", disabled=E.uploading,
                             data_testid="choose-playlist-cover"),
                upload_id=UPLOAD_ID, accept=PICTURE_ACCEPT, max_bytes=MAX_PICTURE_BYTES,
                on_file=E.upload_cover, on_refused=E.cover_rejected,
            ),
            rx.el.button("Use automatic cover", type="button", class_name="sc-btn sc-btn-secondary sc-btn-small",
                         on_click=E.use_automatic_cover, data_testid="automatic-cover"),
            rx.el.p("Automatic: a mosaic of the first four album covers.", class_name="sc-hint"),
            class_name="sc-pl-cover-actions",
        ),
        class_name="sc-pl-cover-edit",
    )


def _collaborators() -> rx.Component:
    return rx.el.div(
        rx.el.h3("Collaborators", class_name="sc-pl-subtitle"),
        rx.cond(
            PlaylistState.collaborators.length() > 0,
            rx.el.ul(
                rx.foreach(PlaylistState.collaborators, lambda c: rx.el.li(
                    rx.link(c["display_name"], " (@", c["username"], ")", href=c["url"].to(str), class_name="sc-link"),
                    rx.el.button("Remove", type="button", class_name="sc-text-btn",
                                 aria_label="Remove collaborator " + c["username"].to(str),
                                 on_click=E.remove_collaborator(c["username"].to(str))),
                    class_name="sc-pl-person",
                )),
                class_name="sc-pl-people",
            ),
            rx.el.p("Nobody yet.", class_name="sc-hint"),
        ),
        rx.cond(~pl["collaborative"].to(bool),
                rx.el.p("Invitations count once the playlist is collaborative.", class_name="sc-hint"), rx.fragment()),
        rx.el.form(
            rx.el.input(name="username", placeholder="Username", aria_label="Username to invite", required=True,
                        max_length=40, class_name="sc-input", auto_complete="off"),
            rx.el.button("Invite", type="submit", class_name="sc-btn sc-btn-secondary sc-btn-small"),
            on_submit=E.add_collaborator, reset_on_submit=True, method="post", class_name="sc-pl-invite",
        ),
    )


def edit_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Edit playlist"),
            rx.cond(E.error != "", rx.el.p(E.error, class_name="sc-form-error", role="alert"), rx.fragment()),
            _cover_section(),
            _details_form(),
            rx.el.hr(class_name="sc-pl-rule"),
            _collaborators(),
            rx.dialog.close(rx.el.button(rx.icon("x", size=18), type="button", class_name="sc-icon-btn sc-pl-close",
                                         aria_label="Close")),
            class_name="sc-pl-dialog",
            max_width="520px",
        ),
        open=E.edit_open,
        on_open_change=E.set_edit_open,
    )


def delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete ", pl["name"].to(str), "?"),
            rx.alert_dialog.description(
                "This removes the playlist for you and everyone who follows it. Songs stay in the catalog."),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray",
                                                 on_click=E.cancel_delete)),
                rx.alert_dialog.action(rx.button("Delete", color_scheme="red", on_click=E.delete,
                                                 data_testid="confirm-delete")),
                spacing="3", justify="end", margin_top="16px",
            ),
            on_escape_key_down=E.cancel_delete,
        ),
        open=E.delete_open,
    )
