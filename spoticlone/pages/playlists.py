"""Browse public playlists: popular, newest, by genre, by artist.

Tabs and filter chips are links (``?genre=``, ``?artist=``, ``?order=``), so each view
has its own shareable address and is loaded by the page's ``on_load``.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import cover_image, empty_state, loading_block, page_title
from spoticlone.components.template import page
from spoticlone.state.library.playlists_browse import PlaylistsBrowseState as S


def _tab(label: str, href: Any, key: str) -> rx.Component:
    active = S.tab == key
    return rx.link(label, href=href, class_name=rx.cond(active, "sc-tab sc-tab-active", "sc-tab"),
                   aria_current=rx.cond(active, "page", "false"), underline="none", data_testid=f"tab-{key}")


def _tabs() -> rx.Component:
    return rx.el.nav(
        _tab("Popular", routes.PLAYLISTS, "popular"),
        _tab("Newest", routes.PLAYLISTS + "?order=newest", "newest"),
        _tab("By genre", S.genre_tab_href, "genre"),
        _tab("By artist", S.artist_tab_href, "artist"),
        class_name="sc-tabs",
        aria_label="Playlist views",
    )


def _chip(item: Any, param: str, current: Any) -> rx.Component:
    return rx.link(
        item["name"], href=routes.PLAYLISTS + f"?{param}=" + item["slug"].to(str),
        class_name=rx.cond(current == item["slug"].to(str), "sc-tab sc-tab-active", "sc-tab"),
        underline="none",
    )


def _filters() -> rx.Component:
    return rx.cond(
        S.tab == "genre",
        rx.el.div(rx.foreach(S.genres, lambda g: _chip(g, "genre", S.genre)), class_name="sc-tabs sc-pl-chips",
                  aria_label="Genres"),
        rx.cond(
            S.tab == "artist",
            rx.el.div(rx.foreach(S.artists, lambda a: _chip(a, "artist", S.artist)),
                      class_name="sc-tabs sc-pl-chips", aria_label="Artists"),
            rx.fragment(),
        ),
    )


def playlist_card(p: Any) -> rx.Component:
    """Cover, name and "by owner · N songs" for one playlist dict."""
    return rx.link(
        rx.el.div(
            cover_image(p["cover_url"], p["name"].to(str) + " cover", icon="list-music"),
            rx.el.div(rx.icon("play", size=20, fill="currentColor"), class_name="sc-play-hint"),
            class_name="sc-card-cover",
        ),
        rx.el.div(p["name"], class_name="sc-card-title"),
        rx.el.div("By ", p["owner_name"], class_name="sc-card-subtitle"),
        rx.el.div(p["songs_text"], " · ", p["followers_text"], class_name="sc-card-subtitle"),
        href=p["url"].to(str),
        class_name="sc-card",
        data_testid="playlist-card",
        underline="none",
    )


def _pager() -> rx.Component:
    return rx.cond(
        S.pages > 1,
        rx.el.nav(
            rx.link("Previous", href=S.base_url + "page=" + (S.page - 1).to_string(), class_name="sc-pager-btn",
                    aria_disabled=rx.cond(S.page <= 1, "true", "false")),
            rx.el.span("Page ", S.page.to_string(), " of ", S.pages.to_string(), class_name="sc-pager-label"),
            rx.link("Next", href=S.base_url + "page=" + (S.page + 1).to_string(), class_name="sc-pager-btn",
                    aria_disabled=rx.cond(S.page >= S.pages, "true", "false")),
            class_name="sc-pager", aria_label="Pagination",
        ),
        rx.fragment(),
    )


def _results() -> rx.Component:
    return rx.cond(
        ~S.loaded,
        loading_block("300px"),
        rx.cond(
            S.error != "",
            rx.el.p(S.error, class_name="sc-form-error", role="alert"),
            rx.cond(
                S.playlists.length() > 0,
                rx.fragment(rx.el.div(rx.foreach(S.playlists, playlist_card), class_name="sc-grid"), _pager()),
                empty_state("No public playlists here yet.", icon="list-music"),
            ),
        ),
    )


@page(routes.PLAYLISTS, title="Playlists", description="Public playlists by genre, artist and popularity.",
      on_load=S.load)
def playlists_page() -> rx.Component:
    return rx.fragment(
        page_title("Playlists"),
        rx.el.p("Public playlists made by listeners.", class_name="sc-muted sc-pl-lede"),
        _tabs(),
        _filters(),
        rx.el.div(_results(), class_name="sc-pl-results"),
    )
