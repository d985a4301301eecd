"""The heart (Liked Songs) for track rows and the player bar, and the album save button.

Rows never ask the server about themselves: a list asks once for all its ids
(``liked_loader``) and each heart reads ``LikeState.liked_ids``.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.state.library import LikeState

SAVE_LABEL = "Save to Liked Songs"
REMOVE_LABEL = "Remove from Liked Songs"


def like_button(track_id: Any, *, size: int = 16, class_name: str = "sc-like") -> rx.Component:
    """A heart that is filled green when the signed-in listener likes ``track_id``."""
    liked = LikeState.liked_ids.contains(track_id)
    return rx.el.button(
        rx.icon("heart", size=size),
        type="button",
        class_name=rx.cond(liked, class_name + " sc-liked", class_name),
        aria_label=rx.cond(liked, REMOVE_LABEL, SAVE_LABEL),
        aria_pressed=rx.cond(liked, "true", "false"),
        title=rx.cond(liked, REMOVE_LABEL, SAVE_LABEL),
        on_click=LikeState.toggle_like(track_id),
        data_testid="like-button",
    )


def liked_loader(track_ids: Any) -> rx.Component:
    """An invisible marker that asks for the liked ids of a list whenever the list changes.

    Its React ``key`` is the list's ids, so a new list remounts it and ``on_mount``
    fires again: one ``liked_ids`` query per list, not one per row.
    """
    return rx.el.span(
        key=track_ids.to_string(),
        on_mount=LikeState.load_liked(track_ids),
        hidden=True,
        aria_hidden="true",
        class_name="sc-liked-loader",
    )


def save_album_button() -> rx.Component:
    """"Save to Your Library" on the album page (a check once saved)."""
    saved = LikeState.album_saved
    label = rx.cond(saved, "Remove from Your Library", "Save to Your Library")
    return rx.el.button(
        rx.cond(saved, rx.icon("circle-check", size=32), rx.icon("circle-plus", size=32)),
        type="button",
        class_name=rx.cond(saved, "sc-save-btn sc-saved", "sc-save-btn"),
        aria_label=label,
        aria_pressed=rx.cond(saved, "true", "false"),
        title=label,
        on_click=LikeState.toggle_album_save,
        data_testid="save-album",
    )
