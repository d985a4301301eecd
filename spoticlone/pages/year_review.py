"""``/me/year/<year>`` (your own year in review, share it) and ``/wrapped/<token>`` (a shared one).

The shared page needs no account: ``WrappedState.load`` asks the service for the token's year;
crawlers get its Open Graph tags (the card as image) from ``middleware/page_meta.py``.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block
from spoticlone.components.insight_listener import error_view, not_shared_view, wrapped_view, year_view
from spoticlone.components.template import page
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.insight.year_review import WrappedState as W, YearReviewState as Y


@page(
    routes.YEAR_REVIEW_ROUTE,
    title="Your year in review",
    description="Your top artists and songs of the year, minutes listened and a card to share.",
    on_load=[AuthState.require_account, Y.load],
    dynamic_title=Y.page_title,
)
def year_review_page() -> rx.Component:
    return rx.cond(
        AuthState.signed_in & Y.loaded,
        year_view(),
        rx.cond(Y.error != "", error_view(Y.error), loading_block("520px")),
    )


@page(
    routes.WRAPPED_ROUTE,
    title="Year in review",
    description="A listener's year in music on Spoticlone.",
    on_load=W.load,
    dynamic_title=W.page_title,
)
def wrapped_page() -> rx.Component:
    return rx.cond(W.loaded, wrapped_view(), rx.cond(W.not_found, not_shared_view(), loading_block("520px")))
