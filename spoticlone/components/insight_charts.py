"""The parts of the admin analytics page: period switcher, headline cards, charts, tables, heatmaps.

Charts are drawn like the studio's (``components/studio_analytics.py``: the bundled basic
plotly build, our dark layout, no zoom or mode bar). That build has bars, lines and pies but
no heatmap, so the listening clock and the retention cohorts are CSS grids whose cells the
state colours. Every section has its CSV download beside its title, and says so in a sentence
when the period had nothing for it.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.components.forms import form_error, form_notice
from spoticlone.components.studio_analytics import BASE_LAYOUT, CONFIG, PAGE_CSS, AnalyticsChart
from spoticlone.services.insight.dashboard import TITLES
from spoticlone.state.insight.dashboard import CARDS, RANGES, AdminAnalyticsState as S

CARD_ICONS = {"plays": "play", "hours": "clock", "listeners": "users", "signups": "user-plus",
              "skips": "skip-forward", "misses": "search-x"}
EMPTY = {
    "active": "Nobody signed in played anything in this period.",
    "signups": "Nobody signed up in this period.",
    "funnel": "Nobody signed up in this period, so there is no funnel to show.",
    "plays": "No plays started in this period.",
    "top_tracks": "No plays counted in this period.",
    "top_artists": "No plays counted in this period.",
    "top_albums": "No plays counted from albums in this period.",
    "top_genres": "No plays counted of tracks with a genre in this period.",
    "top_playlists": "No plays counted from playlists in this period.",
    "cohorts": "Nobody signed up in this period, so there are no cohorts yet.",
    "catalog": "No uploads or publications in this period.",
    "search_misses": "Every search in this period found something.",
    "clock": "No plays counted in this period.",
    "devices": "Nobody signed in during this period.",
    "skips": "No track was started often enough in this period to rank its skips.",
}

INSIGHT_CSS = """
.sc-in-range { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.sc-in-range input { background: #1f1f1f; color: var(--sc-text); border: 1px solid #3a3a3a; border-radius: 8px;
                     padding: 6px 8px; font: inherit; color-scheme: dark; }
.sc-in-grid3 { display: grid; gap: 16px; grid-template-columns: repeat(3, minmax(0, 1fr)); }
.sc-in-cards { grid-template-columns: repeat(6, minmax(0, 1fr)); }
.sc-in-heat { display: grid; gap: 3px; font-size: 11px; color: var(--sc-muted); overflow-x: auto; }
.sc-in-heat > div { min-height: 22px; border-radius: 3px; display: flex; align-items: center;
                    justify-content: center; white-space: nowrap; font-variant-numeric: tabular-nums; }
.sc-in-heat .sc-in-label { justify-content: flex-start; padding-right: 6px; }
.sc-in-heat .sc-in-cell { color: #000; font-weight: 700; }
.sc-in-clock { grid-template-columns: 34px repeat(24, minmax(12px, 1fr)); }
.sc-in-legend { display: flex; gap: 6px; align-items: center; color: var(--sc-subtle); font-size: 12px; }
.sc-in-legend span { width: 60px; height: 8px; border-radius: 4px;
                     background: linear-gradient(90deg, rgba(30,215,96,.08), rgba(30,215,96,1)); }
.sc-in-sub { color: var(--sc-muted); font-size: 12px; display: block; }
.sc-in-caption { color: var(--sc-muted); font-size: 13px; text-align: center; margin: 4px 0 0; }
@media (max-width: 1100px) {
  .sc-in-grid3 { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
  .sc-in-cards { grid-template-columns: repeat(3, minmax(0, 1fr)); }
}
@media (max-width: 600px) {
  .sc-in-grid3 { grid-template-columns: minmax(0, 1fr); }
  .sc-in-cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .sc-in-clock { grid-template-columns: 30px repeat(24, minmax(9px, 1fr)); gap: 2px; }
  .sc-in-heat { font-size: 10px; }
}
"""


#: For charts of several series: a legend above the plot, and room on the right for a second axis.
LEGEND_LAYOUT: dict[str, Any] = {
    **BASE_LAYOUT, "showlegend": True,
    "legend": {"orientation": "h", "x": 0, "y": 1.12, "font": {"color": "#b3b3b3", "size": 12},
               "bgcolor": "rgba(0,0,0,0)"},
    "margin": {**BASE_LAYOUT["margin"], "t": 30, "r": 36},
}
#: Which charts have several series.
WITH_LEGEND = {"active", "plays", "catalog"}


def chart(key: str, label: str, *, small: bool = False) -> rx.Component:
    return rx.el.div(
        AnalyticsChart.create(data=S.figures[key], layout=LEGEND_LAYOUT if key in WITH_LEGEND else BASE_LAYOUT,
                              config=CONFIG, use_resize_handler=True, style={"width": "100%", "height": "100%"}),
        class_name="sc-an-chart sc-an-chart-small" if small else "sc-an-chart",
        role="img", aria_label=label, data_testid=f"chart-{key}",
    )


def _csv(key: str) -> rx.Component:
    return rx.el.a(rx.icon("download", size=14), "CSV", href=S.csv_links[key], download=True, reload_document=True,
                   class_name="sc-btn sc-btn-secondary sc-btn-small", aria_label=f"Download {TITLES[key]} as CSV",
                   data_testid=f"csv-{key}")


def panel(key: str, body: rx.Component, *, title: str | None = None) -> rx.Component:
    """A section: its title and CSV link, then ``body`` or the sentence saying the period had nothing."""
    return rx.el.section(
        rx.el.div(rx.el.h2(title or TITLES[key]), _csv(key), class_name="sc-an-panel-head"),
        rx.cond(S.empty_sections[key], rx.el.p(EMPTY[key], class_name="sc-an-none", data_testid=f"empty-{key}"),
                body),
        class_name="sc-an-panel", data_testid=f"section-{key}",
    )


def _range_link(key: str, label: str) -> rx.Component:
    return rx.link(label, href=S.links[key], underline="none", data_testid=f"range-{key}",
                   class_name=rx.cond(S.range_key == key, "sc-tab sc-tab-active", "sc-tab"),
                   aria_current=rx.cond(S.range_key == key, "page", "false"))


def header() -> rx.Component:
    return rx.el.header(
        rx.el.div(
            rx.el.span("Administration", class_name="sc-an-kicker"),
            rx.el.h1("Analytics", class_name="sc-an-title"),
            rx.el.p(S.period_text, " (UTC days)", class_name="sc-an-sub", data_testid="analytics-period"),
        ),
        rx.el.div(
            rx.el.nav(*[_range_link(k, v) for k, v in RANGES.items()], class_name="sc-an-ranges", aria_label="Period"),
            rx.el.form(
                rx.el.input(type="date", name="from", default_value=S.from_day, aria_label="From", key=S.from_day,
                            data_testid="range-from"),
                rx.el.span("–"),
                rx.el.input(type="date", name="to", default_value=S.to_day, aria_label="To", key=S.to_day,
                            data_testid="range-to"),
                rx.el.button("Show", type="submit", class_name="sc-btn sc-btn-secondary sc-btn-small",
                             data_testid="range-apply"),
                on_submit=S.pick_range, class_name="sc-in-range",
            ),
            class_name="sc-an-tools",
        ),
        class_name="sc-an-head",
    )


def cards() -> rx.Component:
    return rx.el.section(
        *[rx.el.div(rx.el.span(rx.icon(CARD_ICONS[k], size=16), label, class_name="sc-an-card-label"),
                    rx.el.span(S.values[k], class_name="sc-an-card-value", data_testid=f"figure-{k}"),
                    class_name="sc-an-card") for k, label in CARDS.items()],
        class_name="sc-an-cards sc-in-cards", aria_label="Headline figures")


def _top_row(row: Any) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row["rank"], class_name="sc-an-rank"),
        rx.el.td(rx.el.span(row["name"], class_name="sc-an-song"),
                 rx.cond(row["sub"] != "", rx.el.span(row["sub"], class_name="sc-in-sub"), rx.fragment())),
        rx.el.td(rx.el.div(rx.el.div(rx.el.span(style={"width": row["width"]}), class_name="sc-an-bar"),
                           rx.el.span(row["plays"]), class_name="sc-an-share"), class_name="sc-an-num"),
    )


def top_panel(key: str) -> rx.Component:
    return panel(key, rx.el.table(
        rx.el.thead(rx.el.tr(rx.el.th("#", class_name="sc-an-rank"), rx.el.th("Name"),
                             rx.el.th("Plays", class_name="sc-an-num"))),
        rx.el.tbody(rx.foreach(S.tops[key], _top_row)), class_name="sc-an-table"))


def _heat_cell(cell: Any) -> rx.Component:
    return rx.el.div(cell["text"], title=cell["title"], style={"background": cell["bg"]},
                     class_name=rx.cond(cell["kind"] == "cell", "sc-in-cell",
                                        rx.cond(cell["kind"] == "label", "sc-in-label", "")))


def clock_panel() -> rx.Component:
    return panel("clock", rx.fragment(
        rx.el.div(rx.foreach(S.clock, _heat_cell), class_name="sc-in-heat sc-in-clock", role="img",
                  aria_label="Heatmap of plays by weekday and hour", data_testid="heat-clock"),
        rx.el.div("fewer", rx.el.span(), "more plays", class_name="sc-in-legend")))


def cohorts_panel() -> rx.Component:
    return panel("cohorts", rx.fragment(
        rx.el.div(rx.foreach(S.cohorts, _heat_cell), class_name="sc-in-heat", role="img",
                  aria_label="Heatmap of weekly retention by sign-up week", data_testid="heat-cohorts",
                  style={"grid_template_columns": S.cohort_template}),
        rx.el.p("Share of each week's new accounts that played something in their week 0 (the sign-up "
                "week), week 1, and so on. Blank cells are weeks not reached yet.", class_name="sc-an-foot")))


def _skip_row(row: Any) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row["rank"], class_name="sc-an-rank"),
        rx.el.td(rx.el.span(row["track"], class_name="sc-an-song"), rx.el.span(row["artist"], class_name="sc-in-sub")),
        rx.el.td(row["starts"], class_name="sc-an-num sc-an-hide-phone"),
        rx.el.td(rx.el.div(rx.el.div(rx.el.span(style={"width": row["width"], "background": "#e8115b"}),
                                     class_name="sc-an-bar"), rx.el.span(row["rate"]), class_name="sc-an-share"),
                 class_name="sc-an-num"),
    )


def skips_panel() -> rx.Component:
    return panel("skips", rx.el.table(
        rx.el.thead(rx.el.tr(rx.el.th("#", class_name="sc-an-rank"), rx.el.th("Track"),
                             rx.el.th("Starts", class_name="sc-an-num sc-an-hide-phone"),
                             rx.el.th("Skipped", class_name="sc-an-num"))),
        rx.el.tbody(rx.foreach(S.skips, _skip_row)), class_name="sc-an-table"))


def misses_panel() -> rx.Component:
    return panel("search_misses", rx.el.table(
        rx.el.thead(rx.el.tr(rx.el.th("#", class_name="sc-an-rank"), rx.el.th("Searched for"),
                             rx.el.th("Times", class_name="sc-an-num"))),
        rx.el.tbody(rx.foreach(S.misses, lambda r: rx.el.tr(
            rx.el.td(r["rank"], class_name="sc-an-rank"), rx.el.td(r["term"], class_name="sc-an-song"),
            rx.el.td(r["searches"], class_name="sc-an-num")))),
        class_name="sc-an-table"))


def devices_panel() -> rx.Component:
    return panel("devices", rx.el.div(
        rx.el.div(chart("browsers", "Donut chart of sign-ins by browser", small=True),
                  rx.el.p("By browser", class_name="sc-in-caption")),
        rx.el.div(chart("devices", "Donut chart of sign-ins by device", small=True),
                  rx.el.p("By device", class_name="sc-in-caption")),
        class_name="sc-an-grid"))


def dashboard() -> rx.Component:
    return rx.el.div(
        rx.el.style(PAGE_CSS + INSIGHT_CSS),
        header(),
        form_notice(S.notice),
        rx.cond(S.empty, rx.el.div(rx.icon("sprout", size=22), rx.el.p(
            rx.el.strong("Nothing happened in this period."),
            "No plays, sign-ups, searches or uploads between these days. Pick a longer period, or generate a "
            "demo history with python -m spoticlone.cli simulate-activity."), class_name="sc-an-note",
            data_testid="analytics-empty"), rx.fragment()),
        cards(),
        panel("active", chart("active", "Line chart of daily, weekly and monthly active listeners")),
        panel("plays", chart("plays", "Bar chart of plays per day with listening hours")),
        rx.el.div(panel("signups", chart("signups", "Bar chart of sign-ups per day", small=True)),
                  panel("funnel", chart("funnel", "Bar chart of the sign-up funnel", small=True)),
                  class_name="sc-an-grid"),
        rx.el.div(*[top_panel(k) for k in ("top_tracks", "top_artists", "top_albums")], class_name="sc-in-grid3"),
        rx.el.div(top_panel("top_genres"), top_panel("top_playlists"), class_name="sc-an-grid"),
        cohorts_panel(),
        clock_panel(),
        rx.el.div(skips_panel(), misses_panel(), class_name="sc-an-grid"),
        rx.el.div(panel("catalog", chart("catalog", "Bar chart of uploads and publications per day", small=True)),
                  devices_panel(), class_name="sc-an-grid"),
        rx.el.p("Days and hours are UTC. Active listeners are signed-in people who started a play. A play counts "
                "once 30 seconds (or half of a short song) have been heard; a skipped start is one that never "
                "counted. Devices come from the browsers people signed in with.", class_name="sc-an-foot"),
        class_name="sc-an", data_testid="admin-analytics",
    )


def refusal_view() -> rx.Component:
    return rx.el.div(rx.icon("lock", size=40), rx.el.h1("Analytics are for administrators", class_name="sc-an-title"),
                     rx.el.p(S.refusal), class_name="sc-empty", data_testid="analytics-refused")


def error_view() -> rx.Component:
    return rx.el.div(rx.icon("circle-alert", size=40), form_error(S.error), class_name="sc-empty")
