"""Playback settings: streaming quality and volume normalisation (private page)."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.editorial import hidden_list
from spoticlone.components.forms import form_error, form_notice, settings_card
from spoticlone.components.settings_tabs import settings_tabs
from spoticlone.components.template import page
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.discovery.not_interested import NotInterestedState
from spoticlone.state.listening.playback_settings import PlaybackSettingsState as S

QUALITIES = (
    ("low", "Low", "96 kbps. Saves data on a mobile connection."),
    ("normal", "Normal", "160 kbps. Sounds good everywhere; the default."),
    ("high", "High", "320 kbps. For good headphones and a fast connection."),
    ("original", "Original", "The file as the artist uploaded it. Lossless songs can use ten times "
                             "the data of Normal."),
)
_OPTION = {"display": "flex", "gap": "12px", "align_items": "flex-start", "padding": "10px 0",
           "cursor": "pointer"}
_RADIO = {"margin_top": "4px", "accent_color": "var(--sc-accent)", "width": "18px", "height": "18px",
          "flex_shrink": "0"}


def _tabs() -> rx.Component:
    return settings_tabs(routes.SETTINGS_PLAYBACK)


def _quality_option(value: str, name: str, hint: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="radio", name="streaming_quality", value=value, id=f"quality-{value}",
                    checked=S.quality == value, on_change=S.choose_quality(value), style=_RADIO,
                    data_testid=f"quality-{value}"),
        rx.el.span(
            rx.el.strong(name, style={"display": "block"}),
            rx.el.span(hint, class_name="sc-hint"),
        ),
        html_for=f"quality-{value}",
        style=_OPTION,
    )


def _quality_card() -> rx.Component:
    return settings_card(
        "Streaming quality",
        rx.el.fieldset(
            rx.el.legend("Streaming quality", class_name="sc-visually-hidden",
                         style={"position": "absolute", "width": "1px", "height": "1px", "overflow": "hidden",
                                "clip": "rect(0 0 0 0)"}),
            *(_quality_option(*option) for option in QUALITIES),
            style={"border": "none", "padding": "0", "margin": "0"},
        ),
        description="Songs stream at this quality from the next one on. A song that is already at "
                    "or under a quality plays as it is; one still being converted plays as uploaded.",
    )


def _normalise_card() -> rx.Component:
    return settings_card(
        "Volume normalisation",
        rx.el.label(
            rx.switch(checked=S.normalise, on_change=S.choose_normalise, id="normalise-volume",
                      data_testid="normalise-volume"),
            rx.el.span("Play every song at about the same loudness"),
            html_for="normalise-volume",
            style={**_OPTION, "align_items": "center"},
        ),
        description="Loud songs are turned down toward -14 LUFS, the level Spotify uses, so you do not "
                    "reach for the volume between songs. Songs not measured yet play unchanged.",
    )


@page(routes.SETTINGS_PLAYBACK, title="Playback", description="Streaming quality and volume normalisation.",
      on_load=[AuthState.require_account, S.load, NotInterestedState.load])
def settings_playback_page() -> rx.Component:
    return rx.fragment(
        page_title("Settings"),
        rx.cond(
            AuthState.signed_in & S.loaded,
            rx.el.div(
                _tabs(),
                form_notice(S.notice),
                form_error(S.error),
                _quality_card(),
                _normalise_card(),
                hidden_list(),
                class_name="sc-settings",
            ),
            loading_block("320px"),
        ),
    )
