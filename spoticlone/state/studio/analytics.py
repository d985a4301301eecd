"""The artist's analytics page (``/studio/analytics?range=28d``): figures, charts, top songs.

The range lives in the URL, so a view is shareable and the back button steps through the
ranges seen; ``load`` (the page's ``on_load``) reads it and asks
``services.studio.analytics.artist_analytics``, which decides who may read what and
computes every figure from its rollups. This state only turns the report into text for
the headline cards, plain plotly figures (``{"data": [...], "layout": {...}}``: traces
only, the look is the component's) and rows for the top-songs table.

A range over ``MAX_DAILY_POINTS`` days ("all time" on an old catalog) is charted per
month, so the figures sent to the browser stay small however old the catalog is.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from spoticlone import routes
from spoticlone.branding import page_title as document_title
from spoticlone.services.core.errors import DomainError, PermissionDenied
from spoticlone.services.studio import analytics
from spoticlone.services.studio.analytics import AnalyticsDay, AnalyticsRange, ArtistAnalytics
from spoticlone.state.acting import as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.refusals import needs_sign_in, ui_message

CSV_PATH = f"{routes.API_V1}/studio/analytics.csv"
DEFAULT_RANGE = AnalyticsRange.MONTH.value
#: The switcher's choices, in order: URL value -> label.
RANGES = {
    AnalyticsRange.WEEK.value: "7 days",
    AnalyticsRange.MONTH.value: "28 days",
    AnalyticsRange.YEAR.value: "12 months",
    AnalyticsRange.ALL.value: "All time",
}
RANGE_PHRASES = {
    AnalyticsRange.WEEK.value: "the last 7 days",
    AnalyticsRange.MONTH.value: "the last 28 days",
    AnalyticsRange.YEAR.value: "the last 12 months",
    AnalyticsRange.ALL.value: "all time",
}
#: Headline cards, in order: key -> label (the component adds an icon per key).
CARDS = {
    "plays": "Plays",
    "listeners": "Listeners",
    "listening": "Listening time",
    "followers": "Followers",
    "likes": "Likes",
    "saves": "Saves",
    "playlist_adds": "Playlist adds",
    "rating": "Average rating",
}
MAX_DAILY_POINTS = 400
UNKNOWN_RANGE = "That range is not one we offer; showing the last 28 days."


def analytics_url(range_key: str = DEFAULT_RANGE) -> str:
    """The shareable address of the page for one range."""
    return routes.STUDIO_ANALYTICS + "?" + urlencode({"range": range_key})


def csv_url(range_key: str) -> str:
    """The CSV download of the same range (the REST endpoint; the session cookie signs it in)."""
    return CSV_PATH + "?" + urlencode({"range": range_key})


def pick_range(value: Any) -> tuple[str, bool]:
    """``(range, known)``: the URL's range, or the default when missing (known) or unknown (not)."""
    text = str(value or "").strip().lower()
    if not text:
        return DEFAULT_RANGE, True
    return (text, True) if text in RANGES else (DEFAULT_RANGE, False)


def count_text(n: int) -> str:
    return f"{n:,}"


def listening_text(ms: int) -> str:
    """``3 h 05 min``, ``42 min``, ``under 1 min`` or ``0 min``."""
    minutes = max(0, int(ms)) // 60_000
    if minutes == 0:
        return "under 1 min" if ms > 0 else "0 min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours:,} h {minutes:02d} min" if hours else f"{minutes} min"


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _day_text(day: date, *, year: bool = True) -> str:
    return f"{day:%b} {day.day}" + (f", {day.year}" if year else "")


def period_text(first: date, last: date) -> str:
    """``Nov 6 – Dec 3, 2026`` (UTC days, both included)."""
    if first == last:
        return _day_text(last)
    return f"{_day_text(first, year=first.year != last.year)} – {_day_text(last)}"


def headline(report: ArtistAnalytics) -> tuple[dict[str, str], dict[str, str]]:
    """The cards' big figures and the line under each, by ``CARDS`` key."""
    t = report.totals
    values = {
        "plays": count_text(t.plays), "listeners": count_text(t.listeners),
        "listening": listening_text(t.listening_ms), "followers": count_text(t.followers),
        "likes": count_text(t.likes), "saves": count_text(t.saves), "playlist_adds": count_text(t.playlist_adds),
        "rating": f"{t.average_rating:.1f} ★" if t.average_rating is not None else "–",
    }
    details = {
        "plays": "counted plays of your songs",
        "listeners": "different people (or browsers)",
        "listening": "heard in counted plays",
        "followers": f"+{t.new_followers:,} new in this range" if t.new_followers else "none new in this range",
        "likes": "of your songs",
        "saves": "of your releases to libraries",
        "playlist_adds": "of your songs, still there",
        "rating": f"from {_plural(t.ratings, 'rating')}" if t.ratings else "nobody rated in this range",
    }
    return values, details


def _buckets(days: list[AnalyticsDay]) -> tuple[list[str], list[list[AnalyticsDay]], bool]:
    """The chart's x values and the days of each point: one per day, or per month if too many."""
    if len(days) <= MAX_DAILY_POINTS:
        return [d.day.isoformat() for d in days], [[d] for d in days], False
    months: dict[str, list[AnalyticsDay]] = {}
    for d in days:
        months.setdefault(d.day.replace(day=1).isoformat(), []).append(d)
    return list(months), list(months.values()), True


def _y_axis(values: list[int]) -> dict[str, Any]:
    """Whole-number ticks: a step of one below five (plotly would tick 0.5), a fixed 0-1 when all zero."""
    peak = max(values, default=0)
    if peak == 0:
        return {"yaxis": {"range": [0, 1], "dtick": 1}}
    return {"yaxis": {"dtick": 1}} if peak < 5 else {}


def _x_axis(x: list[str], monthly: bool) -> dict[str, Any]:
    """A date axis that stays in days (or months) for a short series, where plotly would zoom to milliseconds."""
    axis: dict[str, Any] = {"type": "date"}
    if len(x) <= 7:  # a week: every day named (plotly would name every other one under the bars)
        axis.update(tickformat="%b %Y" if monthly else "%b %-d", dtick="M1" if monthly else 86_400_000)
    if len(x) == 1:
        one, pad = date.fromisoformat(x[0]), timedelta(days=20 if monthly else 1)
        axis["range"] = [(one - pad).isoformat(), (one + pad).isoformat()]
    return axis


def charts(report: ArtistAnalytics) -> dict[str, Any]:
    """The three plotly figures (data only) and whether the series is per month."""
    x, groups, monthly = _buckets(list(report.days))
    when = "%{x|%B %Y}" if monthly else "%{x|%a %b %-d, %Y}"
    per_point = [sum(d.plays for d in g) for g in groups]
    following = [g[-1].followers for g in groups]
    plays = {
        "data": [{
            "type": "bar", "name": "Plays", "x": x, "y": per_point,
            # In ms, as plotly measures a date axis: a lone bar would otherwise be one ms wide.
            "width": (24 if monthly else 0.8) * 86_400_000,
            "hovertemplate": when + "<br>%{y:,} plays<extra></extra>",
        }],
        "layout": {**_y_axis(per_point), "xaxis": _x_axis(x, monthly)},
    }
    followers = {
        "data": [{
            "type": "scatter", "mode": "lines", "name": "Followers", "x": x, "y": following,
            "line": {"shape": "hv", "width": 2}, "fill": "tozeroy",
            "hovertemplate": when + "<br>%{y:,} followers<extra></extra>",
        }],
        "layout": {**_y_axis(following), "xaxis": _x_axis(x, monthly)},
    }
    heard = [s for s in report.sources if s.plays > 0]
    sources = {
        "data": [{
            "type": "pie", "hole": 0.62, "sort": False, "direction": "clockwise",
            "labels": [s.label for s in heard], "values": [s.plays for s in heard],
            # The shares are in the list beside the donut; its hole says the total instead.
            "textinfo": "none",
            "hovertemplate": "%{label}<br>%{value:,} plays (%{percent})<extra></extra>",
        }],
        "layout": {"annotations": [{
            "text": f"<b>{report.totals.plays:,}</b><br>{'play' if report.totals.plays == 1 else 'plays'}",
            "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper",
            "font": {"size": 15, "color": "#ffffff"},
        }]},
    }
    return {"plays": plays, "followers": followers, "sources": sources, "monthly": monthly}


def top_rows(report: ArtistAnalytics) -> list[dict[str, Any]]:
    """The top-songs table: rank, title, plays, listening time and share of the range's plays."""
    total = report.totals.plays
    return [
        {"rank": n, "track_id": t.track_id, "title": t.title, "plays": count_text(t.plays),
         "listening": listening_text(t.listening_ms),
         "share": round(100 * t.plays / total) if total else 0}
        for n, t in enumerate(report.top_tracks, start=1)
    ]


def source_rows(report: ArtistAnalytics) -> list[dict[str, Any]]:
    """Plays by source as text too (the donut's numbers, readable without hovering)."""
    total = report.totals.plays
    return [{"label": s.label, "plays": count_text(s.plays), "share": round(100 * s.plays / total) if total else 0}
            for s in report.sources if s.plays > 0]


class StudioAnalyticsState(rx.State):
    """What the analytics page shows for the signed-in artist and the URL's range."""

    loaded: bool = False
    not_artist: bool = False
    refusal: str = ""
    error: str = ""
    notice: str = ""
    range_key: str = DEFAULT_RANGE
    artist_name: str = ""
    period: str = ""
    monthly: bool = False
    empty: bool = True
    has_plays: bool = False
    values: dict[str, str] = {}
    details: dict[str, str] = {}
    #: "1 play", "1,204 plays": beside the plays chart's heading.
    plays_caption: str = ""
    plays_chart: dict[str, Any] = {}
    sources_chart: dict[str, Any] = {}
    followers_chart: dict[str, Any] = {}
    sources: list[dict[str, Any]] = []
    top_tracks: list[dict[str, Any]] = []

    @rx.var
    def page_title(self) -> str:
        return document_title(f"Analytics: {self.artist_name}" if self.artist_name else "Analytics")

    @rx.var
    def links(self) -> dict[str, str]:
        """Where each range button leads."""
        return {key: analytics_url(key) for key in RANGES}

    @rx.var
    def download_url(self) -> str:
        return csv_url(self.range_key)

    @rx.var
    def range_phrase(self) -> str:
        return RANGE_PHRASES.get(self.range_key, "")

    def _show(self, report: ArtistAnalytics) -> None:
        self.artist_name = report.artist_name
        self.period = period_text(report.first_day, report.last_day)
        self.values, self.details = headline(report)
        self.plays_caption = _plural(report.totals.plays, "play")
        figures = charts(report)
        self.plays_chart, self.sources_chart = figures["plays"], figures["sources"]
        self.followers_chart, self.monthly = figures["followers"], figures["monthly"]
        self.sources, self.top_tracks = source_rows(report), top_rows(report)
        t = report.totals
        self.has_plays = t.plays > 0
        self.empty = not any((t.plays, t.followers, t.likes, t.saves, t.playlist_adds, t.ratings))

    @rx.event
    async def load(self):
        """``on_load``: the report of the URL's range, for the signed-in artist."""
        params = self.router.url.query_parameters or {}
        self.range_key, known = pick_range(params.get("range"))
        self.notice = "" if known else UNKNOWN_RANGE
        self.loaded, self.not_artist, self.refusal, self.error = False, False, "", ""
        user_id = await signed_in_user_id(self)
        if user_id is None:
            return sign_in_redirect(self)
        try:
            report = await call_service(as_actor(analytics.artist_analytics), user_id=user_id,
                                        period=self.range_key)
        except DomainError as exc:
            if needs_sign_in(exc):
                return sign_in_redirect(self)
            if isinstance(exc, PermissionDenied):
                self.not_artist, self.refusal = True, ui_message(exc)
            else:
                self.error = ui_message(exc)
            return None
        self._show(report)
        self.loaded = True
        return None
