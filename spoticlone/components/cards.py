"""Album, artist and genre cards and the grids that hold them.

Cards take Vars from ``rx.foreach`` over the plain-dict DTOs kept in state.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.components.common import cover_image

# Spotify-like tile colours; a genre's colour is picked by its position in the list.
GENRE_COLOURS = (
    "#e13300", "#1e3264", "#8400e7", "#e8115b", "#148a08", "#dc148c", "#006450",
    "#bc5900", "#477d95", "#503750", "#7358ff", "#ba5d07", "#0d73ec", "#8d67ab",
)


def _card(href: Any, image: rx.Component, title: Any, subtitle: Any, *, round_: bool = False,
          test_id: str = "card") -> rx.Component:
    return rx.link(
        rx.el.div(
            image,
            rx.el.div(rx.icon("play", size=20, fill="currentColor"), class_name="sc-play-hint"),
            class_name="sc-card-cover",
        ),
        rx.el.div(title, class_name="sc-card-title"),
        rx.el.div(subtitle, class_name="sc-card-subtitle"),
        href=href,
        class_name="sc-card sc-card-round" if round_ else "sc-card",
        data_testid=test_id,
        underline="none",
    )


def album_card(album: Any) -> rx.Component:
    """Cover, title and "year • artist" for one album dict."""
    subtitle = rx.cond(
        album["year"],
        album["year"].to_string() + " • " + album["artist_name"].to(str),
        album["artist_name"],
    )
    return _card(
        album["url"],
        cover_image(album["cover_url"], album["title"].to(str) + " cover"),
        album["title"],
        subtitle,
        test_id="album-card",
    )


def artist_card(artist: Any) -> rx.Component:
    return _card(
        artist["url"],
        cover_image(artist["image_url"], artist["name"].to(str), icon="mic-vocal"),
        artist["name"],
        "Artist",
        round_=True,
        test_id="artist-card",
    )


def genre_tile(genre: Any, index: Any) -> rx.Component:
    colours = rx.Var.create(list(GENRE_COLOURS))
    return rx.link(
        rx.el.span(genre["name"]),
        rx.el.span(genre["track_count"].to_string() + " tracks", class_name="sc-genre-count"),
        rx.icon("disc-3", size=96, class_name="sc-genre-art", aria_hidden="true"),
        href=genre["url"],
        class_name="sc-genre-tile",
        style={"background": colours[index % len(GENRE_COLOURS)]},
        data_testid="genre-tile",
        underline="none",
    )


def album_grid(albums: Any, *, shelf: bool = False) -> rx.Component:
    """A responsive grid; ``shelf`` turns it into a horizontal scroller on phones."""
    return rx.el.div(
        rx.foreach(albums, album_card), class_name="sc-grid sc-shelf" if shelf else "sc-grid"
    )


def artist_grid(artists: Any, *, shelf: bool = False) -> rx.Component:
    return rx.el.div(
        rx.foreach(artists, artist_card), class_name="sc-grid sc-shelf" if shelf else "sc-grid"
    )


def genre_grid(genres: Any) -> rx.Component:
    return rx.el.div(rx.foreach(genres, genre_tile), class_name="sc-genre-grid")
