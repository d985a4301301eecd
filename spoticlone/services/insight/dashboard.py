"""The admin analytics dashboard: every section over a period, for administrators only.

``admin_dashboard`` answers the whole page (the figures of ``dashboard_sections``, each section a
table of plain values with its CSV columns); ``section`` answers one of them and
``section_csv`` the same as a CSV file. Every number comes from the rollups
(``services.insight.rollups``) or from tables that grow with people and music, never from the
raw play events, so a refresh costs the same at ten thousand plays or ten million.

A section with nothing in the period says so (``empty``); the page shows a sentence instead
of a flat chart, and the CSV still has its header.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd  # type: ignore[import-untyped]
from sqlmodel import Session

from spoticlone.services.core.actor import Actor, require_admin
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import NotFound
from spoticlone.services.insight import dashboard_sections as sections
from spoticlone.services.insight.periods import Period, parse

#: Section key -> title, in page order.
TITLES = {
    "active": "Active listeners",
    "signups": "Sign-ups per day",
    "funnel": "Sign-up funnel",
    "plays": "Plays and listening hours",
    "top_tracks": "Top tracks",
    "top_artists": "Top artists",
    "top_albums": "Top albums",
    "top_genres": "Top genres",
    "top_playlists": "Top playlists",
    "cohorts": "Weekly retention cohorts",
    "catalog": "Uploads and publications",
    "search_misses": "Searches that found nothing",
    "clock": "Listening by hour and weekday (UTC)",
    "devices": "Devices and browsers",
    "skips": "Most skipped tracks",
}
#: Which column must hold something for a section to count as not empty.
_FILLED = {"active": "listeners", "signups": "signups", "plays": "starts", "catalog": None, "clock": "plays",
           "funnel": "users"}


class Section(DTO):
    """One section: its CSV columns and rows (plain JSON values), and whether the period had any."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    empty: bool


class Headline(DTO):
    """The figures at the top of the page, over the whole period."""

    plays: int
    starts: int
    listening_hours: float
    signups: int
    average_daily_listeners: float
    searches_missed: int


class Dashboard(DTO):
    """The whole page: the period, the headline figures, every section in page order."""

    period: Period
    headline: Headline
    sections: list[Section]
    empty: bool


class CsvFile(DTO):
    """A section as a download: the file name names the section and the period."""

    filename: str
    content: str


def _plain(value: Any) -> Any:
    """A JSON-ready cell: ISO dates, Python numbers, None for a missing value."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _is_empty(key: str, frame: pd.DataFrame) -> bool:
    if frame.empty:
        return True
    if key == "catalog":
        return not (frame["uploads"].sum() or frame["publications"].sum())
    column = _FILLED.get(key)
    return column is not None and not frame[column].sum()


def _section(key: str, frame: pd.DataFrame) -> Section:
    rows = [[_plain(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return Section(key=key, title=TITLES[key], columns=[str(c) for c in frame.columns], rows=rows,
                   empty=_is_empty(key, frame))


def _frames(session: Session, period: Period, keys: list[str]) -> dict[str, pd.DataFrame]:
    """The frames of ``keys``; per-track totals and accounts made are read once for the sections sharing them."""
    shared: dict[str, pd.DataFrame] = {}

    def tracks() -> pd.DataFrame:
        if "tracks" not in shared:
            shared["tracks"] = sections.track_totals(session, period)
        return shared["tracks"]

    def made() -> pd.DataFrame:
        if "made" not in shared:
            shared["made"] = sections.accounts_made(session, period)
        return shared["made"]

    build: dict[str, Callable[[], pd.DataFrame]] = {
        "active": lambda: sections.active_listeners(session, period),
        "signups": lambda: sections.signups(period, made()),
        "funnel": lambda: sections.funnel(session, period, made()),
        "plays": lambda: sections.plays(session, period),
        "top_tracks": lambda: sections.most_played_tracks(session, tracks()),
        "top_artists": lambda: sections.most_played(session, tracks(), "artists"),
        "top_albums": lambda: sections.most_played(session, tracks(), "albums"),
        "top_genres": lambda: sections.most_played(session, tracks(), "genres"),
        "top_playlists": lambda: sections.most_played_playlists(session, period),
        "cohorts": lambda: sections.cohorts(session, period, made()),
        "catalog": lambda: sections.catalog(session, period),
        "search_misses": lambda: sections.search_misses(session, period),
        "clock": lambda: sections.listening_clock(session, period),
        "devices": lambda: sections.devices(session, period),
        "skips": lambda: sections.skip_rates(session, tracks()),
    }
    return {key: build[key]() for key in keys}


def _headline(frames: dict[str, pd.DataFrame]) -> Headline:
    plays, active = frames["plays"], frames["active"]
    daily = active[active["period"] == "day"]["listeners"]
    return Headline(
        plays=int(plays["plays"].sum()), starts=int(plays["starts"].sum()),
        listening_hours=round(float(plays["listening_hours"].sum()), 1),
        signups=int(frames["signups"]["signups"].sum()),
        average_daily_listeners=round(float(daily.mean()), 1) if len(daily) else 0.0,
        searches_missed=int(frames["search_misses"]["searches"].sum()),
    )


def admin_dashboard(session: Session, *, actor: Actor, period: Period | None = None) -> Dashboard:
    """Every section of the dashboard over ``period`` (the last 28 days by default).

    Raises:
        PermissionDenied: the actor is not an administrator (or not signed in).
    """
    require_admin(actor)
    period = period or parse()
    frames = _frames(session, period, list(TITLES))
    built = [_section(key, frame) for key, frame in frames.items()]
    return Dashboard(period=period, headline=_headline(frames), sections=built,
                     empty=all(s.empty for s in built))


def _known(key: str) -> str:
    if key not in TITLES:
        raise NotFound(f"There is no dashboard section called {key!r}.")
    return key


def section(session: Session, *, actor: Actor, key: str, period: Period | None = None) -> Section:
    """One section of the dashboard.

    Raises:
        PermissionDenied: not an administrator.
        NotFound: no such section.
    """
    require_admin(actor)
    key, period = _known(key), period or parse()
    return _section(key, _frames(session, period, [key])[key])


def section_csv(session: Session, *, actor: Actor, key: str, period: Period | None = None) -> CsvFile:
    """One section as a CSV file (header row, then the rows the page draws).

    Raises:
        PermissionDenied: not an administrator.
        NotFound: no such section.
    """
    require_admin(actor)
    key, period = _known(key), period or parse()
    frame = _frames(session, period, [key])[key]
    content = frame.to_csv(index=False, lineterminator="\r\n")
    name = f"spoticlone-{key.replace('_', '-')}-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    return CsvFile(filename=name, content=content)
