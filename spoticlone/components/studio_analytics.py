"""The parts of the studio's analytics page: range switcher, headline cards, charts, top songs.

Charts are plotly (``plotly.js-basic-dist-min``: bars, lines and pies only, about a third
of the full bundle, served from our own origin like every other script, and loaded only on
this page). The state sends each figure as plain data; its look (transparent background,
the app's greys and green, no zoom or mode bar, so a finger on a phone scrolls the page
instead of panning the chart) is set here once for all three.

``AnalyticsChart`` is Reflex's ``rx.plotly.basic`` without its Python-side default
template: Reflex looks that template up in the Python ``plotly`` package at compile time,
a large package this app otherwise has no use for. Our own layout replaces it.
"""

from __future__ import annotations

import logging
from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.components.forms import form_error, form_notice
from spoticlone.state.studio.analytics import CARDS, RANGES, StudioAnalyticsState as S

# Reflex's plotly module warns at import when the Python plotly package is missing; this
# page never needs it (see the module docstring).
logging.getLogger("reflex_components_plotly.plotly").setLevel(logging.ERROR)
from reflex_components_plotly.plotly import Plotly, PlotlyBasic  # noqa: E402

ACCENT = "#1ed760"
#: Slice colours of the sources donut, most plays first (the list beside it uses the same).
SOURCE_COLORS = ["#1ed760", "#509bf5", "#f59b23", "#e8115b", "#af2896", "#27856a", "#ffc864", "#8d67ab",
                 "#b3b3b3"]
CARD_ICONS = {
    "plays": "play", "listeners": "users", "listening": "clock", "followers": "user-plus", "likes": "heart",
    "saves": "library", "playlist_adds": "list-plus", "rating": "star",
}
AXIS = {"color": "#b3b3b3", "linecolor": "#3a3a3a", "tickcolor": "#3a3a3a", "fixedrange": True,
        "automargin": True, "showspikes": False}
BASE_LAYOUT: dict[str, Any] = {
    "autosize": True,
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "font": {"family": "Inter, Helvetica Neue, Helvetica, Arial, system-ui, sans-serif", "color": "#b3b3b3",
             "size": 12},
    "colorway": [ACCENT],
    "piecolorway": SOURCE_COLORS,
    "margin": {"l": 8, "r": 8, "t": 8, "b": 8, "pad": 4},
    "xaxis": {**AXIS, "showgrid": False, "nticks": 7, "ticks": "outside", "ticklen": 4},
    "yaxis": {**AXIS, "gridcolor": "#2a2a2a", "zerolinecolor": "#3a3a3a", "rangemode": "tozero",
              "tickformat": ",~d", "nticks": 5},
    "hoverlabel": {"bgcolor": "#282828", "bordercolor": "#3a3a3a", "font": {"color": "#ffffff", "size": 13}},
    "showlegend": False,
    "dragmode": False,
    "bargap": 0.2,
}
CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True, "scrollZoom": False,
          "doubleClick": False, "showTips": False}

PAGE_CSS = """
.sc-an { display: flex; flex-direction: column; gap: 20px; max-width: 1200px; }
.sc-an-head { display: flex; gap: 16px; align-items: flex-end; justify-content: space-between; flex-wrap: wrap; }
.sc-an-kicker { color: var(--sc-muted); font-size: 13px; font-weight: 700; text-transform: uppercase;
                letter-spacing: .08em; }
.sc-an-title { font-size: 32px; font-weight: 800; letter-spacing: -0.03em; margin: 2px 0 4px; }
.sc-an-sub { color: var(--sc-muted); margin: 0; overflow-wrap: anywhere; }
.sc-an-tools { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
.sc-an-ranges { display: flex; gap: 4px; background: #1f1f1f; border-radius: 999px; padding: 4px; }
.sc-shell .sc-an-ranges a.sc-tab { background: transparent; padding: 7px 14px; font-size: 14px; white-space: nowrap; }
.sc-shell .sc-an-ranges a.sc-tab:hover { background: #2a2a2a; }
.sc-shell .sc-an-ranges a.sc-tab-active, .sc-shell .sc-an-ranges a.sc-tab-active:hover {
  background: var(--sc-text); color: #000; }
.sc-an-cards { display: grid; gap: 12px; grid-template-columns: repeat(4, minmax(0, 1fr)); }
.sc-an-card { background: var(--sc-bg-elevated); border-radius: var(--sc-radius); padding: 16px;
              display: flex; flex-direction: column; gap: 4px; min-width: 0; }
.sc-an-card-label { display: flex; gap: 8px; align-items: center; color: var(--sc-muted); font-size: 13px;
                    font-weight: 700; }
.sc-an-card-label svg { color: var(--sc-accent); flex: none; }
.sc-an-card-value { font-size: 28px; font-weight: 800; letter-spacing: -0.02em; font-variant-numeric: tabular-nums;
                    overflow-wrap: anywhere; line-height: 1.2; }
.sc-an-card-detail { color: var(--sc-subtle); font-size: 12px; }
.sc-an-panel { background: var(--sc-bg-elevated); border-radius: var(--sc-radius); padding: 18px 20px;
               display: flex; flex-direction: column; gap: 10px; min-width: 0; }
.sc-an-panel h2 { font-size: 18px; font-weight: 800; margin: 0; }
.sc-an-panel-head { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; flex-wrap: wrap; }
.sc-an-chart { width: 100%; height: 260px; position: relative; min-width: 0; }
.sc-an-chart .js-plotly-plot, .sc-an-chart .plot-container { width: 100%; height: 100%; }
.sc-an-chart-small { height: 220px; }
.sc-an-grid { display: grid; gap: 16px; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
.sc-an-sources { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; align-items: center; }
.sc-an-legend { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.sc-an-legend li { display: grid; grid-template-columns: 10px minmax(0, 1fr) auto; gap: 8px; align-items: center;
                   font-size: 14px; }
.sc-an-swatch { width: 10px; height: 10px; border-radius: 3px; }
.sc-an-legend-figure { color: var(--sc-muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
.sc-an-none { color: var(--sc-muted); margin: 0; min-height: 120px; display: flex; align-items: center;
              justify-content: center; text-align: center; }
.sc-an-note { display: flex; gap: 14px; align-items: flex-start; background: rgba(30,215,96,.08);
              border: 1px solid rgba(30,215,96,.35); border-radius: var(--sc-radius); padding: 14px 16px; }
.sc-an-note svg { color: var(--sc-accent); flex: none; margin-top: 2px; }
.sc-an-note p { margin: 0; line-height: 1.5; }
.sc-an-note strong { display: block; margin-bottom: 2px; }
.sc-an-table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
.sc-an-table th { text-align: left; color: var(--sc-muted); font-size: 12px; font-weight: 700;
                  text-transform: uppercase; letter-spacing: .06em; padding: 6px 8px;
                  border-bottom: 1px solid #2a2a2a; }
.sc-an-table td { padding: 10px 8px; border-bottom: 1px solid #222; vertical-align: middle; }
.sc-an-table tr:last-child td { border-bottom: 0; }
.sc-an-table .sc-an-num { text-align: right; white-space: nowrap; }
.sc-an-table .sc-an-rank { width: 28px; color: var(--sc-muted); text-align: right; }
.sc-an-song { font-weight: 600; overflow-wrap: anywhere; }
.sc-an-share { display: flex; gap: 8px; align-items: center; justify-content: flex-end; min-width: 110px; }
.sc-an-bar { height: 6px; border-radius: 3px; background: #2a2a2a; width: 64px; overflow: hidden; }
.sc-an-bar span { display: block; height: 100%; background: var(--sc-accent); border-radius: 3px; }
.sc-an-foot { color: var(--sc-subtle); font-size: 12px; line-height: 1.5; margin: 0; }
@media (max-width: 1100px) {
  .sc-an-cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .sc-an-grid { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 600px) {
  .sc-an { gap: 14px; }
  .sc-an-title { font-size: 26px; }
  .sc-an-tools { width: 100%; }
  .sc-an-ranges { width: 100%; justify-content: space-between; }
  .sc-shell .sc-an-ranges a.sc-tab { padding: 7px 10px; font-size: 13px; flex: 1; text-align: center; }
  .sc-an-cards { gap: 8px; }
  .sc-an-card { padding: 12px; }
  .sc-an-card-value { font-size: 22px; }
  .sc-an-panel { padding: 14px 12px; }
  .sc-an-chart { height: 220px; }
  .sc-an-sources { grid-template-columns: minmax(0, 1fr); }
  .sc-an-chart-small { height: 200px; }
  .sc-an-hide-phone { display: none; }
  .sc-an-share { min-width: 0; }
  .sc-an-bar { width: 40px; }
}
"""


class AnalyticsChart(PlotlyBasic):
    """``rx.plotly.basic`` with our layout instead of the Python package's default template."""

    @classmethod
    def create(cls, *children, **props) -> rx.Component:
        # Skip Plotly.create, the only step that imports the Python plotly package.
        return super(Plotly, cls).create(*children, **props)


def chart(figure: Any, label: str, *, small: bool = False, testid: str) -> rx.Component:
    """A plotly figure (data from the state) drawn with the page's dark layout."""
    return rx.el.div(
        AnalyticsChart.create(data=figure, layout=BASE_LAYOUT, config=CONFIG, use_resize_handler=True,
                              style={"width": "100%", "height": "100%"}),
        class_name="sc-an-chart sc-an-chart-small" if small else "sc-an-chart",
        role="img",
        aria_label=label,
        data_testid=testid,
    )


def _range_link(key: str, label: str) -> rx.Component:
    return rx.link(
        label,
        href=S.links[key],
        class_name=rx.cond(S.range_key == key, "sc-tab sc-tab-active", "sc-tab"),
        aria_current=rx.cond(S.range_key == key, "page", "false"),
        underline="none",
        data_testid=f"range-{key}",
    )


def header() -> rx.Component:
    return rx.el.header(
        rx.el.div(
            rx.el.span("Studio", class_name="sc-an-kicker"),
            rx.el.h1("Analytics", class_name="sc-an-title"),
            rx.el.p(S.artist_name, " · ", S.period, " (UTC)", class_name="sc-an-sub", data_testid="analytics-period"),
        ),
        rx.el.div(
            rx.el.nav(*[_range_link(key, label) for key, label in RANGES.items()], class_name="sc-an-ranges",
                      aria_label="Range"),
            rx.el.a(rx.icon("download", size=16), "Download CSV", href=S.download_url, download=True,
                    reload_document=True, class_name="sc-btn sc-btn-secondary sc-btn-small",
                    data_testid="analytics-csv"),
            class_name="sc-an-tools",
        ),
        class_name="sc-an-head",
    )


def _card(key: str, label: str) -> rx.Component:
    return rx.el.div(
        rx.el.span(rx.icon(CARD_ICONS[key], size=16), label, class_name="sc-an-card-label"),
        rx.el.span(S.values[key], class_name="sc-an-card-value", data_testid=f"figure-{key}"),
        rx.el.span(S.details[key], class_name="sc-an-card-detail"),
        class_name="sc-an-card",
    )


def cards() -> rx.Component:
    return rx.el.section(*[_card(key, label) for key, label in CARDS.items()], class_name="sc-an-cards",
                         aria_label="Headline figures")


def empty_note() -> rx.Component:
    return rx.cond(
        S.empty,
        rx.el.div(
            rx.icon("sprout", size=22),
            rx.el.p(
                rx.el.strong("Nothing to count yet."),
                "Every figure here is zero for ", S.range_phrase, ". As soon as someone plays one of your songs "
                "for 30 seconds, follows you, likes a song or saves a release, it shows up on this page.",
            ),
            class_name="sc-an-note",
            data_testid="analytics-empty",
        ),
        rx.fragment(),
    )


def plays_panel() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.h2(rx.cond(S.monthly, "Plays per month", "Plays per day")),
            rx.el.span(S.plays_caption, class_name="sc-hint", data_testid="plays-caption"),
            class_name="sc-an-panel-head",
        ),
        chart(S.plays_chart, "Bar chart of plays over the range", testid="chart-plays"),
        class_name="sc-an-panel",
    )


def _legend_row(row: Any, index: Any) -> rx.Component:
    color = rx.Var.create(SOURCE_COLORS)[index % len(SOURCE_COLORS)]
    return rx.el.li(
        rx.el.span(class_name="sc-an-swatch", style={"background": color}),
        rx.el.span(row["label"]),
        rx.el.span(row["plays"], " · ", row["share"].to_string(), "%", class_name="sc-an-legend-figure"),
    )


def sources_panel() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Where plays came from"),
        rx.cond(
            S.has_plays,
            rx.el.div(
                chart(S.sources_chart, "Donut chart of plays by source", small=True, testid="chart-sources"),
                rx.el.ul(rx.foreach(S.sources, _legend_row), class_name="sc-an-legend",
                         data_testid="sources-list"),
                class_name="sc-an-sources",
            ),
            rx.el.p("No plays in this range yet.", class_name="sc-an-none"),
        ),
        class_name="sc-an-panel",
    )


def followers_panel() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.h2("Followers over time"),
            rx.el.span(S.values["followers"], " now", class_name="sc-hint"),
            class_name="sc-an-panel-head",
        ),
        chart(S.followers_chart, "Line chart of followers over the range", small=True, testid="chart-followers"),
        class_name="sc-an-panel",
    )


def _top_row(row: Any) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row["rank"].to_string(), class_name="sc-an-rank"),
        rx.el.td(row["title"], class_name="sc-an-song"),
        rx.el.td(row["plays"], class_name="sc-an-num"),
        rx.el.td(row["listening"], class_name="sc-an-num sc-an-hide-phone"),
        rx.el.td(
            rx.el.div(
                rx.el.div(rx.el.span(style={"width": row["share"].to_string() + "%"}), class_name="sc-an-bar"),
                rx.el.span(row["share"].to_string(), "%"),
                class_name="sc-an-share",
            ),
            class_name="sc-an-num",
        ),
        data_testid="top-track",
    )


def top_tracks_panel() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Top songs"),
        rx.cond(
            S.top_tracks.length() > 0,
            rx.el.table(
                rx.el.thead(rx.el.tr(
                    rx.el.th(rx.el.span("Rank", class_name="sc-visually-hidden"), "#", class_name="sc-an-rank"),
                    rx.el.th("Song"),
                    rx.el.th("Plays", class_name="sc-an-num"),
                    rx.el.th("Listening", class_name="sc-an-num sc-an-hide-phone"),
                    rx.el.th("Share", class_name="sc-an-num"),
                )),
                rx.el.tbody(rx.foreach(S.top_tracks, _top_row)),
                class_name="sc-an-table",
            ),
            rx.el.p("No plays in this range yet, so no top songs.", class_name="sc-an-none"),
        ),
        class_name="sc-an-panel",
        data_testid="top-tracks",
    )


def footnote() -> rx.Component:
    return rx.el.p(
        "Days are UTC days, today included. A play counts once 30 seconds (or half of a short song) have "
        "been heard. Followers are the people following you now, by the day they followed; likes, saves and "
        "playlist adds are counted on the day they happened; the average rating is over ratings given or "
        "changed in the range.",
        class_name="sc-an-foot",
    )


def dashboard() -> rx.Component:
    return rx.el.div(
        rx.el.style(PAGE_CSS),
        header(),
        form_notice(S.notice),
        empty_note(),
        cards(),
        plays_panel(),
        rx.el.div(sources_panel(), followers_panel(), class_name="sc-an-grid"),
        top_tracks_panel(),
        footnote(),
        class_name="sc-an",
        data_testid="analytics",
    )


def refusal_view() -> rx.Component:
    """For a listener without an artist profile: what to do, and where."""
    return rx.el.div(
        rx.el.style(PAGE_CSS),
        rx.icon("chart-column", size=44),
        rx.el.h1("Analytics are for artists", class_name="sc-an-title"),
        rx.el.p(S.refusal),
        rx.link("Go to Settings", href=routes.SETTINGS, class_name="sc-btn sc-btn-primary",
                data_testid="become-artist"),
        class_name="sc-empty",
        data_testid="analytics-not-artist",
    )


def error_view() -> rx.Component:
    return rx.el.div(rx.icon("circle-alert", size=40), form_error(S.error), class_name="sc-empty")
