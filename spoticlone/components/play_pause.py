"""The play/pause button shared by the player bar and the phone's now-playing view."""

from __future__ import annotations

import reflex as rx

from spoticlone.state.listening.player import PlayerState


def play_pause_button(*, icon_size: int, icon_class: str = "", **props) -> rx.Component:
    """A button that shows a spinner while buffering, else pause or play, and toggles playback.

    The click goes straight to the audio element (``assets/player.js``), not through
    the server, so it answers at once.
    """
    label = rx.cond(PlayerState.is_playing, "Pause", "Play")
    return rx.el.button(
        rx.cond(
            PlayerState.buffering,
            rx.el.span(class_name="sc-spinner", role="status", aria_label="Buffering"),
            rx.cond(
                PlayerState.is_playing,
                rx.icon("pause", size=icon_size, fill="currentColor"),
                rx.icon("play", size=icon_size, fill="currentColor", class_name=icon_class),
            ),
        ),
        type="button", aria_label=label, title=label,
        on_click=rx.call_script("window.scPlayer && window.scPlayer.toggle()"),
        **props,
    )
