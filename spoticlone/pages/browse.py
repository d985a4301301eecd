"""Browse: every genre as a coloured tile, a page at a time."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.cards import genre_grid
from spoticlone.components.common import empty_state, loading_block, page_title, pagination
from spoticlone.components.editorial import featured_shelves
from spoticlone.components.template import page
from spoticlone.state.catalog.browse import BrowseState
from spoticlone.state.discovery.editorial import EditorialShelvesState


@page(
    routes.BROWSE,
    title="Browse all",
    description="Browse every genre on Spoticlone.",
    on_load=[BrowseState.load, EditorialShelvesState.load],
)
def browse_page() -> rx.Component:
    return rx.fragment(
        page_title("Browse all"),
        # The way to public playlists on phones, whose bottom bar has no Playlists tab.
        rx.el.div(
            rx.link(rx.icon("list-music", size=16), "Playlists made by listeners", href=routes.PLAYLISTS,
                    class_name="sc-pill", underline="none", data_testid="browse-playlists-link"),
            class_name="sc-pill-row sc-browse-playlists",
        ),
        featured_shelves(),
        rx.cond(
            BrowseState.loaded,
            rx.cond(
                BrowseState.total > 0,
                rx.fragment(
                    genre_grid(BrowseState.genres),
                    pagination(BrowseState.page, BrowseState.pages, routes.BROWSE),
                ),
                empty_state("No genres yet."),
            ),
            loading_block("320px"),
        ),
    )
