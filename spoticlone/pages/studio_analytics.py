"""``/studio/analytics?range=28d``: what the artist's own catalog did over a range.

Private: ``AuthState.require_account`` sends strangers to sign in first; a listener
without an artist profile is told how to become one; everything shown comes from
``StudioAnalyticsState.load`` (the service, for the signed-in artist). The parts are in
``components/studio_analytics.py``.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block
from spoticlone.components.studio_analytics import dashboard, error_view, refusal_view
from spoticlone.components.template import page
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.studio.analytics import StudioAnalyticsState as S


@page(
    routes.STUDIO_ANALYTICS,
    title="Analytics",
    description="Plays, listeners, followers and top songs of your music.",
    on_load=[AuthState.require_account, S.load],
    dynamic_title=S.page_title,
)
def studio_analytics_page() -> rx.Component:
    return rx.cond(
        AuthState.signed_in & S.loaded,
        dashboard(),
        rx.cond(
            S.not_artist,
            refusal_view(),
            rx.cond(S.error != "", error_view(), loading_block("520px")),
        ),
    )
