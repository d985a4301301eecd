"""The 404 page: Reflex serves it for ``/404`` and every unknown route."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import not_found_view
from spoticlone.components.template import page


@page(routes.NOT_FOUND, title="Page not found", description="This page does not exist.")
def not_found_page() -> rx.Component:
    return not_found_view()
