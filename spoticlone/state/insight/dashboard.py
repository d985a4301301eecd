"""The admin analytics page (``/admin/analytics?range=28d`` or ``?from=...&to=...``).

The period lives in the URL, so a view is shareable and the back button steps through the
periods seen. ``load`` (the page's ``on_load``) parses it and asks
``services.insight.dashboard.admin_dashboard``, which refuses anyone but an administrator and reads
every figure from rollups. This state turns the sections into plain plotly figures (traces
only; the look is the component's), small tables, and the two heatmaps as flat lists of
cells for a CSS grid (the bundled basic plotly build has no heatmap trace).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import reflex as rx

from spoticlone import routes
from spoticlone.branding import page_title as document_title
from spoticlone.services.core.errors import DomainError, Invalid, PermissionDenied
from spoticlone.services.insight import dashboard as service, periods
from spoticlone.services.insight.dashboard import Dashboard, Section
from spoticlone.state.acting import as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.refusals import needs_sign_in, ui_message

CSV_PATH = f"{routes.API_V1}/admin/analytics"
RANGES = {"7d": "7 days", "28d": "28 days", "90d": "90 days", "365d": "365 days"}
CARDS = {"plays": "Plays", "hours": "Listening hours", "listeners": "Daily listeners", "signups": "Sign-ups",
         "skips": "Skipped starts", "misses": "Searches with no results"}
TOP_KINDS = ("top_tracks", "top_artists", "top_albums", "top_genres", "top_playlists")
GREEN, BLUE, ORANGE, PINK = "#1ed760", "#509bf5", "#f59b23", "#e8115b"


def page_url(query: dict[str, str]) -> str:
    return routes.ADMIN_ANALYTICS + "?" + urlencode(query)


def rows_of(section: Section) -> list[dict[str, Any]]:
    return [dict(zip(section.columns, row, strict=True)) for row in section.rows]


def _series(rows: list[dict[str, Any]], x: str, y: str) -> tuple[list[Any], list[Any]]:
    return [r[x] for r in rows], [r[y] for r in rows]


def _trace(kind: str, name: str, x: list[Any], y: list[Any], color: str, **extra: Any) -> dict[str, Any]:
    trace = {"type": kind, "name": name, "x": x, "y": y, "marker": {"color": color},
             "hovertemplate": "%{x}<br>%{y:,} " + name.lower() + "<extra></extra>"}
    if kind == "scatter":
        trace.update(mode="lines", line={"color": color, "width": 2})
    trace.update(extra)
    return trace


def _figure(*traces: dict[str, Any], legend: bool = False, **layout: Any) -> dict[str, Any]:
    return {"data": list(traces), "layout": {"showlegend": legend, "xaxis": {"type": "date"}, **layout}}


def charts(board: Dashboard) -> dict[str, dict[str, Any]]:
    """The plotly figures (data only), by section key."""
    by = {s.key: rows_of(s) for s in board.sections}
    active = by["active"]
    figures: dict[str, dict[str, Any]] = {}
    traces = []
    for period, color, name in (("day", GREEN, "Daily"), ("week", BLUE, "Weekly"), ("month", ORANGE, "Monthly")):
        x, y = _series([r for r in active if r["period"] == period], "start", "listeners")
        shape = {} if period == "day" else {"line": {"color": color, "width": 2, "shape": "hv"}}
        # Short names keep the legend on one line on a phone; the hover says what they count.
        traces.append(_trace("scatter", name, x, y, color, **shape,
                             hovertemplate="%{x}<br>%{y:,} " + name.lower() + " listeners<extra></extra>"))
    figures["active"] = _figure(*traces, legend=True)
    figures["signups"] = _figure(_trace("bar", "Sign-ups", *_series(by["signups"], "day", "signups"), GREEN))
    funnel = by["funnel"]
    figures["funnel"] = {"data": [{
        "type": "bar", "orientation": "h",
        "y": [r["step"] for r in funnel][::-1], "x": [r["users"] for r in funnel][::-1],
        "marker": {"color": [BLUE, ORANGE, GREEN, GREEN][::-1]}, "text": [f"{r['share']}%" for r in funnel][::-1],
        "textposition": "auto", "hovertemplate": "%{y}: %{x:,}<extra></extra>"}],
        "layout": {"showlegend": False, "yaxis": {"automargin": True, "tickformat": ""}}}
    plays = by["plays"]
    figures["plays"] = _figure(
        _trace("bar", "Plays", *_series(plays, "day", "plays"), GREEN),
        _trace("scatter", "Listening hours", *_series(plays, "day", "listening_hours"), BLUE, yaxis="y2",
               hovertemplate="%{x}<br>%{y:,} h<extra></extra>"),
        legend=True, yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "rangemode": "tozero",
                             "color": "#b3b3b3", "fixedrange": True})
    catalog = by["catalog"]
    figures["catalog"] = _figure(
        _trace("bar", "Uploads", *_series(catalog, "day", "uploads"), BLUE),
        _trace("bar", "Publications", *_series(catalog, "day", "publications"), GREEN), legend=True,
        barmode="group")
    for kind in ("browser", "device"):
        parts = [r for r in by["devices"] if r["kind"] == kind]
        figures[kind + "s"] = {"data": [{
            "type": "pie", "hole": 0.55, "labels": [r["name"] for r in parts], "values": [r["sessions"] for r in parts],
            "textinfo": "label+percent", "textposition": "inside", "sort": False,
            "hovertemplate": "%{label}: %{value:,} sessions (%{percent})<extra></extra>"}],
            "layout": {"showlegend": False}}
    return figures


def top_tables(board: Dashboard) -> dict[str, list[dict[str, Any]]]:
    """Each top list as rows of text: rank, name, a second line, plays, share of the first."""
    out: dict[str, list[dict[str, Any]]] = {}
    for section in board.sections:
        if section.key not in TOP_KINDS:
            continue
        rows = rows_of(section)
        name = {"top_tracks": "track", "top_artists": "artist", "top_albums": "album", "top_genres": "genre",
                "top_playlists": "playlist"}[section.key]
        peak = max((r["plays"] for r in rows), default=0) or 1
        out[section.key] = [{
            "rank": str(r["rank"]), "name": r[name],
            "sub": r.get("artist", "") if name == "track" else (f"by {r['owner']}" if name == "playlist" else ""),
            "plays": f"{r['plays']:,}", "width": f"{round(100 * r['plays'] / peak)}%"} for r in rows]
    return out


def _heat(value: float, peak: float) -> str:
    return f"rgba(30,215,96,{0.08 + 0.92 * value / peak:.2f})" if peak and value else "#242424"


def clock_cells(section: Section) -> list[dict[str, str]]:
    """The listening clock as a 25-column grid: a weekday label, then one cell per UTC hour."""
    rows = rows_of(section)
    peak = max((r["plays"] for r in rows), default=0)
    cells = [{"text": "", "bg": "transparent", "title": "", "kind": "corner"}]
    cells += [{"text": f"{h:02d}" if h % 3 == 0 else "", "bg": "transparent", "title": "", "kind": "head"}
              for h in range(24)]
    for weekday in dict.fromkeys(r["weekday"] for r in rows):
        cells.append({"text": weekday, "bg": "transparent", "title": "", "kind": "label"})
        cells += [{"text": "", "bg": _heat(r["plays"], peak), "kind": "cell",
                   "title": f"{weekday} {r['hour']:02d}:00 UTC: {r['plays']:,} plays"}
                  for r in rows if r["weekday"] == weekday]
    return cells


def cohort_cells(section: Section) -> list[dict[str, str]]:
    """Retention as a grid: cohort week, its size, then the % active in week 0, 1, 2..."""
    weeks = [c for c in section.columns if c.startswith("week_")]
    cells = [{"text": t, "bg": "transparent", "title": "", "kind": "head"}
             for t in ("Signed up in week of", "People", *(f"W{c.removeprefix('week_')}" for c in weeks))]
    for r in rows_of(section):
        cells.append({"text": r["cohort"], "bg": "transparent", "title": "", "kind": "label"})
        cells.append({"text": f"{r['size']:,}", "bg": "transparent", "title": "", "kind": "label"})
        for c in weeks:
            share = r[c]
            cells.append({"text": "" if share is None else f"{share:g}%",
                          "bg": "transparent" if share is None else _heat(share, 100.0), "kind": "cell",
                          "title": "not reached yet" if share is None else
                          f"{share:g}% of the {r['size']:,} who signed up in the week of {r['cohort']} "
                          f"listened in week {c.removeprefix('week_')}"})
    return cells


def headline(board: Dashboard) -> dict[str, str]:
    h = board.headline
    return {"plays": f"{h.plays:,}", "hours": f"{h.listening_hours:,.1f}",
            "listeners": f"{h.average_daily_listeners:,.1f}",
            "signups": f"{h.signups:,}", "skips": f"{max(0, h.starts - h.plays):,}",
            "misses": f"{h.searches_missed:,}"}


class AdminAnalyticsState(rx.State):
    """What the dashboard shows for the URL's period; empty for anyone but an administrator."""

    loaded: bool = False
    refusal: str = ""
    error: str = ""
    notice: str = ""
    range_key: str = periods.DEFAULT
    from_day: str = ""
    to_day: str = ""
    period_text: str = ""
    query: dict[str, str] = {}
    empty: bool = True
    values: dict[str, str] = {}
    empty_sections: dict[str, bool] = {}
    figures: dict[str, dict[str, Any]] = {}
    tops: dict[str, list[dict[str, str]]] = {}
    skips: list[dict[str, str]] = []
    misses: list[dict[str, str]] = []
    clock: list[dict[str, str]] = []
    cohorts: list[dict[str, str]] = []
    #: The cohort grid's columns: cohort week, size, then one per week shown.
    cohort_template: str = ""

    @rx.var
    def page_title(self) -> str:
        return document_title("Analytics")

    @rx.var
    def links(self) -> dict[str, str]:
        return {key: page_url({"range": key}) for key in RANGES}

    @rx.var
    def csv_links(self) -> dict[str, str]:
        """Each section's CSV download (the REST endpoint; the session cookie signs it in)."""
        return {key: f"{CSV_PATH}/{key}.csv?{urlencode(self.query)}" for key in service.TITLES}

    def _clear(self) -> None:
        self.loaded, self.refusal, self.error, self.notice = False, "", "", ""
        self.figures, self.tops, self.skips, self.misses, self.clock, self.cohorts = {}, {}, [], [], [], []
        self.values, self.empty_sections = {}, {}

    def _show(self, board: Dashboard) -> None:
        p = board.period
        self.range_key = p.key
        self.from_day, self.to_day, self.query = p.first.isoformat(), p.last.isoformat(), p.query()
        self.period_text = f"{p.first:%b} {p.first.day}, {p.first.year} – {p.last:%b} {p.last.day}, {p.last.year}"
        self.empty, self.values = board.empty, headline(board)
        self.empty_sections = {s.key: s.empty for s in board.sections}
        self.figures, self.tops = charts(board), top_tables(board)
        by = {s.key: s for s in board.sections}
        self.skips = [{"rank": str(r["rank"]), "track": r["track"], "artist": r["artist"],
                       "starts": f"{r['starts']:,}", "rate": f"{r['skip_rate']:g}%", "width": f"{r['skip_rate']:g}%"}
                      for r in rows_of(by["skips"])]
        self.misses = [{"rank": str(r["rank"]), "term": r["term"], "searches": f"{r['searches']:,}"}
                       for r in rows_of(by["search_misses"])]
        self.clock, self.cohorts = clock_cells(by["clock"]), cohort_cells(by["cohorts"])
        weeks = len([c for c in by["cohorts"].columns if c.startswith("week_")])
        self.cohort_template = f"minmax(96px, auto) 56px repeat({weeks}, minmax(40px, 1fr))"

    @rx.event
    async def load(self):
        """``on_load``: the dashboard of the URL's period, for a signed-in administrator."""
        params = self.router.url.query_parameters or {}
        self._clear()
        user_id = await signed_in_user_id(self)
        if user_id is None:
            return sign_in_redirect(self)
        try:
            period = periods.parse(params.get("range"), params.get("from"), params.get("to"))
        except Invalid as exc:
            self.notice, period = ui_message(exc) + " Showing the last 28 days.", periods.parse()
        try:
            board = await call_service(as_actor(service.admin_dashboard), user_id=user_id, period=period)
        except DomainError as exc:
            if needs_sign_in(exc):
                return sign_in_redirect(self)
            if isinstance(exc, PermissionDenied):
                self.refusal = ui_message(exc)
            else:
                self.error = ui_message(exc)
            return None
        self._show(board)
        self.loaded = True
        return None

    @rx.event
    def pick_range(self, form: dict[str, Any]):
        """The from–to form: go to the page of that range (``load`` then checks it)."""
        return rx.redirect(page_url({"from": str(form.get("from") or ""), "to": str(form.get("to") or "")}))
