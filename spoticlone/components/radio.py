"""Radio in the UI: the "Start radio" action of seed pages, the station page's parts, the queue's
"Radio: <seed>" line and Home's "My radio" entry.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import cover_image
from spoticlone.components.share import share_menu
from spoticlone.state.discovery.radio import RadioState
from spoticlone.state.listening.player import PlayerState
from spoticlone.state.listening.queue import QueueState

_TILE = {"background": "linear-gradient(135deg, #1db954 0%, #0b4f2a 55%, #121212 100%)",
         "display": "flex", "align_items": "center", "justify_content": "center", "color": "#fff"}


def radio_href(kind: str, ref: Any) -> Any:
    """The station address for a seed page (``ref`` is usually a page var)."""
    return f"/radio/{kind}/" + ref.to(str) if isinstance(ref, rx.Var) else routes.radio_url(kind, str(ref))


def start_radio_button(kind: str, ref: Any) -> rx.Component:
    """"Start radio" beside a page's play button: opens the station, which starts playing at once."""
    return rx.el.a(rx.icon("radio", size=16), "Start radio", href=radio_href(kind, ref),
                   class_name="sc-btn sc-btn-secondary sc-btn-small", title="Start radio",
                   data_testid="start-radio")


def queue_context() -> rx.Component:
    """The queue panel's "Radio: <seed>" line (nothing for other queues)."""
    return rx.cond(
        QueueState.context_label != "",
        rx.el.p(rx.icon("radio", size=14), QueueState.context_label, class_name="sc-panel-sub",
                style={"display": "flex", "align_items": "center", "gap": "6px", "color": "var(--sc-accent, #1db954)"},
                data_testid="queue-context"),
        rx.fragment(),
    )


def my_radio_entry() -> rx.Component:
    """Home's "My radio": a station from the listener's own taste, one click away."""
    return rx.el.a(
        rx.el.div(rx.icon("radio", size=28), style={**_TILE, "width": "56px", "height": "56px",
                                                      "border_radius": "6px", "flex": "none"}),
        rx.el.div(rx.el.strong("My radio"),
                  rx.el.span("Endless music from your taste. Skips and likes steer it.",
                             class_name="sc-q-artist"),
                  style={"display": "flex", "flex_direction": "column", "gap": "2px", "min_width": "0"}),
        href=routes.MY_RADIO, data_testid="my-radio",
        style={"display": "flex", "align_items": "center", "gap": "14px", "padding": "10px 14px 10px 10px",
               "border_radius": "8px", "background": "rgba(255,255,255,.07)", "max_width": "440px",
               "color": "inherit", "text_decoration": "none", "margin_bottom": "24px"},
    )


def radio_header() -> rx.Component:
    station = RadioState.station
    return rx.el.div(
        rx.el.div(rx.icon("radio", size=96), class_name="sc-hero-cover", style=_TILE),
        rx.el.div(
            rx.el.span("Radio", class_name="sc-hero-kind"),
            rx.el.h1(station["title"], class_name="sc-hero-title", data_testid="radio-title"),
            rx.el.p("Endless music like this, picked as you listen. Skip what you don't want and like what "
                    "you love: the next songs lean that way.", class_name="sc-pl-desc"),
            rx.el.div(rx.el.span("Spoticlone"), rx.el.span(class_name="sc-dot"),
                      rx.el.span("Never repeats a song"), class_name="sc-hero-meta"),
            class_name="sc-hero-text",
        ),
        class_name="sc-hero",
    )


def radio_actions() -> rx.Component:
    station = RadioState.station
    return rx.el.div(
        rx.el.button(
            rx.cond(PlayerState.is_playing, rx.icon("pause", size=24, fill="currentColor"),
                    rx.icon("play", size=24, fill="currentColor")),
            type="button", class_name="sc-big-play", aria_label="Play or pause the radio", title="Play or pause",
            on_click=rx.call_script("window.scPlayer && window.scPlayer.toggle && window.scPlayer.toggle()"),
            data_testid="radio-play",
        ),
        rx.el.button(rx.icon("skip-forward", size=16), "Skip", type="button",
                     class_name="sc-btn sc-btn-secondary sc-btn-small", on_click=QueueState.next,
                     data_testid="radio-skip"),
        share_menu(station["url"], station["label"]),
        class_name="sc-actions sc-pl-actions",
    )


def _row(track: Any, *, now: bool = False) -> rx.Component:
    return rx.el.div(
        rx.el.div(cover_image(track["cover_url"], track["title"].to(str) + " cover", icon="music"),
                  class_name="sc-track-thumb"),
        rx.el.div(
            rx.link(track["title"], href=track["url"].to(str), class_name="sc-q-title sc-now" if now else "sc-q-title"),
            rx.el.span(track["artist_name"], class_name="sc-q-artist"),
            class_name="sc-track-text",
        ),
        class_name="sc-q-row",
        data_testid="radio-now" if now else "radio-row",
    )


def radio_tracks() -> rx.Component:
    """Now playing and what the station plays next (the player's own queue)."""
    return rx.el.div(
        rx.cond(PlayerState.current_id > 0,
                rx.fragment(rx.el.h3("Now playing", class_name="sc-panel-sub"), _row(PlayerState.current, now=True)),
                rx.fragment()),
        rx.el.h3("Next on this station", class_name="sc-panel-sub"),
        rx.cond(QueueState.upcoming.length() > 0, rx.foreach(QueueState.upcoming, _row),
                rx.el.p("This station has played everything it can find for now. Try radio from another "
                        "song or artist.", class_name="sc-panel-empty", data_testid="radio-empty")),
        style={"max_width": "720px"},
        data_testid="radio-tracks",
    )
