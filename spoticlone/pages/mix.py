"""A made-for-you mix: mosaic, title, description, play, save as playlist, and its tracks.

Looks and plays like a playlist page (the same hero and track rows); each row also has
"Not interested", which removes the track at once. Mixes are personal: signed-out visitors
are sent to sign in, and an id that names no mix gets the not-found view.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import empty_state, entity_view
from spoticlone.components.discovery import mix_actions, mix_header, mix_messages, mix_tracks
from spoticlone.components.template import page
from spoticlone.state.discovery.mixes import MixState


def _content() -> rx.Component:
    return rx.fragment(
        mix_header(),
        mix_actions(),
        mix_messages(),
        rx.cond(MixState.tracks.length() > 0, mix_tracks(),
                empty_state("Nothing in this mix yet. Play and like a few songs and check back.",
                            icon="sparkles")),
    )


@page(
    routes.MIX_ROUTE,
    title="Mix",
    description="A mix made for you on Spoticlone.",
    on_load=MixState.load,
    dynamic_title=MixState.page_title,
)
def mix_page() -> rx.Component:
    return entity_view(MixState, "mix", _content)
