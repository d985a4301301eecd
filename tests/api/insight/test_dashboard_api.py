"""/api/v1/admin/analytics: the whole dashboard, one section, its CSV; administrators only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from spoticlone.models import PlayEvent, PlaySource, Role
from spoticlone.models.common import utcnow
from spoticlone.services.insight import catchup
from tests import factories
from tests.api.auth_helpers import bearer


@pytest.fixture
def admin(session):
    return bearer(factories.make_api_token(session, factories.make_user(session, role=Role.ADMIN)))


@pytest.fixture
def listener(session):
    return bearer(factories.make_api_token(session, factories.make_user(session)))


@pytest.fixture
def played(session):
    """Three counted plays of one track and one skipped start today, rolled."""
    user = factories.make_user(session)
    track = factories.make_track(session, title="Kaya")
    now = utcnow().replace(hour=12, minute=0)  # mid-day: the four plays share today
    for n in range(4):
        session.add(PlayEvent(user_id=user.id, track_id=int(track.id or 0), started_at=now - timedelta(minutes=n),
                              ms_played=60_000 if n < 3 else 2_000, counted=n < 3, source=PlaySource.ALBUM))
    session.commit()
    catchup.catch_up(session)
    return track


def test_the_whole_dashboard(api, admin, played):
    body = api.get("/api/v1/admin/analytics", params={"range": "7d"}, headers=admin).json()
    assert body["period"]["key"] == "7d" and not body["empty"]
    assert (body["headline"]["plays"], body["headline"]["starts"]) == (3, 4)
    keys = [s["key"] for s in body["sections"]]
    assert keys[:4] == ["active", "signups", "funnel", "plays"] and "clock" in keys and len(keys) == 15
    top = next(s for s in body["sections"] if s["key"] == "top_tracks")
    assert top["columns"] == ["rank", "track", "artist", "plays", "listening_hours"]
    assert top["rows"][0][:2] == [1, "Kaya"] and top["rows"][0][3] == 3


def test_one_section_and_its_csv(api, admin, played):
    today = datetime.now(UTC).date()
    params = {"from": (today - timedelta(days=2)).isoformat(), "to": today.isoformat()}
    section = api.get("/api/v1/admin/analytics/plays", params=params, headers=admin).json()
    assert section["columns"] == ["day", "starts", "plays", "listening_hours"] and len(section["rows"]) == 3
    assert section["rows"][-1] == [today.isoformat(), 4, 3, 0.05]
    csv = api.get("/api/v1/admin/analytics/top_tracks.csv", params=params, headers=admin)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"]
    header, first = csv.text.splitlines()[:2]
    assert header == "rank,track,artist,plays,listening_hours"
    assert first.startswith("1,Kaya,") and first.endswith(",3,0.05")


def test_an_empty_period_says_so(api, admin, played):
    body = api.get("/api/v1/admin/analytics", params={"from": "2020-01-01", "to": "2020-01-31"}, headers=admin).json()
    assert body["empty"] and all(s["empty"] for s in body["sections"])


def test_listeners_and_strangers_are_refused(api, listener):
    assert api.get("/api/v1/admin/analytics").status_code == 401
    refused = api.get("/api/v1/admin/analytics", headers=listener)
    assert refused.status_code == 403 and refused.json()["detail"].endswith(".")
    assert api.get("/api/v1/admin/analytics/plays.csv", headers=listener).status_code == 403


@pytest.mark.parametrize("params", [{"range": "2d"}, {"from": "yesterday"}, {"from": "2026-03-10", "to": "2026-03-01"}])
def test_bad_periods_are_422_sentences(api, admin, params):
    answer = api.get("/api/v1/admin/analytics", params=params, headers=admin)
    assert answer.status_code == 422 and answer.json()["detail"]


def test_unknown_sections_are_refused(api, admin):
    assert api.get("/api/v1/admin/analytics/passwords", headers=admin).status_code == 422


def test_it_is_in_the_openapi_document(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    ours = {"/api/v1/admin/analytics", "/api/v1/admin/analytics/{key}", "/api/v1/admin/analytics/{key}.csv"}
    assert ours <= set(paths)
