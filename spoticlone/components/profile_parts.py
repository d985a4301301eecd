"""Pieces shared by the profile pages: the cover-and-avatar header.

Styles are inline (Emotion) rather than in ``assets/spoticlone.css`` so this feature
stays in its own files; the colours are the shell's CSS variables, so the look
follows the rest of the app (forms use ``components/forms.py``). Names and usernames
are rendered as plain text.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

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
