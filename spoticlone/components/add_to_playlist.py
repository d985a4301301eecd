""""Add to playlist" submenu for a track row's "..." menu.

Lists the listener's own and collaborative playlists (loaded by
``AddToPlaylistState.menu_opened`` when the row menu opens) and "New playlist",
which creates one named after the song. Signed-out visitors are sent to sign in.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.state.library.add_to_playlist import AddToPlaylistState


def add_to_playlist_submenu(track: Any) -> rx.Component:
    track_id = track["id"].to(int)
    return rx.menu.sub(
        rx.menu.sub_trigger(rx.icon("list-music", size=16), "Add to playlist", data_testid="add-to-playlist"),
        rx.menu.sub_content(
            rx.menu.item(rx.icon("plus", size=16), "New playlist",
                         on_select=AddToPlaylistState.add_to_new(track_id, track["title"].to(str)),
                         data_testid="add-to-new-playlist"),
            rx.cond(AddToPlaylistState.choices.length() > 0, rx.menu.separator(), rx.fragment()),
            rx.foreach(
                AddToPlaylistState.choices,
                lambda p: rx.menu.item(p["name"].to(str), on_select=AddToPlaylistState.add(p["id"].to(int), track_id),
                                       class_name="sc-menu-playlist", data_testid="add-to-playlist-choice"),
            ),
            size="1",
            class_name="sc-add-menu",
        ),
    )


def already_added_dialog() -> rx.Component:
    """"Already added": asked when the chosen playlist has the song, as Spotify does.

    Rendered once per page by the page template; opened by ``AddToPlaylistState.duplicate``.
    """
    pending = AddToPlaylistState.duplicate
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Already added"),
            rx.alert_dialog.description(
                "This song is already in ", rx.el.strong(pending["playlist_name"].to(str)), ". Add it anyway?",
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Don't add", variant="soft", color_scheme="gray",
                                                 on_click=AddToPlaylistState.keep_one,
                                                 data_testid="duplicate-skip")),
                rx.alert_dialog.action(rx.button("Add anyway", on_click=AddToPlaylistState.add_anyway,
                                                 data_testid="duplicate-add")),
                spacing="3", justify="end", margin_top="16px",
            ),
            on_escape_key_down=AddToPlaylistState.keep_one,
            data_testid="duplicate-dialog",
        ),
        open=AddToPlaylistState.asking,
    )
