"""The Charts page: which chart is open comes from the URL, so every chart is shareable.

``/charts?kind=tracks|artists|albums&period=week|all&genre=<slug>``; anything missing
or unknown falls back to the default (songs, this week, every genre). The ranking
itself is ``services.listening.charts.chart``; this state only flattens its entries for the rows.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import reflex as rx

from spoticlone import routes
from spoticlone.branding import kind_label
from spoticlone.services.catalog import browse
from spoticlone.services.core.errors import DomainError, NotFound
from spoticlone.services.listening import charts
from spoticlone.state.common import call_service, dump
from spoticlone.state.refusals import ui_message

KINDS = {"tracks": "Songs", "artists": "Artists", "albums": "Albums"}
PERIODS = {"week": "This week", "all": "All time"}
ALL_GENRES = "all"  # the select's value for "every genre" (Radix refuses an empty value)
SHOWN = 50


def chart_url(kind: str = "tracks", period: str = "week", genre: str = "") -> str:
    """The shareable address of one chart (defaults left out)."""
    params = {"kind": kind, "period": period}
    if genre:
        params["genre"] = genre
    return routes.CHARTS + "?" + urlencode(params)


def pick(value: Any, allowed, default: str) -> str:
    text = str(value or "").strip().lower()
    return text if text in allowed else default


def _number(value: float) -> str:
    """``12``, ``1,204`` or ``2.5``: whole numbers without a decimal point."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _signed(value: float) -> str:
    return ("+" if value >= 0 else "−") + _number(abs(value))


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def figures(entry) -> dict[str, Any]:
    """The score and the numbers it is made of, as the row shows them.

    A row that read only "0 plays" looked ranked at random when likes or ratings put it
    there; showing every term of the formula lets a listener check the order.
    """
    parts = [_count(entry.plays, "play"), _count(entry.likes, "like")]
    if entry.rating_points:
        parts.append(f"ratings {_signed(entry.rating_points)}")
    score = _number(entry.score)
    explained = (f"Score {score} = {_count(entry.plays, 'completed play')} + 3 × {_count(entry.likes, 'like')}"
                 f" {'+' if entry.rating_points >= 0 else '−'} {_number(abs(entry.rating_points))} from ratings")
    return {"rank": entry.rank, "plays": entry.plays, "likes": entry.likes,
            "rating_points": entry.rating_points, "score": round(entry.score, 1), "score_text": score,
            "plays_text": f"{entry.plays:,}", "figures": " · ".join(parts), "explained": explained}


def row(entry) -> dict[str, Any]:
    """One chart entry as a flat dict: rank, links, picture, and the figures behind it."""
    base = figures(entry)
    if entry.track is not None:
        t = dump(entry.track)
        return base | {"id": t["id"], "title": t["title"], "url": t["url"], "image_url": t["cover_url"],
                       "subtitle": t["artist"]["name"], "subtitle_url": t["artist"]["url"],
                       "extra": t["album_title"] or "", "extra_url": t["album_url"] or ""}
    if entry.album is not None:
        a = dump(entry.album)
        extra = kind_label(a["kind"]) + (f" · {a['year']}" if a["year"] else "")
        return base | {"id": a["id"], "title": a["title"], "url": a["url"], "image_url": a["cover_url"],
                       "subtitle": a["artist"]["name"], "subtitle_url": a["artist"]["url"],
                       "extra": extra, "extra_url": ""}
    r = dump(entry.artist)
    return base | {"id": r["id"], "title": r["name"], "url": r["url"], "image_url": r["image_url"],
                   "subtitle": "Artist", "subtitle_url": "", "extra": f"{r['track_count']} tracks",
                   "extra_url": ""}


def _load(session, *, kind: str, period: str, genre: str):
    genres = browse.list_genres(session, page=1, page_size=50).items
    return charts.chart(session, kind=kind, period=period, genre=genre or None, limit=SHOWN), genres


class ChartsState(rx.State):
    kind: str = "tracks"
    period: str = "week"
    genre: str = ""
    rows: list[dict[str, Any]] = []
    track_ids: list[int] = []
    genres: list[dict[str, str]] = []
    loaded: bool = False
    error: str = ""

    @rx.var
    def genre_value(self) -> str:
        return self.genre or ALL_GENRES

    @rx.var
    def genre_name(self) -> str:
        return next((g["name"] for g in self.genres if g["slug"] == self.genre), "")

    @rx.var
    def links(self) -> dict[str, str]:
        """Where each tab and period button leads, keeping the other choices."""
        out = {k: chart_url(k, self.period, self.genre) for k in KINDS}
        out.update({p: chart_url(self.kind, p, self.genre) for p in PERIODS})
        return out

    @rx.var
    def share_path(self) -> str:
        return chart_url(self.kind, self.period, self.genre)

    @rx.var
    def heading(self) -> str:
        scope = f" in {self.genre_name}" if self.genre_name else ""
        return f"Top {KINDS[self.kind].lower()}{scope} · {PERIODS[self.period].lower()}"

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters or {}
        self.kind = pick(params.get("kind"), KINDS, "tracks")
        self.period = pick(params.get("period"), PERIODS, "week")
        self.genre = str(params.get("genre") or "").strip().lower()[:80]
        self.error = ""
        try:
            chart, genres = await call_service(_load, kind=self.kind, period=self.period, genre=self.genre)
        except NotFound:
            self.genre, self.error = "", "That genre does not exist; showing every genre."
            chart, genres = await call_service(_load, kind=self.kind, period=self.period, genre="")
        except DomainError as exc:
            self.rows, self.track_ids, self.error, self.loaded = [], [], ui_message(exc), True
            return
        self.genres = [{"slug": g.slug, "name": g.name} for g in sorted(genres, key=lambda g: g.name.lower())]
        self.rows = [row(e) for e in chart.entries]
        self.track_ids = [r["id"] for r in self.rows] if self.kind == "tracks" else []
        self.loaded = True

    @rx.event
    def choose_genre(self, value: str):
        """The genre select: open the same chart for that genre (a new, shareable URL)."""
        slug = "" if value == ALL_GENRES else pick(value, {g["slug"] for g in self.genres}, "")
        return rx.redirect(chart_url(self.kind, self.period, slug))
