"""``/me/stats``: the signed-in listener's own listening, as text and bar heights for the page.

The window lives in the URL (``?period=month|12m|all`` or ``?month=YYYY-MM``), so the back
button steps through what was seen. The app stores no time zone, so the page asks the browser
for its own (``Intl``) once (``state.insight.time_zone``, shared with the year page), then asks
``services.insight.listener_stats.own_stats``, which reads only this listener's plays and decides
everything; this state turns the DTO into text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import reflex as rx

from spoticlone import routes
from spoticlone.services.core.errors import DomainError, Invalid
from spoticlone.services.insight import listener_stats
from spoticlone.services.insight.listener_stats import ListenerStats, RankedItem, StatsPeriod
from spoticlone.state.acting import as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.insight.time_zone import (
    BrowserTimeZone,
    browser_zone as browser_zone,  # where the tests look for it
)
from spoticlone.state.refusals import needs_sign_in, ui_message

#: The period switch, in order: URL value -> label.
PERIODS = {StatsPeriod.MONTH.value: "This month", StatsPeriod.YEAR.value: "12 months",
           StatsPeriod.ALL.value: "All time"}
UNKNOWN_WINDOW = "That is not a period or month we can show; here is this month."
MAX_MONTH_BARS = 36


def stats_url(period: str | None = None, month: str | None = None) -> str:
    """The shareable address of one window of the page."""
    query = {"month": month} if month else ({"period": period} if period else {})
    return routes.ME_STATS + ("?" + urlencode(query) if query else "")


def pick_window(params: dict[str, Any]) -> tuple[str, str, bool]:
    """``(period, month, known)`` from the URL; the default (this month) when missing or wrong."""
    month = str(params.get("month") or "").strip()
    period = str(params.get("period") or "").strip().lower()
    if month:
        try:
            listener_stats.parse_month(month)
            return StatsPeriod.MONTH.value, month, True
        except Invalid:
            return StatsPeriod.MONTH.value, "", False
    if not period:
        return StatsPeriod.MONTH.value, "", True
    return (period, "", True) if period in PERIODS else (StatsPeriod.MONTH.value, "", False)


def minutes_text(minutes: int) -> str:
    return f"{minutes:,} min" if minutes < 600 else f"{minutes // 60:,} h {minutes % 60:02d} min"


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def ranked_rows(items: list[RankedItem]) -> list[dict[str, Any]]:
    """Rows of a top list: rank, name, link, the song's artist, and the figures as text."""
    return [{"rank": n, "name": i.name, "url": i.url, "detail": i.detail, "plays": _plural(i.plays, "play"),
             "minutes": minutes_text(i.minutes)} for n, i in enumerate(items, start=1)]


def clock_bars(clock: list[int]) -> list[dict[str, Any]]:
    """24 bars, heights in percent of the busiest hour, a label every three hours."""
    peak = max(clock, default=0) or 1
    return [{"hour": h, "label": f"{h:02d}" if h % 3 == 0 else "", "plays": n, "height": round(100 * n / peak),
             "title": f"{h:02d}:00–{h:02d}:59 · {_plural(n, 'play')}"} for h, n in enumerate(clock)]


def month_bars(stats: ListenerStats) -> list[dict[str, Any]]:
    """The months of the window (the last ``MAX_MONTH_BARS``), minutes as bar heights."""
    months = stats.months[-MAX_MONTH_BARS:]
    peak = max((m.minutes for m in months), default=0) or 1
    return [{
        "month": m.month, "short": m.label[:3] + (f" ’{m.month[2:4]}" if m.month[5:] == "01" or i == 0 else ""),
        "minutes": minutes_text(m.minutes), "height": round(100 * m.minutes / peak), "url": stats_url(month=m.month),
        "top": " · ".join(x for x in (m.top_artist, m.top_track) if x) or "No plays",
        "title": f"{m.label}: {minutes_text(m.minutes)}, {_plural(m.plays, 'play')}",
    } for i, m in enumerate(months)]


def zone_note(stats: ListenerStats) -> str:
    if stats.time_zone_known:
        return f"Days and hours in your time zone ({stats.time_zone})."
    return "Days and hours in UTC: we could not tell your time zone."


class MeStatsState(BrowserTimeZone, rx.State):
    """What ``/me/stats`` shows for the signed-in listener and the URL's window."""

    loaded: bool = False
    error: str = ""
    notice: str = ""
    period: str = StatsPeriod.MONTH.value
    month: str = ""
    label: str = ""
    zone: str = ""
    empty: bool = True
    minutes: str = ""
    plays: str = ""
    new_artists: str = ""
    top_artists: list[dict[str, Any]] = []
    top_tracks: list[dict[str, Any]] = []
    top_genres: list[dict[str, Any]] = []
    clock: list[dict[str, Any]] = []
    clock_peak: str = ""
    months: list[dict[str, Any]] = []
    discoveries: list[dict[str, Any]] = []
    month_options: list[str] = []
    month_labels: dict[str, str] = {}
    years: list[dict[str, Any]] = []

    @rx.var
    def links(self) -> dict[str, str]:
        return {key: stats_url(period=key) for key in PERIODS}

    @rx.var
    def active(self) -> str:
        """The period button to highlight ("" when a month was picked)."""
        return "" if self.month else self.period

    def _show(self, stats: ListenerStats) -> None:
        self.label, self.zone, self.empty = stats.label, zone_note(stats), stats.empty
        self.minutes, self.plays = f"{stats.minutes:,}", f"{stats.plays:,}"
        self.new_artists = f"{stats.new_artists:,}"
        self.top_artists, self.top_tracks = ranked_rows(stats.top_artists), ranked_rows(stats.top_tracks)
        self.top_genres, self.clock = ranked_rows(stats.top_genres), clock_bars(stats.clock)
        busiest = max(range(24), key=lambda h: (stats.clock[h], -h)) if any(stats.clock) else None
        self.clock_peak = f"Most plays around {busiest:02d}:00" if busiest is not None else ""
        self.months = month_bars(stats) if len(stats.months) > 1 else []
        self.discoveries = [{"label": d.label, "count": _plural(len(d.artists), "new artist"),
                             "artists": [{"name": a.name, "url": a.url, "title": f"First heard {a.first_played:%b %-d}"
                                          f" with “{a.track_title}”"} for a in d.artists]}
                            for d in stats.discoveries]
        self.month_options = stats.months_with_plays
        self.month_labels = {m: listener_stats.month_label(m) for m in stats.months_with_plays}
        self.years = [{"year": str(y), "url": routes.year_review_url(y)} for y in stats.years_with_plays]

    async def _refresh(self):
        user_id = await signed_in_user_id(self)
        if user_id is None:
            return sign_in_redirect(self)
        try:
            stats = await call_service(as_actor(listener_stats.own_stats), user_id=user_id, period=self.period,
                                       month=self.month or None, tz=self.browser_time_zone or None)
        except DomainError as exc:
            if needs_sign_in(exc):
                return sign_in_redirect(self)
            self.error = ui_message(exc)
            return None
        self._show(stats)
        self.loaded = True
        return None

    @rx.event
    async def load(self):
        """``on_load``: the URL's window; first asks the browser for its time zone."""
        self.period, self.month, known = pick_window(self.router.url.query_parameters or {})
        self.notice = "" if known else UNKNOWN_WINDOW
        self.error, self.loaded = "", False
        return await self._refresh_in_browser_zone()

    @rx.event
    def pick_month(self, month: str):
        """The month picker: go to that month's address (or back to this month)."""
        return rx.redirect(stats_url(month=month) if month in self.month_options else stats_url())
