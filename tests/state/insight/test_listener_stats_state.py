"""The states of ``/me/stats``, ``/me/year/<year>`` and ``/wrapped/<token>``: window, time zone, text, sharing."""

from __future__ import annotations

from spoticlone import routes
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.insight.listener_stats import (
    UNKNOWN_WINDOW,
    MeStatsState as S,
    browser_zone,
    clock_bars,
    pick_window,
)
from spoticlone.state.insight.year_review import WrappedState as W, YearReviewState as Y
from spoticlone.testing.driver import call, event_kind, events_of, is_sign_in_redirect, redirect_target, run
from tests.insight_history import make_history
from tests.state.conftest import make_state


def on_stats(session, user=None, query: dict[str, str] | None = None):
    token = create_session(session, user_id=user.id) if user else None
    path = routes.ME_STATS + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    return make_state(S, routes.ME_STATS, path, query, session_token=token)


def on_year(session, user, year: str):
    token = create_session(session, user_id=user.id) if user else None
    return make_state(Y, routes.YEAR_REVIEW_ROUTE, f"/me/year/{year}", {"review_year": year}, session_token=token)


def test_the_page_asks_the_browser_for_its_time_zone_then_shows_the_month(session):
    history = make_history(session)
    state = on_stats(session, history.listener, {"month": "2026-11"})
    first = call(S.load, state)
    assert event_kind(first) == "_call_script" and not state.loaded
    run(S.got_time_zone, state, "Europe/Paris")
    assert state.loaded and state.error == "" and state.notice == ""
    assert (state.label, state.minutes, state.plays, state.new_artists) == ("November 2026", "8", "3", "1")
    assert state.zone == "Days and hours in your time zone (Europe/Paris)."
    assert [r["name"] for r in state.top_artists] == ["Nova Drive", "Mira Blue"]
    assert state.top_tracks[0] == {"rank": 1, "name": "Blue", "url": state.top_tracks[0]["url"], "detail": "Mira Blue",
                                   "plays": "1 play", "minutes": "3 min"}
    assert [h["plays"] for h in state.clock if h["plays"]] == [1, 1, 1]  # 09:15, 10:00 and 22:40 in Paris
    assert state.clock_peak == "Most plays around 09:00"
    discovery = state.discoveries[0]
    assert discovery["label"] == "November 2026" and discovery["artists"][0]["name"] == "Mira Blue"
    assert state.month_options == ["2026-12", "2026-11", "2025-12"] and state.month_labels["2025-12"] == "December 2025"
    assert [y["year"] for y in state.years] == ["2026", "2025"] and state.active == ""
    # Later loads of the same page keep the zone without asking again.
    assert call(S.load, state) is None and state.loaded


def test_an_unknown_or_hostile_time_zone_falls_back_to_utc(session):
    history = make_history(session)
    state = on_stats(session, history.listener, {"month": "2026-11"})
    call(S.load, state)
    run(S.got_time_zone, state, "<script>alert(1)</script>")
    assert state.loaded and state.zone == "Days and hours in UTC: we could not tell your time zone."
    assert browser_zone(None) == "" and browser_zone("Mars/Base") == "" and browser_zone("Asia/Tokyo") == "Asia/Tokyo"


def test_window_from_the_url():
    assert pick_window({}) == ("month", "", True)
    assert pick_window({"period": "12m"}) == ("12m", "", True)
    assert pick_window({"period": "forever"}) == ("month", "", False)
    assert pick_window({"month": "2026-02"}) == ("month", "2026-02", True)
    assert pick_window({"month": "2026-2"}) == ("month", "", False)
    bars = clock_bars([0] * 8 + [4, 2] + [0] * 14)
    assert (bars[8]["height"], bars[9]["height"], bars[0]["label"], bars[1]["label"]) == (100, 50, "00", "")


def test_a_bad_window_is_said_and_this_month_shown(session):
    history = make_history(session)
    state = on_stats(session, history.listener, {"period": "forever"})
    call(S.load, state)
    run(S.got_time_zone, state, "")
    assert state.loaded and state.notice == UNKNOWN_WINDOW and state.active == "month"


def test_month_picker_goes_to_known_months_only(session):
    history = make_history(session)
    state = on_stats(session, history.listener, {"month": "2026-11"})
    call(S.load, state)
    run(S.got_time_zone, state, "")
    assert redirect_target(call(S.pick_month, state, "2026-11")) == "/me/stats?month=2026-11"
    assert redirect_target(call(S.pick_month, state, "../admin")) == "/me/stats"


def test_signed_out_visitors_are_sent_to_sign_in(session):
    state = on_stats(session, None)
    call(S.load, state)
    assert is_sign_in_redirect(call(S.got_time_zone, state, "UTC"))


def test_year_page_share_and_unshare(session):
    history = make_history(session)
    state = on_year(session, history.listener, "2026")
    call(Y.load, state)
    run(Y.got_time_zone, state, "")
    assert state.loaded
    assert (state.year, state.minutes, state.top_genre, state.new_artists) == ("2026", "12", "Synthwave", "1")
    assert state.busiest_day == "Tuesday, November 10" and not state.shared and not state.empty
    assert state.card_url == "/api/v1/me/year/2026/card.png?v=12"
    events = events_of(Y.share, state)
    assert state.shared and "/wrapped/" in state.share_url and state.error == ""
    assert any("clipboard" in str(e.args) for e in events if hasattr(e, "handler"))
    token = state.share_url.rsplit("/", 1)[1]
    visitor = make_state(W, routes.WRAPPED_ROUTE, f"/wrapped/{token}", {"share_token": token})
    run(W.load, visitor)
    assert visitor.loaded and visitor.listener_name == "Ada Lovelace" and visitor.minutes == "12"
    assert visitor.page_title.startswith("Ada Lovelace’s 2026 in music")
    assert visitor.card_url == f"/api/v1/wrapped/{token}/card.png"
    run(Y.unshare, state)
    assert not state.shared and state.share_url == ""
    gone = make_state(W, routes.WRAPPED_ROUTE, f"/wrapped/{token}", {"share_token": token})
    run(W.load, gone)
    assert gone.not_found and not gone.loaded and gone.error == "This year in review is not shared (any more)."


def test_an_empty_year_and_a_bad_year(session):
    history = make_history(session)
    state = on_year(session, history.listener, "2024")
    call(Y.load, state)
    run(Y.got_time_zone, state, "")
    assert state.loaded and state.empty
    run(Y.share, state)
    assert not state.shared and "nothing to share for 2024" in state.error
    bad = on_year(session, history.listener, "1999")
    call(Y.load, bad)
    run(Y.got_time_zone, bad, "")
    assert not bad.loaded and "pick a year from 2000" in bad.error
    garbage = on_year(session, history.listener, "20x6")
    call(Y.load, garbage)
    run(Y.got_time_zone, garbage, "")
    assert not garbage.loaded and garbage.error.startswith("That is not a year")
