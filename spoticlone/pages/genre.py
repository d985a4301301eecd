"""Genre: its description, a shelf of albums and its tracks, paginated."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.cards import album_grid
from spoticlone.components.common import empty_state, entity_view, pagination, section
from spoticlone.components.radio import start_radio_button
from spoticlone.components.share import share_menu
from spoticlone.components.template import page
from spoticlone.components.tracks import play_action, track_table
from spoticlone.state.catalog.genre import GenreState
from spoticlone.state.listening.queue import QueueState


def _header() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.span("Genre", class_name="sc-hero-kind"),
            rx.el.h1(GenreState.genre["name"], class_name="sc-hero-title"),
            rx.el.p(GenreState.genre["description"], class_name="sc-prose"),
            rx.el.div(
                rx.el.span(GenreState.genre["track_count"].to_string(), " tracks"),
                class_name="sc-hero-meta",
            ),
            class_name="sc-hero-text",
        ),
        class_name="sc-hero",
    )


def _share() -> rx.Component:
    return share_menu(GenreState.genre["url"], GenreState.genre["name"].to(str) + " on Spoticlone")


def _content() -> rx.Component:
    return rx.fragment(
        _header(),
        rx.cond(
            GenreState.tracks.length() > 0,
            play_action(QueueState.play_context("genre", GenreState.genre["slug"].to(str)), "Play genre",
                        start_radio_button("genre", GenreState.genre["slug"].to(str)), _share()),
            rx.el.div(_share(), class_name="sc-actions"),
        ),
        rx.cond(
            GenreState.albums.length() > 0,
            section("Albums", album_grid(GenreState.albums, shelf=True)),
            rx.fragment(),
        ),
        section(
            "Tracks",
            rx.cond(
                GenreState.tracks.length() > 0,
                track_table(GenreState.tracks, source="genre",
                            source_id=GenreState.genre["slug"].to(str)),
                empty_state("No tracks on this page."),
            ),
            pagination(GenreState.page, GenreState.pages, GenreState.genre["url"].to(str)),
        ),
    )


@page(
    routes.GENRE_ROUTE,
    title="Genre",
    description="Albums and tracks in this genre on Spoticlone.",
    on_load=GenreState.load,
    dynamic_title=GenreState.page_title,
)
def genre_page() -> rx.Component:
    return entity_view(GenreState, "genre", _content)
