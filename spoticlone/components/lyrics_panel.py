"""The lyrics panel: synced lines highlighted by ``assets/player.js``, or plain text.

Lyrics are user text: every line renders as plain text (escaped), never as markup.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.components.queue_panel import panel_header
from spoticlone.state.listening.lyrics import LyricsState
from spoticlone.state.listening.player import PlayerState


def _line(line: Any) -> rx.Component:
    # The click-to-seek and highlight logic reads data-lyric-time (see assets/player.js).
    return rx.el.p(
        line["text"],
        class_name="sc-lyric-line",
        custom_attrs={"data-lyric-time": line["time_ms"].to_string()},
        role="button",
        tab_index=0,
    )


def _body() -> rx.Component:
    return rx.cond(
        LyricsState.loading,
        rx.el.div(class_name="sc-skeleton", style={"height": "240px"}),
        rx.cond(
            LyricsState.has_lyrics,
            rx.cond(
                LyricsState.synced,
                rx.el.div(rx.foreach(LyricsState.lines, _line), class_name="sc-lyrics-synced",
                          data_testid="lyrics-synced"),
                rx.el.p(LyricsState.plain, class_name="sc-lyrics-plain", data_testid="lyrics-plain"),
            ),
            rx.el.div(
                rx.icon("mic-vocal", size=40),
                rx.el.p("No lyrics for this track"),
                class_name="sc-empty",
                data_testid="lyrics-empty",
            ),
        ),
    )


def lyrics_panel() -> rx.Component:
    return rx.el.aside(
        panel_header("Lyrics"),
        rx.el.div(
            rx.el.div(
                rx.el.span(PlayerState.current["title"], class_name="sc-lyrics-track"),
                rx.el.span(PlayerState.current["artist_name"], class_name="sc-q-artist"),
                class_name="sc-lyrics-head",
            ),
            _body(),
            class_name="sc-panel-body sc-lyrics-body",
        ),
        class_name="sc-panel sc-panel-lyrics",
        aria_label="Lyrics",
        data_testid="lyrics-panel",
    )
