"""Pieces shared by the profile pages: the cover-and-avatar header, the artist profile form
(stage name, page address, bio, links), the artist picture editor and outbound links.

Styles are inline (Emotion) rather than in ``assets/spoticlone.css`` so this feature
stays in its own files; the colours are the shell's CSS variables, so the look
follows the rest of the app (forms use ``components/forms.py``). Names and usernames
are rendered as plain text.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.components.file_picker import PICTURE_ACCEPT, file_picker
from spoticlone.components.forms import field, text_input
from spoticlone.services.media.picture_uploads import MAX_PICTURE_BYTES
from spoticlone.state.studio.profile import ArtistProfileState as A

PHONE = "@media (max-width: 768px)"

GRID = {
    "display": "grid",
    "grid_template_columns": "repeat(2, minmax(0, 1fr))",
    "gap": "14px 20px",
    PHONE: {"grid_template_columns": "minmax(0, 1fr)"},
}

_BANNER = {
    "width": "100%",
    "aspect_ratio": "4 / 1",
    "min_height": "120px",
    "border_radius": "var(--sc-radius)",
    "overflow": "hidden",
    "background": "linear-gradient(135deg, #1db954 0%, #164a2c 45%, #1f1f1f 100%)",
    "& img": {"width": "100%", "height": "100%", "object_fit": "cover", "display": "block"},
}
_AVATAR = {
    "width": "168px",
    "height": "168px",
    "flex": "none",
    "border_radius": "50%",
    "overflow": "hidden",
    "background": "#333",
    "border": "4px solid var(--sc-bg)",
    "box_shadow": "0 8px 24px rgba(0,0,0,.5)",
    "& img": {"width": "100%", "height": "100%", "object_fit": "cover", "display": "block"},
    PHONE: {"width": "112px", "height": "112px"},
}
_HEADER_ROW = {
    "display": "flex",
    "align_items": "flex-end",
    "gap": "24px",
    "margin": "-64px 0 0 24px",
    "position": "relative",
    PHONE: {"flex_direction": "column", "align_items": "flex-start", "gap": "12px", "margin": "-48px 0 0 12px"},
}


def picture(src: Any, alt: Any, icon: str) -> rx.Component:
    """An image, or an icon placeholder with the same accessible name."""
    return rx.cond(
        src,
        rx.el.img(src=src, alt=alt, decoding="async"),
        rx.el.div(rx.icon(icon, size=48), class_name="sc-placeholder", role="img", aria_label=alt),
    )


def banner(cover_url: Any, alt: Any) -> rx.Component:
    return rx.el.div(
        rx.cond(cover_url, rx.el.img(src=cover_url, alt=alt, decoding="async"), rx.fragment()),
        style=_BANNER,
        data_testid="profile-cover",
    )


def avatar(avatar_url: Any, alt: Any) -> rx.Component:
    return rx.el.div(picture(avatar_url, alt, "user-round"), style=_AVATAR, data_testid="profile-avatar")


def profile_header(*, cover_url: Any, avatar_url: Any, name: Any, text: rx.Component) -> rx.Component:
    """Cover banner with the round avatar overlapping its lower edge, text beside it."""
    return rx.el.div(
        banner(cover_url, name + " cover image"),
        rx.el.div(
            avatar(avatar_url, name + " profile picture"),
            rx.el.div(text, style={"min_width": "0", "padding_bottom": "8px"}),
            style=_HEADER_ROW,
        ),
    )


_LINK_ROW = {
    "display": "grid",
    "grid_template_columns": "minmax(0, 2fr) minmax(0, 3fr) auto",
    "gap": "8px",
    "align_items": "center",
    PHONE: {"grid_template_columns": "minmax(0, 1fr) auto", "& > :nth-child(2)": {"grid_row": "2",
                                                                                 "grid_column": "1 / 3"}},
}
_ARTIST_PICTURE = {
    "width": "120px",
    "height": "120px",
    "flex": "none",
    "border_radius": "50%",
    "overflow": "hidden",
    "background": "#333",
    "& img": {"width": "100%", "height": "100%", "object_fit": "cover", "display": "block"},
}


def _link_row(row: Any) -> rx.Component:
    key = row["key"].to_string()
    return rx.el.div(
        rx.el.input(name="link_label_" + key, default_value=row["label"].to(str), placeholder="Name",
                    max_length=40, class_name="sc-input", aria_label="Link name", data_testid="link-label"),
        rx.el.input(name="link_url_" + key, default_value=row["url"].to(str), placeholder="https://…",
                    type="url", max_length=500, class_name="sc-input", aria_label="Link address",
                    spell_check=False, auto_capitalize="none", data_testid="link-url"),
        rx.el.button(rx.icon("x", size=16), type="button", on_click=A.remove_link(row["key"].to(int)),
                     class_name="sc-btn sc-btn-secondary sc-btn-small", aria_label="Remove this link"),
        style=_LINK_ROW,
        key=key,
    )


def _links_field() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend("Links", class_name="sc-label"),
        rx.el.div(rx.foreach(A.link_rows, _link_row), style={"display": "grid", "gap": "8px"}),
        rx.cond(
            A.can_add_link,
            rx.el.button(rx.icon("plus", size=16), "Add a link", type="button", on_click=A.add_link,
                         class_name="sc-btn sc-btn-secondary sc-btn-small", data_testid="add-link",
                         style={"justify_self": "start"}),
            rx.el.p("That's the most links a page can show.", class_name="sc-hint"),
        ),
        rx.el.p("Your web site, shop or social pages: full addresses starting with https://. "
                "The name is optional (the site's name is shown).",
                class_name="sc-hint"),
        style={"border": "none", "padding": "0", "margin": "0", "display": "grid", "gap": "8px"},
    )


def artist_fields() -> rx.Component:
    """Stage name, page address (suggested, checked live), bio and links of the artist form."""
    slug_input = rx.el.input(
        id="slug", name="slug", default_value=A.slug_default, key=A.slug_version.to_string(),
        on_change=A.slug_changed.debounce(350), max_length=60, class_name="sc-input", required=False,
        spell_check=False, auto_capitalize="none", auto_complete="off", aria_describedby="slug-status",
        data_testid="artist-slug",
    )
    status = rx.el.p(
        A.slug_message, id="slug-status", role="status", data_testid="slug-status",
        class_name="sc-hint", style={"color": rx.cond(A.slug_ok, "var(--sc-accent)", "#ff7b7b")},
    )
    bio = rx.el.textarea(
        id="bio", name="bio", default_value=A.artist["bio"].to(str), max_length=2000, rows=5,
        class_name="sc-input sc-pl-textarea", aria_describedby="bio-hint", data_testid="artist-bio",
    )
    return rx.el.div(
        text_input("stage_name", "Stage name", max_length=200, default_value=A.artist["stage_name"].to(str),
                   on_change=A.stage_name_changed.debounce(400), data_testid="artist-stage-name",
                   hint="The name listeners will see on your artist page."),
        rx.el.div(
            rx.el.label("Page address", html_for="slug", class_name="sc-label"),
            rx.el.div(rx.el.span("/artist/", class_name="sc-hint", style={"white_space": "nowrap"}), slug_input,
                      style={"display": "flex", "align_items": "center", "gap": "6px"}),
            status,
            class_name="sc-field",
        ),
        field("Bio", bio, html_for="bio", hint="Plain text, up to 2,000 characters. Line breaks are kept."),
        _links_field(),
        style={"display": "grid", "gap": "14px"},
    )


def artist_picture_editor() -> rx.Component:
    """The artist picture with buttons to upload (at once, with progress) or remove it."""
    upload_id = "artist-image-upload"
    artist = A.artist
    return rx.el.div(
        rx.el.div(picture(artist["image_url"], artist["stage_name"].to(str) + " picture", "mic-vocal"),
                  style=_ARTIST_PICTURE, data_testid="artist-picture"),
        rx.el.div(
            rx.el.div(
                file_picker(
                    rx.el.button(rx.icon("image-up", size=16), "Choose picture", type="button",
                                 class_name="sc-btn sc-btn-secondary sc-btn-small", disabled=A.uploading,
                                 data_testid="choose-artist-image"),
                    upload_id=upload_id, accept=PICTURE_ACCEPT, max_bytes=MAX_PICTURE_BYTES,
                    on_file=A.upload_image, on_refused=A.picture_rejected, on_progress=A.upload_progress,
                ),
                rx.cond(artist["image_url"],
                        rx.el.button("Remove", type="button", on_click=A.remove_image, disabled=A.uploading,
                                     class_name="sc-btn sc-btn-secondary sc-btn-small",
                                     data_testid="remove-artist-image"),
                        rx.fragment()),
                class_name="sc-btn-row",
            ),
            rx.cond(A.uploading,
                    rx.el.p("Uploading… ", A.progress.to_string(), "%", class_name="sc-hint", role="status"),
                    rx.fragment()),
            rx.cond(A.picture_error != "",
                    rx.el.div(rx.icon("circle-alert", size=18), rx.el.span(A.picture_error),
                              class_name="sc-form-error", role="alert"),
                    rx.fragment()),
            rx.el.p("JPEG, PNG or WebP up to 10 MB, cropped to a square. Photo details like location are "
                    "removed.", class_name="sc-hint"),
            style={"display": "grid", "gap": "8px", "min_width": "0"},
        ),
        style={"display": "flex", "gap": "20px", "align_items": "center", "flex_wrap": "wrap"},
    )


def outbound_links(links: Any) -> rx.Component:
    """An artist's links as plain-text anchors that leave the site without passing it anything."""
    return rx.el.ul(
        rx.foreach(
            links,
            lambda link: rx.el.li(
                rx.el.a(rx.icon("external-link", size=14), rx.el.span(link["label"]), href=link["url"],
                        target="_blank", rel="noopener noreferrer nofollow", reload_document=True,
                        class_name="sc-chip", data_testid="artist-link",
                        style={"display": "inline-flex", "gap": "6px", "align_items": "center"}),
            ),
        ),
        style={"display": "flex", "flex_wrap": "wrap", "gap": "8px", "list_style": "none", "padding": "0",
               "margin": "8px 0 0"},
        aria_label="Links",
    )
