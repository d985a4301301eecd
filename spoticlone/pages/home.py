"""Home: made-for-you mixes, new releases, popular tracks, genres and featured artists."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.cards import album_grid, artist_grid, genre_grid
from spoticlone.components.common import empty_state, loading_block, page_title, section
from spoticlone.components.discovery import made_for_you
from spoticlone.components.editorial import featured_shelves
from spoticlone.components.radio import my_radio_entry
from spoticlone.components.template import page
from spoticlone.components.tracks import track_table
from spoticlone.state.catalog.home import HomeState
from spoticlone.state.discovery.editorial import EditorialShelvesState
from spoticlone.state.discovery.mixes import MadeForYouState
from spoticlone.state.library.feed import FeedState


def _shelves() -> rx.Component:
    return rx.fragment(
        made_for_you(),
        rx.cond(MadeForYouState.mixes.length() > 0, my_radio_entry(), rx.fragment()),
        featured_shelves(),
        rx.cond(
            HomeState.recently_played.length() > 0,
            section("Recently played", track_table(HomeState.recently_played, header=False)),
            rx.fragment(),
        ),
        rx.cond(
            FeedState.items.length() > 0,
            section("From artists and listeners you follow", album_grid(FeedState.items, shelf=True)),
            rx.fragment(),
        ),
        section("New releases", album_grid(HomeState.new_releases, shelf=True)),
        section("Popular tracks", track_table(HomeState.popular_tracks, header=False)),
        section("Browse genres", genre_grid(HomeState.genres), see_all=routes.BROWSE,
                title_href=routes.BROWSE),
        section("Featured artists", artist_grid(HomeState.featured_artists, shelf=True)),
    )


@page(
    routes.HOME,
    title="Home",
    description="Stream new releases, popular tracks and every genre on Spoticlone.",
    on_load=[HomeState.load, FeedState.load, MadeForYouState.load, EditorialShelvesState.load],
)
def home_page() -> rx.Component:
    return rx.fragment(
        page_title("Listen now"),
        rx.cond(
            HomeState.is_empty,
            empty_state("No music here yet. Seed the demo catalog or upload some tracks."),
            rx.cond(HomeState.loaded, _shelves(), loading_block("420px")),
        ),
    )
