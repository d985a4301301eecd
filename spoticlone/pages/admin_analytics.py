"""``/admin/analytics?range=28d``: how the service is used, for administrators.

``AuthState.require_account`` sends strangers to sign in; a listener is told the page is for
administrators; everything shown comes from ``AdminAnalyticsState.load`` (the service, which
decides who may see it). The parts are in ``components/insight_charts.py``.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block
from spoticlone.components.insight_charts import dashboard, error_view, refusal_view
from spoticlone.components.template import page
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.insight.dashboard import AdminAnalyticsState as S


@page(
    routes.ADMIN_ANALYTICS,
    title="Analytics",
    description="Administration: listeners, plays, sign-ups, retention, searches and devices over a period.",
    on_load=[AuthState.require_account, S.load],
    dynamic_title=S.page_title,
)
def admin_analytics_page() -> rx.Component:
    return rx.cond(
        AuthState.signed_in & S.loaded,
        dashboard(),
        rx.cond(S.refusal != "", refusal_view(), rx.cond(S.error != "", error_view(), loading_block("520px"))),
    )
