"""The phone's full-screen now-playing view, opened by tapping the mini-player.

Always rendered while a track is loaded and slid in and out by CSS (``.sc-fp-open``),
so its seek slider and times are painted by ``assets/player.js`` like the bar's even
while paused. Only phones show it (``assets/spoticlone.css``); desktops keep the bar.
Lyrics and queue open as the existing panels, laid over this view on a phone.
"""

from __future__ import annotations

import reflex as rx

from spoticlone.components.common import cover_image
from spoticlone.components.like_button import like_button
from spoticlone.components.play_pause import play_pause_button
from spoticlone.state.listening.lyrics import PanelState
from spoticlone.state.listening.player import PlayerState
from spoticlone.state.listening.queue import QueueState

# The audio element's time, read in the browser when Previous is pressed.
AUDIO_TIME = rx.Var(
    _js_expr="((document.getElementById('sc-audio') || {}).currentTime || 0)", _var_type=float
)


def _button(icon: str, label: str, on_click, *, testid: str, size: int = 24, active=None,
            class_name: str = "sc-icon-btn sc-fp-btn") -> rx.Component:
    classes = class_name if active is None else rx.cond(active, class_name + " sc-on", class_name)
    return rx.el.button(
        rx.icon(icon, size=size), type="button", title=label, aria_label=label,
        on_click=on_click, class_name=classes, data_testid=testid,
    )


def _header() -> rx.Component:
    return rx.el.div(
        _button("chevron-down", "Close now playing", PanelState.collapse, testid="fp-close", size=28),
        rx.el.div(
            rx.el.span("Playing from", class_name="sc-fp-kicker"),
            rx.el.span(
                rx.cond(PlayerState.current["album_title"], PlayerState.current["album_title"].to(str),
                        PlayerState.current["artist_name"].to(str)),
                class_name="sc-fp-source",
            ),
            class_name="sc-fp-heading",
        ),
        rx.el.span(class_name="sc-fp-spacer"),
        class_name="sc-fp-header",
    )


def _progress() -> rx.Component:
    return rx.el.div(
        rx.el.input(
            type="range", min="0", max="0", step="0.1", default_value="0",
            class_name="sc-range sc-seek sc-fp-seek", aria_label="Seek",
            data_sc_progress="", data_sc_seek="", data_testid="fp-seek",
        ),
        rx.el.div(
            rx.el.span("0:00", class_name="sc-time", data_sc_elapsed=""),
            rx.el.span(PlayerState.current["duration"], class_name="sc-time"),
            class_name="sc-fp-times",
        ),
        class_name="sc-fp-progress",
    )


def _controls() -> rx.Component:
    repeat_on = QueueState.repeat != "off"
    return rx.el.div(
        _button("shuffle", "Shuffle", QueueState.toggle_shuffle, testid="fp-shuffle",
                active=QueueState.shuffle),
        _button("skip-back", "Previous", QueueState.previous(AUDIO_TIME), testid="fp-prev", size=32),
        play_pause_button(icon_size=30, icon_class="sc-fp-play-icon", class_name="sc-fp-play",
                          data_testid="fp-play"),
        _button("skip-forward", "Next", QueueState.next, testid="fp-next", size=32),
        rx.el.button(
            rx.cond(QueueState.repeat == "one", rx.icon("repeat-1", size=24), rx.icon("repeat", size=24)),
            type="button", on_click=QueueState.cycle_repeat,
            aria_label="Repeat: " + QueueState.repeat, title="Repeat: " + QueueState.repeat,
            class_name=rx.cond(repeat_on, "sc-icon-btn sc-fp-btn sc-on", "sc-icon-btn sc-fp-btn"),
            data_testid="fp-repeat",
        ),
        class_name="sc-fp-controls",
    )


def _tab(icon: str, label: str, name: str) -> rx.Component:
    return rx.el.button(
        rx.icon(icon, size=20), rx.el.span(label),
        type="button", on_click=PanelState.toggle(name),
        class_name=rx.cond(PanelState.panel == name, "sc-fp-tab sc-on", "sc-fp-tab"),
        aria_pressed=rx.cond(PanelState.panel == name, "true", "false"),
        data_testid=f"fp-{name}",
    )


def now_playing_view() -> rx.Component:
    track = PlayerState.current
    return rx.el.section(
        _header(),
        rx.el.div(
            cover_image(track["cover_url"], track["title"].to(str) + " cover", icon="music"),
            class_name="sc-fp-cover",
        ),
        rx.el.div(
            rx.el.div(
                rx.el.span(track["title"], class_name="sc-fp-title", data_testid="fp-title"),
                rx.el.span(track["artist_name"], class_name="sc-fp-artist"),
                class_name="sc-fp-text",
            ),
            like_button(PlayerState.current_id, size=26, class_name="sc-like sc-fp-like"),
            class_name="sc-fp-meta",
        ),
        _progress(),
        _controls(),
        rx.el.div(
            _tab("mic-vocal", "Lyrics", "lyrics"),
            _tab("list-music", "Queue", "queue"),
            class_name="sc-fp-tabs",
        ),
        class_name=rx.cond(PanelState.expanded, "sc-fp sc-fp-open", "sc-fp"),
        role="dialog",
        aria_modal="true",
        aria_label="Now playing",
        aria_hidden=rx.cond(PanelState.expanded, "false", "true"),
        data_testid="now-playing-view",
    )
