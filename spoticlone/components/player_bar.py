"""The persistent player bar: one ``<audio>`` element plus Spotify-like controls.

Rendered once from an app wrap (``spoticlone.spoticlone.APP_WRAPS``) so page navigation
never remounts the audio element. The elapsed time, the seek and volume sliders and the
lyrics highlight are painted by ``assets/player.js`` straight from the element's events
(no websocket round trip); state hears about play/pause/buffering/ended/error, and the
browser's listening time arrives through the hidden report button about every ten
seconds of listening (``PlayerState.report``), never once per second.

On a phone the bar is a mini-player; tapping it opens ``now_playing_view``.

On mount the listener's playback settings load before the queue is restored (events run
in order), so the restored track already streams at the chosen quality.
"""

from __future__ import annotations

import reflex as rx
from reflex.event import EventHandler, no_args_event_spec

from spoticlone.components.common import cover_image
from spoticlone.components.like_button import like_button, liked_loader
from spoticlone.components.lyrics_panel import lyrics_panel
from spoticlone.components.now_playing_view import AUDIO_TIME, now_playing_view
from spoticlone.components.play_pause import play_pause_button
from spoticlone.components.queue_panel import queue_panel
from spoticlone.state.listening.lyrics import PanelState
from spoticlone.state.listening.player import PlayerState
from spoticlone.state.listening.queue import QueueState


def _time_spec(e: rx.Var) -> tuple[rx.Var[float], rx.Var[float]]:
    target = f"{e}.target"
    return (
        rx.Var(_js_expr=f"{target}.currentTime").to(float),
        rx.Var(_js_expr=f"({target}.duration || 0)").to(float),
    )


class MediaAudio(rx.el.Audio):
    """``<audio>`` with the media events the player needs (``rx.audio`` reports 0 times)."""

    on_time_update: EventHandler[_time_spec]
    on_loaded_metadata: EventHandler[_time_spec]
    on_ended: EventHandler[no_args_event_spec]
    on_playing: EventHandler[no_args_event_spec]
    on_pause: EventHandler[no_args_event_spec]
    on_waiting: EventHandler[no_args_event_spec]
    on_stalled: EventHandler[no_args_event_spec]
    on_can_play: EventHandler[no_args_event_spec]
    on_error: EventHandler[no_args_event_spec]


def audio_element() -> rx.Component:
    return MediaAudio.create(
        id="sc-audio",
        preload="auto",
        on_playing=PlayerState.playing,
        on_pause=PlayerState.paused,
        on_waiting=PlayerState.waiting,
        on_stalled=PlayerState.waiting,
        on_can_play=PlayerState.can_play,
        on_ended=QueueState.track_ended,
        on_error=QueueState.track_failed,
    )


def _js(code: str):
    return rx.call_script(f"window.scPlayer && window.scPlayer.{code}")


def icon_button(icon: str, label: str, *, on_click=None, active=None, id: str | None = None,
                class_name: str = "sc-icon-btn", size: int = 18, **props) -> rx.Component:
    classes = class_name if active is None else rx.cond(active, class_name + " sc-on", class_name)
    return rx.el.button(
        rx.icon(icon, size=size), type="button", title=label, aria_label=label,
        on_click=on_click, class_name=classes, id=id, **props,
    )


def _href(*choices: rx.Var) -> rx.Var:
    """The first non-empty URL of ``choices``, else "/"; never undefined.

    React Router resolves an undefined ``to`` to the page being rendered: the prerendered
    bar says "/", the browser's first render says "/album/x". React does not repair that
    attribute, and when the song's link later *is* "/album/x" the props look unchanged,
    so the DOM kept "/" (the cover led home while playing from that album's page).
    """
    href: rx.Var = rx.Var.create("/")
    for choice in reversed(choices):
        href = rx.cond(choice, choice.to(str), href)
    return href


def _now_playing() -> rx.Component:
    track = PlayerState.current
    return rx.el.div(
        rx.link(
            cover_image(track["cover_url"], track["title"].to(str) + " cover", icon="music"),
            href=_href(track["album_url"], track["url"]),
            class_name="sc-np-cover",
        ),
        rx.el.div(
            rx.link(track["title"], href=_href(track["url"]), class_name="sc-np-title",
                    data_testid="player-title"),
            rx.link(track["artist_name"], href=_href(track["artist_url"]), class_name="sc-np-artist"),
            class_name="sc-np-text",
        ),
        like_button(PlayerState.current_id, class_name="sc-like sc-np-like"),
        liked_loader(rx.Var.create([PlayerState.current_id])),
        class_name="sc-np",
    )


def _controls() -> rx.Component:
    repeat_on = QueueState.repeat != "off"
    return rx.el.div(
        rx.el.div(
            icon_button("shuffle", "Shuffle", on_click=QueueState.toggle_shuffle,
                        active=QueueState.shuffle, class_name="sc-icon-btn sc-hide-phone"),
            icon_button("skip-back", "Previous", on_click=QueueState.previous(AUDIO_TIME), id="sc-prev",
                        class_name="sc-icon-btn sc-hide-phone", size=20),
            play_pause_button(icon_size=18, id="sc-play", class_name="sc-play-btn"),
            icon_button("skip-forward", "Next", on_click=QueueState.next, id="sc-next", size=20),
            rx.el.button(
                rx.cond(QueueState.repeat == "one", rx.icon("repeat-1", size=18), rx.icon("repeat", size=18)),
                type="button", on_click=QueueState.cycle_repeat,
                aria_label="Repeat: " + QueueState.repeat, title="Repeat: " + QueueState.repeat,
                class_name=rx.cond(repeat_on, "sc-icon-btn sc-hide-phone sc-on", "sc-icon-btn sc-hide-phone"),
                data_testid="repeat",
            ),
            class_name="sc-controls-row",
        ),
        rx.el.div(
            rx.el.span("0:00", class_name="sc-time", data_sc_elapsed="", data_testid="player-elapsed"),
            rx.el.input(
                type="range", id="sc-seek", min="0", max="0", step="0.1", default_value="0",
                class_name="sc-range sc-seek", aria_label="Seek", data_sc_progress="",
            ),
            rx.el.span(PlayerState.current["duration"], class_name="sc-time sc-time-total"),
            class_name="sc-progress-row",
        ),
        class_name="sc-controls",
    )


def _extras() -> rx.Component:
    return rx.el.div(
        icon_button("mic-vocal", "Lyrics", on_click=PanelState.toggle("lyrics"),
                    active=PanelState.panel == "lyrics", data_testid="lyrics-toggle"),
        icon_button("list-music", "Queue", on_click=PanelState.toggle("queue"),
                    active=PanelState.panel == "queue", data_testid="queue-toggle"),
        rx.el.button(
            rx.icon("volume-2", size=18, class_name="sc-vol-on"),
            rx.icon("volume-x", size=18, class_name="sc-vol-off"),
            type="button", class_name="sc-icon-btn sc-hide-phone", aria_label="Mute",
            title="Mute", on_click=_js("toggleMute()"),
        ),
        rx.el.input(
            type="range", id="sc-volume", min="0", max="1", step="0.01", default_value="1",
            class_name="sc-range sc-volume sc-hide-phone", aria_label="Volume",
        ),
        class_name="sc-extras",
    )


def _report_button() -> rx.Component:
    """Hidden: ``assets/player.js`` clicks it to send its listening report (``scPlayer.out``)."""
    out = "(window.scPlayer ? window.scPlayer.out.{} : null)"
    return rx.el.button(
        type="button", id="sc-report", hidden=True, tab_index=-1, aria_hidden="true",
        on_click=PlayerState.report(
            rx.Var(_js_expr=out.format("seq")), rx.Var(_js_expr=out.format("ms")),
            rx.Var(_js_expr=out.format("position")),
        ),
    )


def player_bar() -> rx.Component:
    """The bar, its panels and the audio element; the bar shows once something is queued."""
    return rx.fragment(
        audio_element(),
        _report_button(),
        now_playing_view(),
        rx.cond(PanelState.panel == "queue", queue_panel(), rx.fragment()),
        rx.cond(PanelState.panel == "lyrics", lyrics_panel(), rx.fragment()),
        rx.el.footer(
            rx.el.div(
                rx.cond(
                    PlayerState.error != "",
                    rx.el.div(PlayerState.error, class_name="sc-player-error", role="alert",
                              data_testid="player-error"),
                    rx.fragment(),
                ),
                # Phones: the whole mini-player opens the full-screen view (play/pause
                # and the heart sit above this layer and keep their own taps).
                rx.el.button(type="button", class_name="sc-np-expand", on_click=PanelState.expand,
                             aria_label="Open now playing", title="Open now playing",
                             data_testid="player-expand"),
                _now_playing(),
                _controls(),
                _extras(),
                rx.el.div(class_name="sc-mini-progress", data_sc_progress=""),
                class_name="sc-player-inner",
            ),
            id="sc-player",
            class_name=rx.cond(PlayerState.current_id > 0, "sc-player sc-has-track", "sc-player"),
            data_testid="player-bar",
            aria_label="Player",
            on_mount=[PlayerState.load_settings, QueueState.restore],
        ),
    )
