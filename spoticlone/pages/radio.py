"""A radio station: "My radio" (``/radio``) or a shared one (``/radio/<kind>/<ref>``).

Opening the page starts the station and plays it; the page shows the seed, the share menu and
the songs the station plays next (the player's queue, which refills itself). A seed that does
not exist, or a playlist the listener may not read, gets the not-found view.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import entity_view
from spoticlone.components.radio import radio_actions, radio_header, radio_tracks
from spoticlone.components.template import page
from spoticlone.state.discovery.radio import RadioState


def _content() -> rx.Component:
    return rx.fragment(radio_header(), radio_actions(), radio_tracks())


@page(
    routes.RADIO_ROUTE,
    title="Radio",
    description="A radio station on Spoticlone: endless music grown from a song, an album, an artist or a genre.",
    on_load=RadioState.open,
    dynamic_title=RadioState.page_title,
)
def radio_page() -> rx.Component:
    return entity_view(RadioState, "radio station", _content)


@page(
    routes.MY_RADIO,
    title="My radio",
    description="Endless music from your own taste on Spoticlone.",
    on_load=RadioState.open,
    dynamic_title=RadioState.page_title,
)
def my_radio_page() -> rx.Component:
    return entity_view(RadioState, "radio station", _content)
