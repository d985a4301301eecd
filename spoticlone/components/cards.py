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


# Up to two initials, as ``demo.artwork.initials`` draws them on the demo portraits.
_INITIALS_JS = (
    '((n) => n.replace(/-/g, " ").split(/\\s+/).filter((w) => /^[\\p{L}\\p{N}]/u.test(w))'
    '.slice(0, 2).map((w) => [...w][0]).join("").toUpperCase() || "?")'
)
# A hue from the name, so one artist keeps one colour on every page and every visit.
_COLOUR_JS = (
    "((n) => { let h = 7; for (const c of n) h = (h * 31 + c.codePointAt(0)) % 360; "
    'return "hsl(" + h + " 38% 34%)"; })'
)
# A size container, so the initials take a third of the circle on a phone shelf and a wide grid.
_PICTURE = {"position": "relative", "width": "100%", "height": "100%", "display": "flex",
            "align_items": "center", "justify_content": "center", "container_type": "inline-size"}
_INITIALS = {"color": "rgba(255, 255, 255, .92)", "font_weight": "800", "letter_spacing": ".02em",
             "font_size": "33cqi", "line_height": "1", "user_select": "none"}
_OVER_PLACEHOLDER = {"position": "absolute", "inset": "0"}


def _of_name(function_js: str, name: Any) -> rx.Var:
    return rx.Var(
        _js_expr=f'{function_js}(String({name!s} ?? ""))',
        _var_type=str,
        _var_data=name._get_all_var_data(),
    )


def artist_picture(image_url: Any, name: Any) -> rx.Component:
    """An artist's portrait over a placeholder of their initials on a colour of their own.

    The placeholder is always drawn and the portrait covers it once loaded, so an artist
    without a picture, a portrait still loading lazily further down the page, or one that
    failed to load all show the initials rather than an empty grey circle. The image is
    decorative (``alt=""``): the box itself is labelled with the artist's name.
    """
    name = name.to(str)
    return rx.el.div(
        rx.el.span(_of_name(_INITIALS_JS, name), aria_hidden="true", style=_INITIALS),
        rx.cond(
            image_url,
            rx.el.img(src=image_url, alt="", loading="lazy", decoding="async", style=_OVER_PLACEHOLDER),
            rx.fragment(),
        ),
        role="img",
        aria_label=name,
        style={**_PICTURE, "background": _of_name(_COLOUR_JS, name)},
        data_testid="artist-picture",
    )


def artist_card(artist: Any) -> rx.Component:
    return _card(
        artist["url"],
        artist_picture(artist["image_url"], artist["name"]),
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
