"""The playlist page's song list: numbered rows that can be dragged, moved and removed.

Drag and drop uses the browser's own HTML5 events on a small ``div`` subclass (Reflex
elements do not declare them); the keyboard alternative is a pair of "Move up" /
"Move down" buttons on every row, reachable with Tab and labelled for screen readers.
Both end in ``PlaylistState.move_item``, i.e. ``services.library.playlists.tracks.move_item``.
An entry whose song is gone is shown greyed out as "Unavailable" (not playable, removable).
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.event import EventHandler, no_args_event_spec

from spoticlone.components.common import cover_image
from spoticlone.components.like_button import like_button, liked_loader
from spoticlone.components.tracks import explicit_badge, track_menu
from spoticlone.state.library.playlist import PlaylistState
from spoticlone.state.listening.player import PlayerState

CAN_EDIT = PlaylistState.playlist["can_edit_tracks"].to(bool)


class DragRow(rx.el.Div):
    """A ``div`` that reports HTML5 drag and drop events."""

    on_drag_start: EventHandler[no_args_event_spec]
    on_drag_over: EventHandler[no_args_event_spec]
    on_drag_end: EventHandler[no_args_event_spec]
    on_drop: EventHandler[no_args_event_spec]


def _play_cell(item: Any, index: Any) -> rx.Component:
    return rx.el.button(
        rx.el.span((PlaylistState.offset + index + 1).to_string(), class_name="sc-num-text"),
        rx.icon("play", size=14, fill="currentColor", class_name="sc-num-play"),
        type="button", class_name="sc-track-num sc-num-btn", title="Play",
        aria_label="Play " + item["title"].to(str), on_click=PlaylistState.play(index),
        data_testid="track-play",
    )


def _main(item: Any) -> rx.Component:
    return rx.el.div(
        rx.el.div(cover_image(item["cover_url"], item["title"].to(str) + " cover", icon="music"),
                  class_name="sc-track-thumb"),
        rx.el.div(
            rx.link(item["title"], href=item["url"], class_name="sc-track-title", data_testid="track-title"),
            rx.el.div(
                rx.cond(item["explicit"], explicit_badge(), rx.fragment()),
                rx.link(item["artist_name"], href=item["artist_url"], class_name="sc-link"),
                rx.foreach(item["featured"].to(list[dict[str, Any]]),
                           lambda a: rx.fragment(", ", rx.link(a["name"], href=a["url"], class_name="sc-link"))),
                class_name="sc-track-sub",
            ),
            class_name="sc-track-text",
        ),
        class_name="sc-track-main",
    )


def _edit_buttons(item: Any, index: Any) -> rx.Component:
    title = item["title"].to(str)
    return rx.el.div(
        rx.el.button(rx.icon("chevron-up", size=16), type="button", class_name="sc-icon-btn sc-pl-move",
                     aria_label="Move " + title + " up", title="Move up",
                     disabled=PlaylistState.offset + index == 0,
                     on_click=PlaylistState.move_item(item["item_id"].to(int), index - 1),
                     data_testid="move-up"),
        rx.el.button(rx.icon("chevron-down", size=16), type="button", class_name="sc-icon-btn sc-pl-move",
                     aria_label="Move " + title + " down", title="Move down",
                     disabled=PlaylistState.offset + index >= PlaylistState.total - 1,
                     on_click=PlaylistState.move_item(item["item_id"].to(int), index + 1),
                     data_testid="move-down"),
        rx.el.button(rx.icon("x", size=16), type="button", class_name="sc-icon-btn sc-pl-remove",
                     aria_label="Remove " + title + " from this playlist", title="Remove from this playlist",
                     on_click=PlaylistState.remove_item(item["item_id"].to(int)), data_testid="remove-item"),
        class_name="sc-pl-edit",
    )


def _unavailable_row(item: Any, index: Any) -> rx.Component:
    """An entry whose song was deleted or taken down: greyed, not playable, removable.

    Same cells as a playable row (so the grid lines up at every width), but no links, no
    play button, no like or menu: only the snapshot title and artist, and the editors'
    move and remove buttons.
    """
    dim = {"opacity": "0.5"}
    return DragRow.create(
        rx.cond(CAN_EDIT, rx.el.span(rx.icon("grip-vertical", size=16), class_name="sc-pl-grip",
                                      aria_hidden="true"), rx.el.span()),
        rx.el.span(rx.el.span((PlaylistState.offset + index + 1).to_string(), class_name="sc-num-text"),
                   class_name="sc-track-num", style=dim),
        rx.el.div(
            rx.el.div(rx.el.div(rx.icon("ban", size=18), class_name="sc-placeholder"),
                      class_name="sc-track-thumb", style=dim),
            rx.el.div(
                rx.el.span(item["title"], class_name="sc-track-title", style=dim, data_testid="track-title"),
                rx.el.div(
                    rx.el.span("Unavailable", class_name="sc-pl-badge", data_testid="unavailable-badge",
                               title="The artist removed or took down this song"),
                    rx.el.span(item["artist_name"], style=dim),
                    class_name="sc-track-sub",
                ),
                class_name="sc-track-text",
            ),
            class_name="sc-track-main",
        ),
        rx.el.div(class_name="sc-track-album"),
        rx.el.span(),
        rx.el.span(item["duration"], class_name="sc-track-duration", style=dim),
        rx.cond(CAN_EDIT, _edit_buttons(item, index), rx.el.span()),
        rx.el.span(),
        class_name="sc-track-row sc-pl-row sc-pl-unavailable",
        draggable=CAN_EDIT,
        on_drag_start=PlaylistState.drag_start(item["item_id"].to(int)),
        on_drag_over=rx.prevent_default,
        on_drop=[rx.prevent_default, PlaylistState.drop_at(index)],
        role="row",
        data_testid="playlist-item-unavailable",
        data_item_id=item["item_id"].to_string(),
    )


def playlist_row(item: Any, index: Any) -> rx.Component:
    """A playable entry, or the greyed-out row of an unavailable one."""
    return rx.cond(item["available"].to(bool), _available_row(item, index), _unavailable_row(item, index))


def _available_row(item: Any, index: Any) -> rx.Component:
    return DragRow.create(
        rx.cond(CAN_EDIT, rx.el.span(rx.icon("grip-vertical", size=16), class_name="sc-pl-grip",
                                      aria_hidden="true"), rx.el.span()),
        _play_cell(item, index),
        _main(item),
        rx.el.div(
            rx.cond(item["album_url"],
                    rx.link(item["album_title"], href=item["album_url"].to(str), class_name="sc-link"),
                    rx.el.span("")),
            class_name="sc-track-album",
        ),
        like_button(item["id"].to(int)),
        rx.el.span(item["duration"], class_name="sc-track-duration"),
        rx.cond(CAN_EDIT, _edit_buttons(item, index), rx.el.span()),
        track_menu(item),
        class_name=rx.cond(PlayerState.current_id == item["id"].to(int),
                           "sc-track-row sc-pl-row sc-current", "sc-track-row sc-pl-row"),
        draggable=CAN_EDIT,
        on_drag_start=PlaylistState.drag_start(item["item_id"].to(int)),
        on_drag_over=rx.prevent_default,
        on_drop=[rx.prevent_default, PlaylistState.drop_at(index)],
        on_double_click=PlaylistState.play(index),
        role="row",
        data_testid="playlist-item",
        data_item_id=item["item_id"].to_string(),
    )


def playlist_table() -> rx.Component:
    head = rx.el.div(
        rx.el.span(""),
        rx.el.span("#", class_name="sc-track-num"),
        rx.el.span("Title"),
        rx.el.span("Album", class_name="sc-col-album"),
        rx.el.span(""),
        rx.el.span(rx.icon("clock-3", size=16), class_name="sc-track-duration"),
        rx.el.span(""),
        rx.el.span(""),
        class_name="sc-track-row sc-pl-row sc-track-head",
        role="row",
    )
    return rx.el.div(
        head,
        liked_loader(PlaylistState.playable_ids),
        rx.foreach(PlaylistState.items, playlist_row),
        class_name="sc-tracks sc-pl-tracks",
        role="table",
        data_testid="playlist-tracks",
    )
