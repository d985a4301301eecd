"""Charts: top songs, artists and albums, this week or all time, overall or per genre.

Every choice is a link (or, for the genre select, a redirect) to ``/charts?kind=&period=&genre=``
so what a listener sees is what they can share. The ranking is ``services.listening.charts``;
the footnote states its formula in words a listener can check.
"""

from __future__ import annotations

import reflex as rx

from spoticlone.components.common import cover_image, empty_state, loading_block, page_title
from spoticlone.components.share import share_menu
from spoticlone.state.listening.charts import ALL_GENRES, KINDS, PERIODS, ChartsState
from spoticlone.state.listening.player import PlayerState
from spoticlone.state.listening.queue import QueueState

FORMULA = "score = completed plays + 3 × likes + 2 × Σ(stars − 3)"
EMPTY = {
    "week": "Nothing has charted this week yet. Plays, likes and ratings from the last 7 days show up here.",
    "all": "Nothing has charted yet. Plays, likes and ratings show up here.",
}


def _choice(label: str, key: str, current) -> rx.Component:
    return rx.link(
        label,
        href=ChartsState.links[key],
        class_name=rx.cond(current == key, "sc-tab sc-tab-active", "sc-tab"),
        aria_current=rx.cond(current == key, "page", "false"),
        data_testid=f"chart-{key}",
        underline="none",
    )


def _genre_select() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder="All genres", class_name="sc-chart-genre", aria_label="Genre",
                          data_testid="chart-genre"),
        rx.select.content(
            rx.select.item("All genres", value=ALL_GENRES),
            rx.foreach(ChartsState.genres, lambda g: rx.select.item(g["name"], value=g["slug"])),
        ),
        value=ChartsState.genre_value,
        on_change=ChartsState.choose_genre,
    )


def _controls() -> rx.Component:
    return rx.el.div(
        rx.el.nav(*[_choice(label, key, ChartsState.kind) for key, label in KINDS.items()],
                  class_name="sc-tabs", aria_label="Chart"),
        rx.el.div(
            rx.el.div(*[_choice(label, key, ChartsState.period) for key, label in PERIODS.items()],
                      class_name="sc-tabs sc-chart-periods", role="group", aria_label="Period"),
            _genre_select(),
            class_name="sc-chart-filters",
        ),
        class_name="sc-chart-controls",
    )


def _play_button(row, index) -> rx.Component:
    return rx.cond(
        ChartsState.kind == "tracks",
        rx.el.button(
            rx.icon("play", size=16, fill="currentColor"),
            type="button",
            class_name="sc-chart-play",
            aria_label="Play " + row["title"].to(str),
            title="Play",
            on_click=QueueState.play_list(ChartsState.track_ids, index, "track", ""),
            data_testid="chart-play",
        ),
        rx.el.span(),
    )


def _row(row, index) -> rx.Component:
    is_artist = ChartsState.kind == "artists"
    current = (ChartsState.kind == "tracks") & (PlayerState.current_id == row["id"].to(int))
    return rx.el.li(
        rx.el.span(row["rank"].to_string(), class_name=rx.cond(row["rank"].to(int) <= 3,
                                                               "sc-chart-rank sc-chart-top", "sc-chart-rank")),
        rx.link(
            cover_image(row["image_url"], row["title"].to(str), icon="music"),
            href=row["url"].to(str),
            class_name=rx.cond(is_artist, "sc-chart-thumb sc-chart-round", "sc-chart-thumb"),
            tab_index=-1,
            aria_hidden="true",
        ),
        rx.el.div(
            rx.link(row["title"], href=row["url"].to(str), class_name="sc-track-title",
                    data_testid="chart-title"),
            rx.cond(
                row["subtitle_url"].to(str) != "",
                rx.link(row["subtitle"], href=row["subtitle_url"].to(str), class_name="sc-link sc-chart-sub"),
                rx.el.span(row["subtitle"], class_name="sc-chart-sub"),
            ),
            rx.el.span(row["figures"], class_name="sc-chart-why", data_testid="chart-figures"),
            class_name="sc-track-text",
        ),
        rx.el.div(
            rx.cond(
                row["extra_url"].to(str) != "",
                rx.link(row["extra"], href=row["extra_url"].to(str), class_name="sc-link"),
                rx.el.span(row["extra"]),
            ),
            class_name="sc-chart-extra",
        ),
        rx.el.div(
            rx.el.span(row["score_text"], class_name="sc-chart-figure"),
            rx.el.span("score", class_name="sc-chart-unit"),
            class_name="sc-chart-plays",
            title=row["explained"].to(str),
            data_testid="chart-score",
        ),
        _play_button(row, index),
        class_name=rx.cond(current, "sc-chart-row sc-current", "sc-chart-row"),
        data_testid="chart-row",
    )


def _list() -> rx.Component:
    return rx.cond(
        ChartsState.rows.length() > 0,
        rx.el.ol(rx.foreach(ChartsState.rows, _row), class_name="sc-chart-list", data_testid="chart-list"),
        empty_state(rx.cond(ChartsState.period == "week", EMPTY["week"], EMPTY["all"]),
                    icon="chart-no-axes-column-increasing"),
    )


def _footnote() -> rx.Component:
    return rx.el.p(
        "How charts are ranked: ",
        rx.el.code(FORMULA),
        ". A play counts once 30 seconds (or half of a short track) have been heard; each rating "
        "adds 2 × (stars − 3), so 5★ adds 4 and 1★ takes 4 away. “This week” is the last 7 days "
        "(UTC). Albums add up their songs plus the album's own ratings; artists add up their songs "
        "and album ratings. Ties go to more plays. Each row shows its score and the plays, likes and "
        "rating points it is made of.",
        class_name="sc-chart-footnote",
        data_testid="chart-formula",
    )


def _body() -> rx.Component:
    return rx.fragment(
        _controls(),
        rx.cond(ChartsState.error != "", rx.el.p(ChartsState.error, class_name="sc-hint"), rx.fragment()),
        rx.el.div(
            rx.el.h2(ChartsState.heading, class_name="sc-section-title", data_testid="chart-heading"),
            share_menu(ChartsState.share_path, ChartsState.heading),
            class_name="sc-chart-heading",
        ),
        rx.cond(ChartsState.loaded, _list(), loading_block("420px")),
        _footnote(),
    )


# Registered by the built-in "charts" plugin (``spoticlone.plugins.builtin``), the way a
# plugin's page is: the core proves the plugin API with one of its own features.
def charts_page() -> rx.Component:
    return rx.fragment(
        rx.el.div(
            page_title("Charts"),
            rx.el.p("What listeners are playing, liking and rating right now.", class_name="sc-muted"),
            class_name="sc-chart-intro",
        ),
        _body(),
    )
