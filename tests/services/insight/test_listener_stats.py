"""``/me/stats`` figures on a hand-made history: exact minutes, tops, clock, discoveries, own data only."""

from __future__ import annotations

import pytest

from spoticlone.services.core.errors import Invalid, PermissionDenied
from spoticlone.services.insight.listener_stats import own_stats
from tests.insight_history import NOW, make_history


@pytest.fixture
def history(session):
    return make_history(session)


def names(items) -> list[str]:
    return [i.name for i in items]


def test_this_month_counts_heard_time_and_counted_plays(session, history):
    stats = own_stats(session, actor=history.listener, period="month", now=NOW)
    assert (stats.label, stats.time_zone, stats.time_zone_known) == ("December 2026", "UTC", False)
    # Dec 1 (180 s), Dec 2 (a 10 s skip: heard, not a play), Dec 3 (60 s); the withdrawn song stays out.
    assert (stats.ms_played, stats.minutes, stats.plays) == (250_000, 4, 2)
    assert names(stats.top_artists) == ["Nova Drive"] and stats.top_artists[0].plays == 2
    assert names(stats.top_tracks) == ["Night Run", "Neon"]  # one play each: more time heard first
    assert stats.top_tracks[0].detail == "Nova Drive" and stats.top_tracks[0].url.startswith("/track/")
    assert [(g.name, g.plays) for g in stats.top_genres] == [("Synthwave", 2)]
    assert stats.clock[8] == 1 and stats.clock[22] == 1 and sum(stats.clock) == 2
    assert stats.discoveries == [] and stats.new_artists == 0 and not stats.empty


def test_the_last_twelve_months_by_month(session, history):
    stats = own_stats(session, actor=history.listener, period="12m", now=NOW)
    assert stats.label == "The last 12 months" and len(stats.months) == 12
    assert (stats.months[0].month, stats.months[-1].month) == ("2026-01", "2026-12")
    assert (stats.minutes, stats.plays) == (12, 5)  # 750 s heard; 2025's play is out of the window
    assert [(a.name, a.plays) for a in stats.top_artists] == [("Nova Drive", 4), ("Mira Blue", 1)]
    assert [(t.name, t.plays) for t in stats.top_tracks] == [("Night Run", 2), ("Neon", 2), ("Blue", 1)]
    november = stats.months[10]
    assert (november.label, november.minutes, november.plays) == ("November 2026", 8, 3)
    assert (november.top_artist, november.top_track, november.top_genre) == ("Nova Drive", "Blue", "Synthwave")
    assert november.new_artists == 1 and stats.months[0].plays == 0 and stats.months[0].top_artist is None
    assert [c for c in stats.clock] == [0] * 8 + [2, 1] + [0] * 11 + [1, 1, 0]
    assert [(d.month, [a.name for a in d.artists]) for d in stats.discoveries] == [("2026-11", ["Mira Blue"])]
    assert stats.discoveries[0].artists[0].track_title == "Blue"
    assert str(stats.discoveries[0].artists[0].first_played) == "2026-11-20"


def test_all_time_and_the_month_picker(session, history):
    stats = own_stats(session, actor=history.listener, period="all", now=NOW)
    assert stats.label == "All time" and len(stats.months) == 14 and str(stats.first_day) == "2025-11-01"
    assert (stats.minutes, stats.plays, stats.new_artists) == (15, 6, 2)
    assert [d.month for d in stats.discoveries] == ["2026-11", "2025-11"]
    assert stats.months_with_plays == ["2026-12", "2026-11", "2025-11"] and stats.years_with_plays == [2026, 2025]
    picked = own_stats(session, actor=history.listener, month="2026-11", now=NOW)
    assert (picked.month, picked.label, picked.minutes, picked.plays) == ("2026-11", "November 2026", 8, 3)
    empty = own_stats(session, actor=history.listener, month="2024-02", now=NOW)
    assert empty.empty and empty.minutes == 0 and empty.top_artists == [] and sum(empty.clock) == 0


def test_the_listeners_time_zone_moves_hours_and_months(session, history):
    stats = own_stats(session, actor=history.listener, period="all", tz="Europe/Paris", now=NOW)
    assert (stats.time_zone, stats.time_zone_known) == ("Europe/Paris", True)
    assert stats.months_with_plays == ["2026-12", "2026-11", "2025-12"]  # 23:30 UTC was past midnight there
    assert stats.clock[23] == 1 and stats.clock[22] == 1 and stats.clock[9] == 2  # 22:10 UTC → 23:10, 08:xx → 09:xx


def test_another_listeners_plays_never_count(session, history):
    other = own_stats(session, actor=history.other, period="month", now=NOW)
    assert (other.plays, names(other.top_artists)) == (5, ["Mira Blue"])
    mine = own_stats(session, actor=history.listener, period="month", now=NOW)
    assert "Mira Blue" not in names(mine.top_artists) and mine.plays == 2


def test_refusals(session, history):
    with pytest.raises(PermissionDenied):
        own_stats(session, actor=None)
    for bad in ({"period": "week"}, {"month": "2026-13"}, {"month": "26-1"}, {"month": "1999-12"},
                {"tz": "Mars/Olympus"}, {"tz": "../../etc/passwd"}, {"tz": "x" * 300}):
        with pytest.raises(Invalid) as refused:
            own_stats(session, actor=history.listener, now=NOW, **bad)
        assert refused.value.args[0].endswith(".")
