"""The parts of a listener's own insight pages: ``/me/stats``, ``/me/year/<year>`` and ``/wrapped/<token>``.

Bars are plain CSS (a height per bar from the state), so these pages load no chart library and
read well on a phone. Every name shown is the listener's or an artist's own text: plain text
components only.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.components.forms import form_error, form_notice
from spoticlone.state.insight.listener_stats import PERIODS, MeStatsState as S
from spoticlone.state.insight.year_review import WrappedState as W, YearReviewState as Y, YearView

PAGE_CSS = """
.sc-ms { display: flex; flex-direction: column; gap: 20px; max-width: 1200px; }
.sc-ms-head { display: flex; gap: 16px; align-items: flex-end; justify-content: space-between; flex-wrap: wrap; }
.sc-ms-kicker { color: var(--sc-accent); font-size: 13px; font-weight: 700; text-transform: uppercase;
                letter-spacing: .08em; }
.sc-ms-title { font-size: 32px; font-weight: 800; letter-spacing: -0.03em; margin: 2px 0 4px; overflow-wrap: anywhere; }
.sc-ms-sub { color: var(--sc-muted); margin: 0; font-size: 14px; }
.sc-ms-tools { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.sc-ms-periods { display: flex; gap: 4px; background: #1f1f1f; border-radius: 999px; padding: 4px; }
.sc-shell .sc-ms-periods a.sc-tab { background: transparent; padding: 7px 14px; font-size: 14px; white-space: nowrap; }
.sc-shell .sc-ms-periods a.sc-tab:hover { background: #2a2a2a; }
.sc-shell .sc-ms-periods a.sc-tab-active, .sc-shell .sc-ms-periods a.sc-tab-active:hover {
  background: var(--sc-text); color: #000; }
.sc-ms-select { background: #1f1f1f; color: var(--sc-text); border: 1px solid #333; border-radius: 999px;
                padding: 8px 14px; font-size: 14px; font-weight: 600; }
.sc-ms-cards { display: grid; gap: 12px; grid-template-columns: repeat(3, minmax(0, 1fr)); }
.sc-ms-card { background: var(--sc-bg-elevated); border-radius: var(--sc-radius); padding: 16px; min-width: 0;
              display: flex; flex-direction: column; gap: 4px; }
.sc-ms-card-label { color: var(--sc-muted); font-size: 13px; font-weight: 700; display: flex; gap: 8px;
                    align-items: center; }
.sc-ms-card-label svg { color: var(--sc-accent); }
.sc-ms-card-value { font-size: 30px; font-weight: 800; letter-spacing: -0.02em; font-variant-numeric: tabular-nums;
                    overflow-wrap: anywhere; }
.sc-ms-panel { background: var(--sc-bg-elevated); border-radius: var(--sc-radius); padding: 18px 20px; min-width: 0;
               display: flex; flex-direction: column; gap: 12px; }
.sc-ms-panel h2 { font-size: 18px; font-weight: 800; margin: 0; }
.sc-ms-panel-head { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; flex-wrap: wrap; }
.sc-ms-grid { display: grid; gap: 16px; grid-template-columns: repeat(3, minmax(0, 1fr)); }
.sc-ms-list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 10px; }
.sc-ms-list li { display: grid; grid-template-columns: 22px minmax(0, 1fr) auto; gap: 10px; align-items: center; }
.sc-ms-rank { color: var(--sc-muted); font-weight: 700; text-align: right; font-variant-numeric: tabular-nums; }
.sc-ms-name { font-weight: 700; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; display: block; }
.sc-ms-name:hover { text-decoration: underline; }
.sc-ms-detail { color: var(--sc-muted); font-size: 13px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
                display: block; }
.sc-ms-figure { color: var(--sc-muted); font-size: 13px; white-space: nowrap; font-variant-numeric: tabular-nums; }
.sc-ms-bars { display: flex; align-items: flex-end; gap: 3px; height: 160px; padding-top: 8px; }
.sc-ms-bar { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: flex-end;
             height: 100%; min-width: 0; gap: 6px; color: var(--sc-muted); font-size: 11px; text-decoration: none; }
.sc-ms-bar span.sc-ms-fill { display: block; width: 100%; border-radius: 4px 4px 1px 1px; background: var(--sc-accent);
                             min-height: 2px; }
.sc-ms-bar:hover span.sc-ms-fill { background: #3be477; }
.sc-ms-bar-label { height: 14px; white-space: nowrap; font-variant-numeric: tabular-nums; }
.sc-ms-months .sc-ms-bar span.sc-ms-fill { background: #509bf5; }
.sc-ms-months .sc-ms-bar:hover span.sc-ms-fill { background: #7ab3f7; }
.sc-ms-chips { display: flex; flex-wrap: wrap; gap: 8px; }
.sc-ms-chip { background: #2a2a2a; border-radius: 999px; padding: 6px 12px; font-size: 14px; font-weight: 600;
              max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.sc-ms-chip:hover { background: #333; }
.sc-ms-disc { display: flex; flex-direction: column; gap: 8px; }
.sc-ms-disc-head { display: flex; gap: 8px; align-items: baseline; }
.sc-ms-disc-head strong { font-size: 15px; }
.sc-ms-none { color: var(--sc-muted); margin: 0; }
.sc-ms-note { display: flex; gap: 14px; align-items: flex-start; background: rgba(30,215,96,.08);
              border: 1px solid rgba(30,215,96,.35); border-radius: var(--sc-radius); padding: 14px 16px; }
.sc-ms-note svg { color: var(--sc-accent); flex: none; margin-top: 2px; }
.sc-ms-note p { margin: 0; line-height: 1.5; }
.sc-ms-years { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.sc-ms-foot { color: var(--sc-subtle); font-size: 12px; line-height: 1.5; margin: 0; }
.sc-yr { display: flex; flex-direction: column; gap: 20px; max-width: 1200px; }
.sc-yr-hero { display: grid; grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr); gap: 20px; align-items: start; }
.sc-yr-card { width: 100%; aspect-ratio: 1200 / 630; border-radius: 12px; background: #181818; display: block;
              box-shadow: 0 10px 40px rgba(0,0,0,.5); }
.sc-yr-actions { display: flex; gap: 10px; flex-wrap: wrap; align-items: center; }
.sc-yr-link { font-family: ui-monospace, monospace; font-size: 13px; color: var(--sc-muted); overflow-wrap: anywhere; }
.sc-yr-facts { display: grid; gap: 12px; grid-template-columns: repeat(2, minmax(0, 1fr)); }
.sc-yr-grid { display: grid; gap: 16px; grid-template-columns: repeat(2, minmax(0, 1fr)); }
@media (max-width: 1100px) {
  .sc-ms-grid { grid-template-columns: minmax(0, 1fr); }
  .sc-yr-hero { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 600px) {
  .sc-ms, .sc-yr { gap: 14px; }
  .sc-ms-title { font-size: 26px; }
  .sc-ms-tools { width: 100%; }
  .sc-ms-periods { width: 100%; justify-content: space-between; }
  .sc-shell .sc-ms-periods a.sc-tab { padding: 7px 8px; font-size: 13px; flex: 1; text-align: center; }
  .sc-ms-select { width: 100%; }
  .sc-ms-cards { gap: 8px; }
  .sc-ms-card { padding: 12px; }
  .sc-ms-card-value { font-size: 22px; }
  .sc-ms-panel { padding: 14px 12px; }
  .sc-ms-bars { gap: 2px; height: 130px; }
  .sc-ms-bar { font-size: 10px; }
  .sc-yr-grid { grid-template-columns: minmax(0, 1fr); }
}
"""


def _card(icon: str, label: str, value: Any, testid: str) -> rx.Component:
    return rx.el.div(
        rx.el.span(rx.icon(icon, size=16), label, class_name="sc-ms-card-label"),
        rx.el.span(value, class_name="sc-ms-card-value", data_testid=testid),
        class_name="sc-ms-card",
    )


def _ranked_row(row: Any) -> rx.Component:
    return rx.el.li(
        rx.el.span(row["rank"].to_string(), class_name="sc-ms-rank"),
        rx.el.div(
            rx.link(row["name"], href=row["url"], class_name="sc-ms-name", underline="none", color="inherit"),
            rx.cond(row["detail"] != "", rx.el.span(row["detail"], class_name="sc-ms-detail"), rx.fragment()),
            style={"minWidth": "0"},
        ),
        rx.el.span(row["plays"], class_name="sc-ms-figure"),
    )


def ranked_panel(title: str, rows: Any, empty: str, testid: str) -> rx.Component:
    return rx.el.section(
        rx.el.h2(title),
        rx.cond(rows.length() > 0, rx.el.ol(rx.foreach(rows, _ranked_row), class_name="sc-ms-list"),
                rx.el.p(empty, class_name="sc-ms-none")),
        class_name="sc-ms-panel",
        data_testid=testid,
    )


def _period_link(key: str, label: str) -> rx.Component:
    return rx.link(label, href=S.links[key], underline="none", data_testid=f"period-{key}",
                   class_name=rx.cond(S.active == key, "sc-tab sc-tab-active", "sc-tab"),
                   aria_current=rx.cond(S.active == key, "page", "false"))


def _month_picker() -> rx.Component:
    return rx.el.select(
        rx.el.option("Pick a month…", value=""),
        rx.foreach(S.month_options, lambda m: rx.el.option(S.month_labels[m], value=m)),
        value=S.month,
        on_change=S.pick_month,
        class_name="sc-ms-select",
        aria_label="Month",
        data_testid="month-picker",
    )


def stats_header() -> rx.Component:
    return rx.el.header(
        rx.el.div(
            rx.el.span("Your stats", class_name="sc-ms-kicker"),
            rx.el.h1(S.label, class_name="sc-ms-title", data_testid="stats-label"),
            rx.el.p(S.zone, class_name="sc-ms-sub", data_testid="stats-zone"),
        ),
        rx.el.div(
            rx.el.nav(*[_period_link(k, v) for k, v in PERIODS.items()], class_name="sc-ms-periods",
                      aria_label="Period"),
            _month_picker(),
            class_name="sc-ms-tools",
        ),
        class_name="sc-ms-head",
    )


def _bar(bar: Any) -> rx.Component:
    return rx.el.div(
        rx.el.span(class_name="sc-ms-fill", style={"height": bar["height"].to_string() + "%"}),
        rx.el.span(bar["label"], class_name="sc-ms-bar-label"),
        class_name="sc-ms-bar", title=bar["title"],
    )


def _month_bar(bar: Any) -> rx.Component:
    return rx.el.a(
        rx.el.span(class_name="sc-ms-fill", style={"height": bar["height"].to_string() + "%"}),
        rx.el.span(bar["short"], class_name="sc-ms-bar-label"),
        href=bar["url"], class_name="sc-ms-bar", title=bar["title"],
    )


def clock_panel() -> rx.Component:
    return rx.el.section(
        rx.el.div(rx.el.h2("Listening clock"), rx.el.span(S.clock_peak, class_name="sc-hint"),
                  class_name="sc-ms-panel-head"),
        rx.el.div(rx.foreach(S.clock, _bar), class_name="sc-ms-bars", role="img",
                  aria_label="Bar chart of plays by hour of day", data_testid="listening-clock"),
        class_name="sc-ms-panel",
    )


def months_panel() -> rx.Component:
    return rx.cond(
        S.months.length() > 0,
        rx.el.section(
            rx.el.div(rx.el.h2("Minutes by month"), rx.el.span("Open a month for its tops", class_name="sc-hint"),
                      class_name="sc-ms-panel-head"),
            rx.el.div(rx.foreach(S.months, _month_bar), class_name="sc-ms-bars sc-ms-months", role="img",
                      aria_label="Bar chart of minutes listened per month", data_testid="months-chart"),
            class_name="sc-ms-panel",
        ),
        rx.fragment(),
    )


def _discovery_month(group: Any) -> rx.Component:
    return rx.el.div(
        rx.el.div(rx.el.strong(group["label"]), rx.el.span(group["count"], class_name="sc-hint"),
                  class_name="sc-ms-disc-head"),
        rx.el.div(rx.foreach(group["artists"].to(list[dict[str, Any]]), lambda a: rx.link(
            a["name"], href=a["url"], title=a["title"], class_name="sc-ms-chip", underline="none", color="inherit")),
            class_name="sc-ms-chips"),
        class_name="sc-ms-disc",
    )


def discoveries_panel() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Discoveries"),
        rx.el.p("Artists you played for the first time ever.", class_name="sc-ms-sub"),
        rx.cond(S.discoveries.length() > 0, rx.foreach(S.discoveries, _discovery_month),
                rx.el.p("No new artists in this period.", class_name="sc-ms-none")),
        class_name="sc-ms-panel",
        data_testid="discoveries",
    )


def years_row() -> rx.Component:
    return rx.cond(
        S.years.length() > 0,
        rx.el.div(
            rx.icon("sparkles", size=18, color="var(--sc-accent)"),
            rx.el.strong("Year in review:"),
            rx.foreach(S.years, lambda y: rx.link(y["year"], href=y["url"], class_name="sc-btn sc-btn-secondary "
                                                  "sc-btn-small", underline="none")),
            class_name="sc-ms-years",
            data_testid="year-links",
        ),
        rx.fragment(),
    )


def empty_note(message: Any) -> rx.Component:
    return rx.el.div(rx.icon("headphones", size=22), rx.el.p(message), class_name="sc-ms-note",
                     data_testid="stats-empty")


def stats_view() -> rx.Component:
    return rx.el.div(
        rx.el.style(PAGE_CSS),
        stats_header(),
        form_notice(S.notice),
        rx.cond(S.empty, empty_note("No listening in this period yet. Play something and it shows up here "
                                    "once 30 seconds of a song have played."), rx.fragment()),
        rx.el.section(
            _card("clock", "Minutes listened", S.minutes, "stats-minutes"),
            _card("play", "Plays", S.plays, "stats-plays"),
            _card("sparkles", "New artists", S.new_artists, "stats-new-artists"),
            class_name="sc-ms-cards", aria_label="Headline figures",
        ),
        rx.el.div(
            ranked_panel("Top artists", S.top_artists, "No plays yet.", "top-artists"),
            ranked_panel("Top songs", S.top_tracks, "No plays yet.", "top-songs"),
            ranked_panel("Top genres", S.top_genres, "No plays yet.", "top-genres"),
            class_name="sc-ms-grid",
        ),
        months_panel(),
        clock_panel(),
        discoveries_panel(),
        years_row(),
        rx.el.p("Minutes count everything you heard; plays, tops and the clock count songs played for 30 seconds "
                "(or half of a short song). Only your own listening, and only songs still published.",
                class_name="sc-ms-foot"),
        class_name="sc-ms",
        data_testid="my-stats",
    )


def error_view(message: Any) -> rx.Component:
    return rx.el.div(rx.el.style(PAGE_CSS), rx.icon("circle-alert", size=40), form_error(message),
                     class_name="sc-empty")


def _fact(label: str, value: Any, testid: str) -> rx.Component:
    return rx.el.div(rx.el.span(label, class_name="sc-ms-card-label"),
                     rx.el.span(value, class_name="sc-ms-card-value", data_testid=testid), class_name="sc-ms-card")


def year_figures(v: type[YearView]) -> rx.Component:
    return rx.fragment(
        rx.el.div(
            _fact("Minutes listened", v.minutes, "year-minutes"),
            _fact("Top genre", rx.cond(v.top_genre != "", v.top_genre, "–"), "year-genre"),
            _fact("New artists", v.new_artists, "year-new-artists"),
            _fact("Busiest day", rx.cond(v.busiest_day != "", v.busiest_day + " · " + v.busiest_minutes, "–"),
                  "year-busiest"),
            class_name="sc-yr-facts",
        ),
        rx.el.div(
            ranked_panel("Top 5 artists", v.top_artists, "No plays.", "year-artists"),
            ranked_panel("Top 5 songs", v.top_tracks, "No plays.", "year-songs"),
            class_name="sc-yr-grid",
        ),
    )


def _share_tools() -> rx.Component:
    return rx.el.div(
        rx.cond(
            Y.shared,
            rx.fragment(
                rx.el.button(rx.icon("link", size=16), "Copy link", on_click=Y.copy_link,
                             class_name="sc-btn sc-btn-primary", data_testid="copy-link"),
                rx.el.button("Stop sharing", on_click=Y.unshare, class_name="sc-btn sc-btn-secondary",
                             data_testid="unshare"),
            ),
            rx.el.button(rx.icon("share-2", size=16), "Share my year", on_click=Y.share,
                         class_name="sc-btn sc-btn-primary", data_testid="share"),
        ),
        rx.el.a(rx.icon("download", size=16), "Story image", href=Y.story_url, download=True,
                reload_document=True, class_name="sc-btn sc-btn-secondary", data_testid="story-download"),
        class_name="sc-yr-actions",
    )


def year_view() -> rx.Component:
    return rx.el.div(
        rx.el.style(PAGE_CSS),
        rx.el.header(
            rx.el.span("Year in review", class_name="sc-ms-kicker"),
            rx.el.h1("Your ", Y.year, class_name="sc-ms-title", data_testid="year-title"),
            rx.link("← Your stats", href=routes.ME_STATS, class_name="sc-see-all", underline="none"),
        ),
        rx.cond(
            Y.empty,
            empty_note(rx.fragment("No listening in ", Y.year, ", so there is nothing to sum up. Your year in "
                                   "review fills itself in as you play music.")),
            rx.fragment(
                rx.el.div(
                    rx.el.img(src=Y.card_url, alt="Your year in review card", class_name="sc-yr-card",
                              data_testid="year-card"),
                    rx.el.div(
                        rx.el.p("Share a card with your top artists and songs. Anyone with the link sees your name "
                                "and these figures, nothing else; stop sharing any time and the link dies.",
                                class_name="sc-ms-sub"),
                        _share_tools(),
                        rx.cond(Y.shared, rx.el.span(Y.share_url, class_name="sc-yr-link", data_testid="share-url"),
                                rx.fragment()),
                        class_name="sc-ms-panel",
                    ),
                    class_name="sc-yr-hero",
                ),
                year_figures(Y),
            ),
        ),
        class_name="sc-yr",
        data_testid="year-review",
    )


def wrapped_view() -> rx.Component:
    return rx.el.div(
        rx.el.style(PAGE_CSS),
        rx.el.header(
            rx.el.span("Year in review", class_name="sc-ms-kicker"),
            rx.el.h1(W.listener_name, "’s ", W.year, " in music", class_name="sc-ms-title",
                     data_testid="wrapped-title"),
        ),
        rx.el.img(src=W.card_url, alt=W.listener_name + "’s year in review card", class_name="sc-yr-card",
                  style={"maxWidth": "760px"}, data_testid="wrapped-card"),
        year_figures(W),
        rx.el.div(rx.icon("sparkles", size=22),
                  rx.el.p("Your own year in review is waiting in your stats. ",
                          rx.link("Sign up or sign in", href=routes.SIGN_UP, color="inherit", weight="bold"),
                          " to see it."),
                  class_name="sc-ms-note"),
        class_name="sc-yr",
        data_testid="wrapped",
    )


def not_shared_view() -> rx.Component:
    return rx.el.div(rx.el.style(PAGE_CSS), rx.icon("eye-off", size=40),
                     rx.el.h1("Not shared", class_name="sc-ms-title"), rx.el.p(W.error),
                     class_name="sc-empty", data_testid="wrapped-not-found")
