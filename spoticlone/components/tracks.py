"""The track list used on Home, Artist, Album and Genre pages.

Each row plays from itself in its list's context (the list's ids become the queue),
and offers "Play next" / "Add to queue" in a small menu.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.components.add_to_playlist import add_to_playlist_submenu
from spoticlone.components.common import cover_image
from spoticlone.components.editorial import not_interested_items
from spoticlone.components.like_button import like_button, liked_loader
from spoticlone.components.report_dialog import report_menu_item
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.library.add_to_playlist import AddToPlaylistState
from spoticlone.state.listening.player import PlayerState
from spoticlone.state.listening.queue import QueueState


def explicit_badge() -> rx.Component:
    return rx.el.span("E", class_name="sc-explicit", title="Explicit", aria_label="Explicit")


def _number(track: Any, index: Any, numbering: str) -> Any:
    if numbering == "album":
        return rx.cond(track["track_number"], track["track_number"].to_string(), (index + 1).to_string())
    return (index + 1).to_string()


def _play_cell(track: Any, index: Any, numbering: str, play) -> rx.Component:
    """The number, turning into a play button on hover (always a button)."""
    return rx.el.button(
        rx.el.span(_number(track, index, numbering), class_name="sc-num-text"),
        rx.icon("play", size=14, fill="currentColor", class_name="sc-num-play"),
        type="button",
        class_name="sc-track-num sc-num-btn",
        aria_label="Play " + track["title"].to(str),
        title="Play",
        on_click=play,
        data_testid="track-play",
    )


def track_menu(track: Any) -> rx.Component:
    """"Play next", "Add to queue", "Add to playlist" and (signed in) "Not interested" for one track."""
    return rx.menu.root(
        rx.menu.trigger(
            rx.el.button(rx.icon("ellipsis", size=18), type="button", class_name="sc-icon-btn sc-row-menu",
                         aria_label="More options for " + track["title"].to(str), title="More options",
                         data_testid="track-menu"),
        ),
        rx.menu.content(
            rx.menu.item(rx.icon("list-start", size=16), "Play next",
                         on_select=QueueState.play_next(track["id"].to(int))),
            rx.menu.item(rx.icon("list-plus", size=16), "Add to queue",
                         on_select=QueueState.add_to_queue(track["id"].to(int))),
            add_to_playlist_submenu(track),
            rx.cond(AuthState.signed_in, not_interested_items(track), rx.fragment()),
            rx.menu.separator(),
            report_menu_item("track", track["id"].to(int), track["title"].to(str)),
            size="1",
        ),
        on_open_change=AddToPlaylistState.menu_opened,
    )


def track_row(track: Any, index: Any, *, numbering: str = "position", show_cover: bool = True,
              show_album: bool = True, tracks: Any = None, source: str = "track",
              source_id: Any = "") -> rx.Component:
    """Number/play button, title (with explicit badge and artist links), album, duration, menu."""
    ids = tracks.pluck("id") if tracks is not None else [track["id"]]
    play = QueueState.play_list(ids, index if tracks is not None else 0, source, source_id)
    artist_line = rx.el.div(
        rx.cond(track["explicit"], explicit_badge(), rx.fragment()),
        rx.link(track["artist_name"], href=track["artist_url"], class_name="sc-link"),
        rx.foreach(
            track["featured"].to(list[dict[str, Any]]),
            lambda a: rx.fragment(", ", rx.link(a["name"], href=a["url"], class_name="sc-link")),
        ),
        class_name="sc-track-sub",
    )
    main = rx.el.div(
        rx.el.div(
            cover_image(track["cover_url"], track["title"].to(str) + " cover", icon="music"),
            class_name="sc-track-thumb",
        )
        if show_cover
        else rx.fragment(),
        rx.el.div(
            rx.link(track["title"], href=track["url"], class_name="sc-track-title",
                     data_testid="track-title"),
            artist_line,
            class_name="sc-track-text",
        ),
        class_name="sc-track-main",
    )
    album = rx.el.div(
        rx.cond(
            track["album_url"],
            rx.link(track["album_title"], href=track["album_url"].to(str), class_name="sc-link"),
            rx.el.span(""),
        ),
        class_name="sc-track-album",
    )
    return rx.el.div(
        _play_cell(track, index, numbering, play),
        main,
        album if show_album else rx.el.div(class_name="sc-track-album"),
        like_button(track["id"].to(int)),
        rx.el.span(track["duration"], class_name="sc-track-duration"),
        track_menu(track),
        class_name=rx.cond(PlayerState.current_id == track["id"].to(int),
                           "sc-track-row sc-current", "sc-track-row"),
        data_testid="track-row",
        role="row",
        on_double_click=play,
    )


def track_table(tracks: Any, *, numbering: str = "position", show_cover: bool = True,
                show_album: bool = True, header: bool = True, source: str = "track",
                source_id: Any = "") -> rx.Component:
    """A list of track rows with an optional column header.

    ``source``/``source_id`` name the list for play events ("album" and the album id...).
    """
    head = rx.el.div(
        rx.el.span("#", class_name="sc-track-num"),
        rx.el.span("Title"),
        rx.el.span("Album" if show_album else "", class_name="sc-col-album"),
        rx.el.span(""),
        rx.el.span(rx.icon("clock-3", size=16), class_name="sc-track-duration"),
        rx.el.span(""),
        class_name="sc-track-row sc-track-head",
        role="row",
    )
    return rx.el.div(
        head if header else rx.fragment(),
        liked_loader(tracks.pluck("id")),
        rx.foreach(
            tracks,
            lambda t, i: track_row(t, i, numbering=numbering, show_cover=show_cover, show_album=show_album,
                                   tracks=tracks, source=source, source_id=source_id),
        ),
        class_name="sc-tracks",
        role="table",
        data_testid="track-table",
    )


def play_action(on_click: Any, label: str, *extras: rx.Component) -> rx.Component:
    """The big green play button under an album, artist or genre header (``extras`` follow it)."""
    return rx.el.div(
        rx.el.button(
            rx.icon("play", size=24, fill="currentColor"),
            type="button", class_name="sc-big-play", aria_label=label, title=label,
            on_click=on_click, data_testid="play-context",
        ),
        *extras,
        class_name="sc-actions",
    )
