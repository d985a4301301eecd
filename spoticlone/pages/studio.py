"""``/studio``: the artist's drafts and releases; ``/studio?release=<id>``: the album builder.

Private: ``AuthState.require_account`` sends strangers to sign in first; an account
without an artist profile is told how to become one. The parts are built in
``components/studio_builder.py``.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block
from spoticlone.components.studio_builder import studio
from spoticlone.components.template import page
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.studio.covers import CoverState
from spoticlone.state.studio.featured import FeaturedState
from spoticlone.state.studio.releases import StudioState as S


@page(
    routes.STUDIO,
    title="Studio",
    description="Your drafts and releases: build an album, publish it or schedule it.",
    on_load=[AuthState.require_account, S.load, CoverState.clear, FeaturedState.close],
)
def studio_page() -> rx.Component:
    return rx.cond(AuthState.signed_in & S.loaded, studio(), loading_block("420px"))
