"""The queue panel opened from the player bar: now playing, up next, remove/reorder/clear."""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.components.common import cover_image
from spoticlone.components.radio import queue_context
from spoticlone.state.listening.lyrics import PanelState
from spoticlone.state.listening.player import PlayerState
from spoticlone.state.listening.queue import QueueState


def panel_header(title: str, *extra: rx.Component) -> rx.Component:
    return rx.el.div(
        rx.el.h2(title, class_name="sc-panel-title"),
        *extra,
        rx.el.button(rx.icon("x", size=20), type="button", class_name="sc-icon-btn",
                     aria_label="Close", title="Close", on_click=PanelState.close),
        class_name="sc-panel-header",
    )


def _track_line(track: Any, *controls: rx.Component, playing: bool = False) -> rx.Component:
    return rx.el.div(
        rx.el.div(
            cover_image(track["cover_url"], track["title"].to(str) + " cover", icon="music"),
            class_name="sc-track-thumb",
        ),
        rx.el.div(
            rx.link(track["title"], href=track["url"].to(str),
                    class_name="sc-q-title sc-now" if playing else "sc-q-title"),
            rx.el.span(track["artist_name"], class_name="sc-q-artist"),
            class_name="sc-track-text",
        ),
        rx.el.div(*controls, class_name="sc-q-controls"),
        class_name="sc-q-row",
        data_testid="queue-now" if playing else "queue-row",
    )


def _small(icon: str, label: str, on_click, disabled=False) -> rx.Component:
    return rx.el.button(rx.icon(icon, size=16), type="button", class_name="sc-icon-btn sc-q-btn",
                        aria_label=label, title=label, on_click=on_click, disabled=disabled)


def _upcoming_row(track: Any, index: Any) -> rx.Component:
    last = QueueState.upcoming.length() - 1
    return _track_line(
        track,
        _small("chevron-up", "Move up", QueueState.move(index, index - 1), disabled=index == 0),
        _small("chevron-down", "Move down", QueueState.move(index, index + 1), disabled=index == last),
        _small("x", "Remove from queue", QueueState.remove(index)),
    )


def queue_panel() -> rx.Component:
    return rx.el.aside(
        panel_header(
            "Queue",
            rx.cond(
                QueueState.upcoming.length() > 0,
                rx.el.button("Clear", type="button", class_name="sc-text-btn",
                             on_click=QueueState.clear, data_testid="queue-clear"),
                rx.fragment(),
            ),
        ),
        rx.el.div(
            rx.cond(
                PlayerState.current_id > 0,
                rx.fragment(
                    rx.el.h3("Now playing", class_name="sc-panel-sub"),
                    _track_line(PlayerState.current, playing=True),
                ),
                rx.fragment(),
            ),
            rx.el.h3("Next up", class_name="sc-panel-sub"),
            queue_context(),
            rx.cond(
                QueueState.upcoming.length() > 0,
                rx.foreach(QueueState.upcoming, _upcoming_row),
                rx.el.p("Nothing queued. Add songs with \u201cAdd to queue\u201d.",
                        class_name="sc-panel-empty"),
            ),
            class_name="sc-panel-body",
        ),
        class_name="sc-panel",
        aria_label="Queue",
        data_testid="queue-panel",
    )
