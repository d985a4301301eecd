"""``/me/stats?period=12m``: the signed-in listener's own listening (sign in first otherwise).

Everything shown comes from ``MeStatsState.load`` (the service, for the signed-in listener);
the parts are in ``components/insight_listener.py``.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block
from spoticlone.components.insight_listener import error_view, stats_view
from spoticlone.components.template import page
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.insight.listener_stats import MeStatsState as S


@page(
    routes.ME_STATS,
    title="Your stats",
    description="Minutes listened, top artists, songs and genres, your listening clock and discoveries.",
    on_load=[AuthState.require_account, S.load],
)
def me_stats_page() -> rx.Component:
    return rx.cond(
        AuthState.signed_in & S.loaded,
        stats_view(),
        rx.cond(S.error != "", error_view(S.error), loading_block("520px")),
    )
