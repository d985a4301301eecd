"""The admin analytics page's state: the URL's period, charts and heatmap cells, refusals."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from spoticlone import routes
from spoticlone.models import PlayEvent, PlaySource, Role
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.insight import catchup, periods
from spoticlone.state.insight.dashboard import AdminAnalyticsState as S
from spoticlone.testing.driver import call, is_sign_in_redirect, redirect_target
from tests import factories
from tests.pinned_day import TODAY, answer_for_today
from tests.state.conftest import make_state


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The page resolves its period against "today"; the period's ``today`` seam answers the fixed day."""
    answer_for_today(monkeypatch, periods, "parse")


@pytest.fixture
def world(session):
    admin = factories.make_user(session, role=Role.ADMIN)
    listener = factories.make_user(session)
    track = factories.make_track(session, title="Exodus")
    noon = datetime.combine(TODAY, time(12), UTC)
    for n in range(6):
        session.add(PlayEvent(user_id=listener.id, track_id=int(track.id or 0), started_at=noon, ms_played=90_000,
                              counted=n < 4, source=PlaySource.ALBUM))
    session.commit()
    catchup.catch_up(session)
    return {"admin": admin, "listener": listener}


def loaded(session, user, query: dict[str, str] | None = None):
    token = create_session(session, user_id=user.id) if user else None
    path = routes.ADMIN_ANALYTICS + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    state = make_state(S, routes.ADMIN_ANALYTICS, path, query, session_token=token)
    return state, call(S.load, state)


def test_an_admin_sees_the_periods_figures(session, world):
    state, outcome = loaded(session, world["admin"], {"range": "7d"})
    assert outcome is None and state.loaded and state.refusal == "" and state.notice == ""
    assert state.range_key == "7d" and not state.empty
    assert (state.values["plays"], state.values["skips"], state.values["listeners"]) == ("4", "2", "0.1")
    plays = state.figures["plays"]["data"][0]
    assert plays["type"] == "bar" and len(plays["x"]) == 7 and plays["y"][-1] == 4
    assert state.tops["top_tracks"][0]["name"] == "Exodus" and state.tops["top_tracks"][0]["plays"] == "4"
    assert state.skips[0]["rate"] == "33.3%"
    cells = [c for c in state.clock if c["kind"] == "cell"]
    assert len(cells) == 7 * 24 and sum(c["bg"] != "#242424" for c in cells) == 1
    assert state.csv_links["top_tracks"] == "/api/v1/admin/analytics/top_tracks.csv?range=7d"
    assert not state.empty_sections["plays"] and state.empty_sections["search_misses"]


def test_a_range_from_the_url_is_kept(session, world):
    first = (TODAY - timedelta(days=3)).isoformat()
    state, _ = loaded(session, world["admin"], {"from": first, "to": TODAY.isoformat()})
    assert state.range_key == "custom" and (state.from_day, state.to_day) == (first, TODAY.isoformat())
    assert state.csv_links["plays"].endswith(f"?from={first}&to={TODAY.isoformat()}")
    assert len(state.figures["plays"]["data"][0]["x"]) == 4


def test_a_bad_period_says_so_and_shows_28_days(session, world):
    state, _ = loaded(session, world["admin"], {"range": "3y"})
    assert state.loaded and state.range_key == "28d" and "Showing the last 28 days." in state.notice


def test_an_empty_period_says_so(session, world):
    state, _ = loaded(session, world["admin"], {"from": "2021-01-01", "to": "2021-01-07"})
    assert state.loaded and state.empty and all(state.empty_sections.values())


def test_listeners_get_no_data(session, world):
    state, _ = loaded(session, world["listener"], {"range": "7d"})
    assert not state.loaded and state.refusal.endswith(".") and state.figures == {} and state.tops == {}


def test_strangers_are_sent_to_sign_in(session, world):
    state, outcome = loaded(session, None)
    assert is_sign_in_redirect(outcome) and not state.loaded


def test_the_range_form_goes_to_the_ranges_address(session, world):
    state, _ = loaded(session, world["admin"])
    target = redirect_target(call(S.pick_range, state, {"from": "2026-01-01", "to": "2026-01-31"}))
    assert target == routes.ADMIN_ANALYTICS + "?from=2026-01-01&to=2026-01-31"


def test_the_page_builds_with_every_section():
    from spoticlone.pages.admin_analytics import admin_analytics_page
    from spoticlone.services.insight.dashboard import TITLES
    from spoticlone.testing.render import render_page

    text = render_page(admin_analytics_page)
    assert all(f"section-{key}" in text and f"csv-{key}" in text for key in TITLES)
    assert "heat-clock" in text and "heat-cohorts" in text
