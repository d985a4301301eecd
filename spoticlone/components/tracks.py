"""The track list used on Home, Artist, Album and Genre pages."""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.components.common import cover_image


def explicit_badge() -> rx.Component:
    return rx.el.span("E", class_name="sc-explicit", title="Explicit", aria_label="Explicit")


def _number(track: Any, index: Any, numbering: str) -> Any:
    if numbering == "album":
        return rx.cond(track["track_number"], track["track_number"].to_string(), (index + 1).to_string())
    return (index + 1).to_string()


def track_row(track: Any, index: Any, *, numbering: str = "position", show_cover: bool = True,
              show_album: bool = True) -> rx.Component:
    """Number, title (with explicit badge and artist links), album and duration."""
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
            rx.link(track["title"], href=track["url"], class_name="sc-track-title"),
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
        rx.el.span(_number(track, index, numbering), class_name="sc-track-num"),
        main,
        album if show_album else rx.el.div(class_name="sc-track-album"),
        rx.el.span(track["duration"], class_name="sc-track-duration"),
        class_name="sc-track-row",
        data_testid="track-row",
        role="row",
    )


def track_table(tracks: Any, *, numbering: str = "position", show_cover: bool = True,
                show_album: bool = True, header: bool = True) -> rx.Component:
    """A list of track rows with an optional column header."""
    head = rx.el.div(
        rx.el.span("#", class_name="sc-track-num"),
        rx.el.span("Title"),
        rx.el.span("Album" if show_album else "", class_name="sc-col-album"),
        rx.el.span(rx.icon("clock-3", size=16), class_name="sc-track-duration"),
        class_name="sc-track-row sc-track-head",
        role="row",
    )
    return rx.el.div(
        head if header else rx.fragment(),
        rx.foreach(
            tracks,
            lambda t, i: track_row(t, i, numbering=numbering, show_cover=show_cover, show_album=show_album),
        ),
        class_name="sc-tracks",
        role="table",
        data_testid="track-table",
    )
