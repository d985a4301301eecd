"""The studio analytics page's state: the URL's range, figures as text, chart data, refusals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from spoticlone import routes
from spoticlone.models import ArtistFollow, ArtistListenerDaily, Rating, Role, TrackPlaysDaily
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.studio import analytics
from spoticlone.services.studio.ownership import NOT_AN_ARTIST
from spoticlone.state.studio.analytics import (
    MAX_DAILY_POINTS,
    UNKNOWN_RANGE,
    StudioAnalyticsState as S,
    listening_text,
    period_text,
    pick_range,
)
from spoticlone.testing.driver import call, is_sign_in_redirect, spec_args
from tests import factories
from tests.pinned_day import NOON, TODAY, answer_for_today
from tests.state.conftest import make_state


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The page asks the service for "today"; its ``today`` seam answers the fixed day instead."""
    answer_for_today(monkeypatch, analytics, "artist_analytics")


def plays(session, track, day: date, source: str, n: int, ms: int) -> None:
    session.add(TrackPlaysDaily(day=day, track_id=track.id, source=source, plays=n, ms_played=ms))
    session.commit()


def heard(session, artist, day: date, *listeners: str) -> None:
    for who in listeners:
        session.add(ArtistListenerDaily(artist_id=artist.id, day=day, listener=who))
    session.commit()


@pytest.fixture
def world(session):
    owner = factories.make_user(session, role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Nova Drive", user_id=owner.id)
    hit = factories.make_track(session, artist_id=artist.id, title="Big Hit")
    deep = factories.make_track(session, artist_id=artist.id, title="Deep Cut")
    stranger = factories.make_track(session, title="Not Yours")
    plays(session, hit, TODAY, "playlist", 5, 5 * 180_000)
    plays(session, hit, TODAY - timedelta(days=2), "album", 2, 2 * 180_000)
    plays(session, deep, TODAY - timedelta(days=1), "search", 1, 45_000)
    plays(session, hit, TODAY - timedelta(days=20), "radio", 4, 4 * 60_000)  # in 28 days, not in 7
    plays(session, stranger, TODAY, "album", 50, 50 * 180_000)
    heard(session, artist, TODAY, "u:1", "u:2")
    heard(session, artist, TODAY - timedelta(days=1), "u:2")
    fan = factories.make_user(session)
    session.add(ArtistFollow(user_id=fan.id, artist_id=artist.id, created_at=NOON - timedelta(hours=1)))
    session.add(Rating(user_id=fan.id, track_id=hit.id, stars=4, created_at=NOON, updated_at=NOON))
    session.commit()
    return {"owner": owner, "artist": artist, "hit": hit, "deep": deep, "fan": fan}


def on_page(session, user=None, query: dict[str, str] | None = None):
    token = create_session(session, user_id=user.id) if user else None
    path = routes.STUDIO_ANALYTICS + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    return make_state(S, routes.STUDIO_ANALYTICS, path, query, session_token=token)


def loaded(session, user, query=None):
    state = on_page(session, user, query)
    assert call(S.load, state) is None
    return state


def test_the_artist_sees_their_own_figures_for_the_urls_range(session, world):
    state = loaded(session, world["owner"], {"range": "7d"})
    assert state.loaded and not state.not_artist and state.error == "" and state.notice == ""
    assert state.range_key == "7d" and state.artist_name == "Nova Drive" and not state.empty
    # 5 + 2 + 1 plays of their own songs this week (the stranger's 50 and the radio plays 20 days ago stay out).
    assert state.values["plays"] == "8" and state.values["listeners"] == "2"
    assert state.values["listening"] == "21 min"  # 7 × 3 min + 45 s
    assert state.values["followers"] == "1" and state.details["followers"] == "+1 new in this range"
    assert state.values["rating"] == "4.0 ★" and state.details["rating"] == "from 1 rating"
    assert [(r["title"], r["plays"], r["share"]) for r in state.top_tracks] == [("Big Hit", "7", 88),
                                                                               ("Deep Cut", "1", 12)]
    assert [(s["label"], s["plays"]) for s in state.sources] == [("Playlist", "5"), ("Album", "2"), ("Search", "1")]


def test_the_charts_carry_one_point_per_day_and_the_sources(session, world):
    state = loaded(session, world["owner"], {"range": "7d"})
    bars = state.plays_chart["data"][0]
    assert bars["type"] == "bar" and len(bars["x"]) == 7 and bars["x"][-1] == TODAY.isoformat()
    assert bars["y"][-3:] == [2, 1, 5] and sum(bars["y"]) == 8 and not state.monthly
    line = state.followers_chart["data"][0]
    assert line["x"] == bars["x"] and line["y"][-1] == 1
    donut = state.sources_chart["data"][0]
    assert donut["type"] == "pie" and donut["labels"] == ["Playlist", "Album", "Search"]
    assert donut["values"] == [5, 2, 1]


def test_switching_range_replaces_every_figure(session, world):
    state = loaded(session, world["owner"], {"range": "7d"})
    state.router = on_page(session, world["owner"], {"range": "28d"}).router
    call(S.load, state)
    assert state.range_key == "28d" and state.values["plays"] == "12"
    assert len(state.plays_chart["data"][0]["x"]) == 28
    assert [s["label"] for s in state.sources] == ["Playlist", "Radio", "Album", "Search"]
    assert state.download_url == "/api/v1/studio/analytics.csv?range=28d"
    assert state.links["365d"] == "/studio/analytics?range=365d"


def test_a_long_all_time_range_is_charted_per_month(session, world):
    plays(session, world["deep"], TODAY - timedelta(days=MAX_DAILY_POINTS + 200), "album", 3, 3 * 60_000)
    state = loaded(session, world["owner"], {"range": "all"})
    assert state.monthly and state.values["plays"] == "15"
    x = state.plays_chart["data"][0]["x"]
    assert all(d.endswith("-01") for d in x) and len(x) < 30 and sum(state.plays_chart["data"][0]["y"]) == 15


def test_no_range_means_28_days_and_an_unknown_one_says_so(session, world):
    state = loaded(session, world["owner"])
    assert state.range_key == "28d" and state.notice == ""
    state = loaded(session, world["owner"], {"range": "5y"})
    assert state.range_key == "28d" and state.notice == UNKNOWN_RANGE and state.loaded


def test_an_empty_catalog_shows_zeros_and_no_error(session):
    owner = factories.make_user(session, role=Role.ARTIST)
    factories.make_artist(session, user_id=owner.id)
    state = loaded(session, owner, {"range": "365d"})
    assert state.loaded and state.empty and not state.has_plays and state.error == ""
    assert {k: v for k, v in state.values.items() if k not in ("listening", "rating")} == dict.fromkeys(
        ("plays", "listeners", "followers", "likes", "saves", "playlist_adds"), "0")
    assert state.values["listening"] == "0 min" and state.values["rating"] == "–"
    assert state.top_tracks == [] and state.sources == [] and state.sources_chart["data"][0]["values"] == []
    assert len(state.plays_chart["data"][0]["y"]) == 365 and state.plays_chart["layout"]["yaxis"]["range"] == [0, 1]


def test_a_listener_is_told_how_to_become_an_artist(session, world):
    state = loaded(session, world["fan"], {"range": "7d"})
    assert state.not_artist and state.refusal == NOT_AN_ARTIST and not state.loaded
    assert state.values == {} and state.top_tracks == []


def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(session, world):
    state = on_page(session, None, {"range": "7d"})
    event = call(S.load, state)
    assert is_sign_in_redirect(event) and str(spec_args(event)["path"]).endswith("next=/studio/analytics%3Frange%3D7d")
    assert not state.loaded and state.values == {}


def test_texts():
    assert (listening_text(0), listening_text(59_000), listening_text(61_000)) == ("0 min", "under 1 min", "1 min")
    assert listening_text((25 * 60 + 5) * 60_000) == "25 h 05 min"
    assert period_text(date(2026, 11, 6), date(2026, 12, 3)) == "Nov 6 – Dec 3, 2026"
    assert period_text(date(2025, 12, 30), date(2026, 1, 2)) == "Dec 30, 2025 – Jan 2, 2026"
    assert period_text(date(2026, 1, 2), date(2026, 1, 2)) == "Jan 2, 2026"
    assert pick_range(" 365D ") == ("365d", True) and pick_range(None) == ("28d", True)
    assert pick_range("7d'><script>") == ("28d", False)


def test_a_one_day_series_keeps_a_readable_date_axis(session):
    owner = factories.make_user(session, role=Role.ARTIST)
    artist = factories.make_artist(session, user_id=owner.id)
    plays(session, factories.make_track(session, artist_id=artist.id), TODAY, "album", 3, 3 * 60_000)
    state = loaded(session, owner, {"range": "all"})
    axis = state.plays_chart["layout"]["xaxis"]
    assert state.plays_chart["data"][0]["x"] == [TODAY.isoformat()] and axis["dtick"] == 86_400_000
    assert axis["range"] == [(TODAY - timedelta(days=1)).isoformat(), (TODAY + timedelta(days=1)).isoformat()]
    assert state.plays_chart["data"][0]["width"] > 0
    assert state.followers_chart["layout"]["xaxis"]["range"] == axis["range"]
