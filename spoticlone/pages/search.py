"""Search: one box, results as you type, grouped like Spotify's search page.

With the box empty: the listener's recent searches (signed in) above the genre tiles of
/browse. Enter, or a click on a result, tells the state the search found its mark.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.cards import album_grid, artist_grid, genre_grid
from spoticlone.components.common import cover_image, empty_state, page_title, section
from spoticlone.components.template import page
from spoticlone.components.tracks import track_table
from spoticlone.state.search import SearchState


def _search_box() -> rx.Component:
    return rx.form(
        rx.input(
            rx.input.slot(rx.icon("search", size=18)),
            name="q",
            value=SearchState.query,
            on_change=SearchState.set_query,
            debounce_timeout=250,
            placeholder="What do you want to listen to?",
            type="search",
            size="3",
            radius="full",
            auto_focus=True,
            aria_label="Search songs, artists, albums, genres and lyrics",
            data_testid="search-input",
            width="100%",
        ),
        class_name="sc-search-box",
        role="search",
        on_submit=SearchState.commit,
    )


def _top_result() -> rx.Component:
    top = SearchState.top
    return rx.link(
        rx.el.div(
            cover_image(top["image_url"], top["title"].to(str), icon="music"),
            class_name="sc-top-cover",
        ),
        rx.el.div(top["title"], class_name="sc-top-title"),
        rx.el.div(top["subtitle"], class_name="sc-card-subtitle"),
        href=top["url"].to(str),
        class_name="sc-card sc-top-result",
        underline="none",
        data_testid="top-result",
    )


def _lyric_hit(hit: rx.Var) -> rx.Component:
    return rx.el.div(
        rx.link(hit["title"], href=hit["url"].to(str), class_name="sc-track-title"),
        rx.el.div(hit["artist_name"], class_name="sc-track-sub"),
        rx.el.p("“", hit["snippet"], "”", class_name="sc-lyric-snippet"),
        class_name="sc-lyric-hit",
        data_testid="lyrics-hit",
    )


def _genre_pill(genre: rx.Var) -> rx.Component:
    return rx.link(genre["name"], href=genre["url"].to(str), class_name="sc-pill",
                   underline="none", data_testid="genre-hit")


def _recent_item(query: rx.Var) -> rx.Component:
    return rx.el.button(
        rx.icon("history", size=16, aria_hidden="true"),
        rx.el.span(query, class_name="sc-recent-text"),
        type="button",
        class_name="sc-recent-item",
        title=query,
        on_click=SearchState.use_recent(query),
        data_testid="recent-search",
    )


def _recent() -> rx.Component:
    return rx.cond(
        SearchState.recent.length() > 0,
        rx.el.section(
            rx.el.div(
                rx.el.h2("Recent searches", class_name="sc-section-title"),
                rx.el.button("Clear", type="button", class_name="sc-see-all sc-recent-clear",
                             aria_label="Clear recent searches", on_click=SearchState.clear_recent,
                             data_testid="recent-clear"),
                class_name="sc-section-header",
            ),
            rx.el.div(rx.foreach(SearchState.recent, _recent_item), class_name="sc-recent-list"),
            class_name="sc-section",
            data_testid="recent-searches",
        ),
        rx.fragment(),
    )


def _start() -> rx.Component:
    """The empty page: recent searches, then the genre tiles /browse shows."""
    return rx.el.div(
        _recent(),
        rx.cond(
            SearchState.tiles.length() > 0,
            rx.el.div(section("Browse all", genre_grid(SearchState.tiles), see_all=routes.BROWSE),
                      data_testid="search-genres"),
            empty_state("Find songs, artists, albums, genres and lyrics.", icon="search"),
        ),
        class_name="sc-search-start",
    )


def _results() -> rx.Component:
    return rx.el.div(
        rx.cond(
            SearchState.corrected != "",
            rx.el.p("Showing results for “", SearchState.corrected, "”", class_name="sc-search-note"),
            rx.fragment(),
        ),
        rx.el.div(
            rx.cond(SearchState.top, section("Top result", _top_result()), rx.fragment()),
            rx.cond(
                SearchState.tracks.length() > 0,
                section("Songs", track_table(SearchState.tracks, header=False, source="search",
                                             source_id=SearchState.searched)),
                rx.fragment(),
            ),
            class_name="sc-search-top",
        ),
        rx.cond(SearchState.artists.length() > 0,
                section("Artists", artist_grid(SearchState.artists, shelf=True)), rx.fragment()),
        rx.cond(SearchState.albums.length() > 0,
                section("Albums", album_grid(SearchState.albums, shelf=True)), rx.fragment()),
        rx.cond(SearchState.genres.length() > 0,
                section("Genres", rx.el.div(rx.foreach(SearchState.genres, _genre_pill),
                                            class_name="sc-pill-row")), rx.fragment()),
        rx.cond(SearchState.lyrics.length() > 0,
                section("In lyrics", rx.foreach(SearchState.lyrics, _lyric_hit)), rx.fragment()),
        # Clicks bubble up from every result (links, play buttons): opening or playing
        # one is how a listener says this search found what they wanted.
        on_click=SearchState.opened_result,
        data_testid="search-results",
    )


@page(
    routes.SEARCH,
    title="Search",
    description="Search songs, artists, albums, genres and lyrics on Spoticlone.",
    on_load=SearchState.load,
)
def search_page() -> rx.Component:
    return rx.fragment(
        page_title("Search"),
        _search_box(),
        rx.cond(
            SearchState.has_query,
            rx.cond(
                SearchState.total > 0,
                _results(),
                rx.el.div(
                    empty_state("No results for “" + SearchState.searched + "”", icon="search-x"),
                    rx.el.p("Check the spelling, or try fewer or different words.",
                            class_name="sc-search-note"),
                    data_testid="search-empty",
                ),
            ),
            _start(),
        ),
    )
