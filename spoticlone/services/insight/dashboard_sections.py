"""Each section of the admin dashboard as a pandas DataFrame, read from the rollups.

Every function takes the session and a ``Period`` and returns a frame whose columns are the
section's CSV columns, in order. Sums over days are done by the database on the rollup tables
(rows grow with days × tracks, never with plays); pandas fills missing days with zeros, joins
names, reshapes the heatmaps and computes shares and rates. The row and column names are the
words the page and the CSV show.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pandas as pd  # type: ignore[import-untyped]
from sqlalchemy import Integer, cast, func, select as sa_select
from sqlmodel import Session, col

from spoticlone.models import (
    Album,
    ArtistProfile,
    AuthSession,
    Genre,
    InsightActive,
    InsightCohort,
    InsightDay,
    InsightHour,
    InsightListener,
    InsightSearchMiss,
    Playlist,
    Track,
    User,
)
from spoticlone.services.insight import agents, month_sums
from spoticlone.services.insight.periods import Period
from spoticlone.services.insight.rollups import DAY, MONTH, WEEK, month_of, week_of
from spoticlone.services.studio.rollups import as_date, day_of

TOP = 10
#: Tracks need this many starts in the period before their skip rate is ranked.
MIN_STARTS = 5
COHORT_WEEKS = 8
MS_PER_HOUR = 3_600_000
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _select(*columns: Any) -> Any:
    """``sqlalchemy.select`` for any number of mixed columns (SQLModel's typed overloads stop at four)."""
    return sa_select(*columns)


def _frame(session: Session, statement: Any, columns: list[str]) -> pd.DataFrame:
    # Plain tuples: pandas builds a frame from SQLAlchemy rows about five times slower.
    return pd.DataFrame([tuple(row) for row in session.execute(statement).all()], columns=columns)


def _bounds(period: Period) -> tuple[datetime, datetime]:
    """The period as UTC moments: its first midnight and the midnight after its last day."""
    return (datetime.combine(period.first, time(), UTC),
            datetime.combine(period.last + timedelta(days=1), time(), UTC))


def _days(period: Period) -> pd.DataFrame:
    return pd.DataFrame({"day": [period.first + timedelta(days=n) for n in range(period.days)]})


def _by_day(period: Period, frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame`` (a ``day`` column plus ``columns``) with one row per day of the period, zero-filled."""
    out = _days(period)
    if len(frame):
        out = out.merge(frame.astype({"day": "object"}), on="day", how="left")
    for name in columns:
        out[name] = out[name].fillna(0).astype("int64") if name in out else 0
    return out[["day", *columns]]


def _hours(ms: pd.Series) -> pd.Series:
    return (ms.astype("float64") / MS_PER_HOUR).round(2)


def active_listeners(session: Session, period: Period) -> pd.DataFrame:
    """Listeners who started a play: per day, per week (by Monday) and per month, in the period."""
    rows = _frame(session, _select(InsightActive.kind, InsightActive.start, InsightActive.users).where(
        col(InsightActive.start) >= month_of(period.first), col(InsightActive.start) <= period.last),
        ["kind", "start", "listeners"])
    names = {DAY: "day", WEEK: "week", MONTH: "month"}
    floor = {DAY: period.first, WEEK: week_of(period.first), MONTH: month_of(period.first)}
    keep = pd.Series([start >= floor[kind] for kind, start in zip(rows["kind"], rows["start"], strict=True)],
                     index=rows.index, dtype=bool)
    rows = rows[keep]
    daily = _by_day(period, rows[rows["kind"] == DAY].rename(columns={"start": "day"})[["day", "listeners"]],
                    ["listeners"])
    daily.insert(0, "period", "day")
    daily = daily.rename(columns={"day": "start"})
    longer = rows[rows["kind"] != DAY].assign(period=lambda f: f["kind"].map(names))
    out = pd.concat([daily, longer[["period", "start", "listeners"]]], ignore_index=True)
    return out.astype({"listeners": "int64"})


def _made_per_day(session: Session, column: Any, first: date, period: Period) -> pd.DataFrame:
    """Rows whose ``column`` (a timestamp) falls in ``first``..the period's end, counted per UTC day in SQL."""
    start, end = datetime.combine(first, time(), UTC), _bounds(period)[1]
    day = day_of(session, column)
    rows = _frame(session, _select(day, func.count()).where(column >= start, column < end).group_by(day),
                  ["day", "n"])
    rows["day"] = [as_date(d) for d in rows["day"]]
    return rows


def accounts_made(session: Session, period: Period) -> pd.DataFrame:
    """Accounts made per UTC day, and how many of them verified their email (``day``, ``n``, ``verified``).

    From the Monday of the period's first week (the first cohort) to its end: one read of the
    accounts' ``(created_at, email_verified)`` index, shared by sign-ups, the funnel and the
    cohorts, which grow with people, not plays.
    """
    start, end = datetime.combine(week_of(period.first), time(), UTC), _bounds(period)[1]
    day = day_of(session, col(User.created_at))
    rows = _frame(session, _select(day, func.count(), func.count().filter(col(User.email_verified).is_(True)))
                  .where(col(User.created_at) >= start, col(User.created_at) < end).group_by(day),
                  ["day", "n", "verified"])
    rows["day"] = [as_date(d) for d in rows["day"]]
    return rows


def _in_period(made: pd.DataFrame, period: Period) -> pd.DataFrame:
    inside = pd.Series([period.first <= d <= period.last for d in made["day"]], index=made.index, dtype=bool)
    return made[inside]


def signups(period: Period, made: pd.DataFrame) -> pd.DataFrame:
    """Accounts made per day of the period (``made``: ``accounts_made``)."""
    return _by_day(period, _in_period(made, period)[["day", "n"]].rename(columns={"n": "signups"}), ["signups"])


def funnel(session: Session, period: Period, made: pd.DataFrame) -> pd.DataFrame:
    """Accounts made in the period: how many verified, played something, came back in week 2.

    The last two steps count the listeners' own rows by their sign-up day (a narrow table, no
    join with the accounts).
    """
    made = _in_period(made, period)
    played = session.execute(
        _select(func.count(), func.count().filter(col(InsightListener.returned_week2).is_(True)))
        .where(col(InsightListener.signup_day).between(period.first, period.last))
    ).one()
    total = int(made["n"].sum())
    steps = [("Signed up", total), ("Verified their email", int(made["verified"].sum())),
             ("Played a song", int(played[0])), ("Came back in week 2", int(played[1]))]
    out = pd.DataFrame(steps, columns=["step", "users"])
    out["share"] = (100 * out["users"] / total).round(1) if total else 0.0
    return out


def plays(session: Session, period: Period) -> pd.DataFrame:
    """Plays started and counted per day, and the hours heard in counted plays."""
    rows = _frame(session, _select(InsightHour.day, func.sum(InsightHour.starts), func.sum(InsightHour.plays),
                                  func.sum(InsightHour.ms_played))
                  .where(col(InsightHour.day).between(period.first, period.last)).group_by(col(InsightHour.day)),
                  ["day", "starts", "plays", "ms_played"])
    out = _by_day(period, rows, ["starts", "plays", "ms_played"])
    out["listening_hours"] = _hours(out.pop("ms_played"))
    return out


def track_totals(session: Session, period: Period) -> pd.DataFrame:
    """Starts, plays and listening time per track over the period, with the track's album, artist, genre."""
    sums = month_sums.totals(session, month_sums.TRACKS, period.first, period.last).subquery()
    # Joined in SQL: a list of thousands of ids to look up would cost more than the sums.
    columns = ["track_id", "starts", "plays", "ms_played", "artist_id", "album_id", "genre_id"]
    totals = _frame(session, _select(*sums.c, Track.artist_id, Track.album_id, Track.genre_id)
                    .join(Track, col(Track.id) == sums.c.track_id), columns)
    if totals.empty:
        return _empty(columns)
    return totals.astype({"starts": "int64", "plays": "int64", "ms_played": "int64"})


def _names(session: Session, model: Any, label: Any, ids: list[Any]) -> dict[int, str]:
    wanted = [int(i) for i in ids if pd.notna(i)]
    if not wanted:
        return {}
    return {i: n for i, n in session.execute(_select(model.id, label).where(col(model.id).in_(wanted)))}


def _ranked(frame: pd.DataFrame, key: str, names: dict[int, str], label: str) -> pd.DataFrame:
    """The ``TOP`` rows of ``frame`` grouped by ``key``, by plays then listening time, named."""
    grouped = (frame.dropna(subset=[key]).groupby(key, as_index=False)[["plays", "ms_played"]].sum()
               .query("plays > 0").sort_values(["plays", "ms_played", key], ascending=[False, False, True])
               .head(TOP))
    grouped[label] = [names.get(int(i), "(removed)") for i in grouped[key]]
    grouped.insert(0, "rank", range(1, len(grouped) + 1))
    grouped["listening_hours"] = _hours(grouped.pop("ms_played"))
    return grouped


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({name: [] for name in columns})


def most_played_tracks(session: Session, totals: pd.DataFrame) -> pd.DataFrame:
    """The ``TOP`` tracks by counted plays, with their artist."""
    columns = ["rank", "track", "artist", "plays", "listening_hours"]
    if totals.empty:
        return _empty(columns)
    heads = _ranked(totals, "track_id", {}, "track")
    titles = _names(session, Track, Track.title, heads["track_id"].tolist())
    artist_of = dict(zip(totals["track_id"], totals["artist_id"], strict=True))
    artists = _names(session, ArtistProfile, ArtistProfile.stage_name, [artist_of[i] for i in heads["track_id"]])
    heads["track"] = [titles.get(int(i), "(removed)") for i in heads["track_id"]]
    heads["artist"] = [artists.get(int(artist_of[i]), "") for i in heads["track_id"]]
    return heads[columns]


def most_played(session: Session, totals: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Top artists, albums or genres: the sum of their tracks' plays."""
    key, model, label = {"artists": ("artist_id", ArtistProfile, ArtistProfile.stage_name),
                         "albums": ("album_id", Album, Album.title),
                         "genres": ("genre_id", Genre, Genre.name)}[kind]
    name = kind[:-1]
    columns = ["rank", name, "plays", "listening_hours"]
    if totals.empty:
        return _empty(columns)
    heads = _ranked(totals, key, {}, name)
    names = _names(session, model, label, heads[key].tolist())
    heads[name] = [names.get(int(i), "(removed)") for i in heads[key]]
    return heads[columns]


def most_played_playlists(session: Session, period: Period) -> pd.DataFrame:
    """The ``TOP`` playlists by plays started from them, with their owner (deleted playlists left out)."""
    sums = month_sums.totals(session, month_sums.PLAYLISTS, period.first, period.last).subquery()
    rows = _frame(session, _select(*sums.c).order_by(sums.c[1].desc(), sums.c[0]).limit(TOP * 3),
                  ["playlist_id", "plays"])
    wanted = [int(i) for i in rows["playlist_id"]]
    names = {i: (name, owner) for i, name, owner in session.execute(
        _select(Playlist.id, Playlist.name, User.username).join(User, col(User.id) == col(Playlist.owner_id))
        .where(col(Playlist.id).in_(wanted)))} if wanted else {}
    rows = rows[rows["playlist_id"].isin(list(names))].head(TOP)
    rows.insert(0, "rank", range(1, len(rows) + 1))
    rows["playlist"] = [names[int(i)][0] for i in rows["playlist_id"]]
    rows["owner"] = [names[int(i)][1] for i in rows["playlist_id"]]
    return rows[["rank", "playlist", "owner", "plays"]].astype({"plays": "int64"})


def skip_rates(session: Session, totals: pd.DataFrame) -> pd.DataFrame:
    """Tracks with at least ``MIN_STARTS`` starts, most skipped first: starts that never counted."""
    columns = ["rank", "track", "artist", "starts", "skips", "skip_rate"]
    busy = totals[totals["starts"] >= MIN_STARTS].copy() if len(totals) else totals
    if busy.empty:
        return _empty(columns)
    busy["skips"] = (busy["starts"] - busy["plays"]).clip(lower=0)
    busy["skip_rate"] = (100 * busy["skips"] / busy["starts"]).round(1)
    busy = busy.sort_values(["skip_rate", "starts", "track_id"], ascending=[False, False, True]).head(TOP)
    titles = _names(session, Track, Track.title, busy["track_id"].tolist())
    artists = _names(session, ArtistProfile, ArtistProfile.stage_name, busy["artist_id"].tolist())
    busy.insert(0, "rank", range(1, len(busy) + 1))
    busy["track"] = [titles.get(int(i), "") for i in busy["track_id"]]
    busy["artist"] = [artists.get(int(i), "") for i in busy["artist_id"]]
    return busy[columns]


def cohorts(session: Session, period: Period, made: pd.DataFrame) -> pd.DataFrame:
    """Weekly sign-up cohorts starting in the period: size, then % active in week 0, 1, 2..."""
    first_week = week_of(period.first)
    made = made.assign(cohort=[week_of(d) for d in made["day"]])
    sizes = made.groupby("cohort")["n"].sum().rename("size")
    active = _frame(session, _select(InsightCohort.cohort, InsightCohort.week, InsightCohort.users).where(
        col(InsightCohort.cohort) >= first_week, col(InsightCohort.cohort) <= period.last), ["cohort", "week", "users"])
    out = pd.DataFrame({"cohort": sorted(sizes.index)})
    out["size"] = [int(sizes[c]) for c in out["cohort"]]
    # Plain dictionaries: a few thousand cells, where a pivot table costs more than the reading.
    cells: defaultdict[tuple[date, int], int] = defaultdict(int)
    for c, w, users in zip(active["cohort"], active["week"], active["users"], strict=True):
        cells[(c, (w - c).days // 7)] += int(users)
    for n in range(COHORT_WEEKS):
        # A week not reached yet is left blank rather than shown as nobody coming back.
        out[f"week_{n}"] = [round(100 * cells[(c, n)] / s, 1) if c + timedelta(weeks=n) <= period.last else None
                            for c, s in zip(out["cohort"], out["size"], strict=True)]
    return out


def catalog(session: Session, period: Period) -> pd.DataFrame:
    """Tracks uploaded (any status) and tracks published, per day."""
    uploads = _made_per_day(session, col(Track.created_at), period.first, period).rename(columns={"n": "uploads"})
    published = _frame(session, _select(InsightDay.day, InsightDay.publications)
                       .where(col(InsightDay.day).between(period.first, period.last)), ["day", "publications"])
    out = _by_day(period, uploads, ["uploads"])
    out["publications"] = _by_day(period, published, ["publications"])["publications"]
    return out


def search_misses(session: Session, period: Period) -> pd.DataFrame:
    """What people searched for and did not find, most asked first: what the catalog lacks."""
    total = func.sum(InsightSearchMiss.searches)
    rows = _frame(session, _select(InsightSearchMiss.term, total)
                  .where(col(InsightSearchMiss.day).between(period.first, period.last))
                  .group_by(col(InsightSearchMiss.term)).order_by(total.desc(), col(InsightSearchMiss.term))
                  .limit(TOP * 2), ["term", "searches"])
    rows.insert(0, "rank", range(1, len(rows) + 1))
    return rows.astype({"searches": "int64"})


def _weekday(session: Session, column: Any) -> Any:
    """SQL for the weekday of a date column, 0 for Monday to 6 for Sunday."""
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("isodow", column) - 1
    return (cast(func.strftime("%w", column), Integer) + 6) % 7


def listening_clock(session: Session, period: Period) -> pd.DataFrame:
    """Counted plays by UTC weekday and hour: 7 × 24 rows, zero-filled."""
    weekday = _weekday(session, col(InsightHour.day))
    rows = _frame(session, _select(weekday, InsightHour.hour, func.sum(InsightHour.plays))
                  .where(col(InsightHour.day).between(period.first, period.last))
                  .group_by(weekday, col(InsightHour.hour)),
                  ["weekday", "hour", "plays"])
    counts = {(int(w), int(h)): int(n) for w, h, n in zip(rows["weekday"], rows["hour"], rows["plays"], strict=True)}
    return pd.DataFrame([(WEEKDAYS[w], h, counts.get((w, h), 0)) for w in range(7) for h in range(24)],
                        columns=["weekday", "hour", "plays"])


def devices(session: Session, period: Period) -> pd.DataFrame:
    """Sign-in sessions opened in the period, by browser and by device."""
    start, end = _bounds(period)
    rows = _frame(session, _select(AuthSession.user_agent, func.count()).where(
        col(AuthSession.created_at) >= start, col(AuthSession.created_at) < end).group_by(col(AuthSession.user_agent)),
        ["agent", "sessions"])
    if rows.empty:
        return _empty(["kind", "name", "sessions"])
    parts = []
    for kind, name_of in (("browser", agents.browser), ("device", agents.device)):
        named = rows.assign(kind=kind, name=[name_of(a) for a in rows["agent"]])
        parts.append(named.groupby(["kind", "name"], as_index=False)["sessions"].sum()
                     .sort_values(["sessions", "name"], ascending=[False, True]))
    return pd.concat(parts, ignore_index=True)[["kind", "name", "sessions"]].astype({"sessions": "int64"})
