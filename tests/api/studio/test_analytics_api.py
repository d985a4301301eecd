"""GET /api/v1/studio/analytics and /analytics.csv: wiring, the download, and who gets what."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time

import pytest

from spoticlone.models import PlayEvent, Role
from spoticlone.services.listening import plays
from spoticlone.services.studio import analytics
from tests import factories
from tests.api.auth_helpers import bearer
from tests.pinned_day import TODAY, answer_for_today

URL = "/api/v1/studio/analytics"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The routes ask the service for "today"; its ``today`` seam answers the fixed day instead."""
    answer_for_today(monkeypatch, analytics, "artist_analytics")


def _artist_with_a_play(session):
    user = factories.make_user(session, role=Role.ARTIST)
    artist = factories.make_artist(session, user_id=user.id)
    song = factories.make_track(session, artist_id=artist.id, title="Heard Once")
    listener = factories.make_user(session)
    play_id = plays.start_play(session, track_id=song.id, source="search", user_id=listener.id)
    event = session.get(PlayEvent, play_id)
    event.started_at = datetime.combine(TODAY, time(12), UTC)
    session.add(event)
    session.commit()
    assert plays.report_progress(session, play_id=play_id, ms_played=45_000, user_id=listener.id).counted
    return user, artist


def test_the_artist_reads_their_analytics(api, session):
    user, artist = _artist_with_a_play(session)
    response = api.get(URL, params={"range": "7d"}, headers=bearer(factories.make_api_token(session, user)))
    assert response.status_code == 200
    body = response.json()
    assert (body["artist_id"], body["range"], len(body["days"])) == (artist.id, "7d", 7)
    assert body["totals"]["plays"] == 1 and body["totals"]["listeners"] == 1
    assert body["totals"]["listening_ms"] == 45_000
    assert (body["days"][-1]["day"], body["days"][-1]["plays"]) == (TODAY.isoformat(), 1)
    assert body["sources"][0] == {"source": "search", "label": "Search", "plays": 1, "daily": [0] * 6 + [1]}
    assert body["top_tracks"][0]["title"] == "Heard Once"
    assert len(api.get(URL, headers=bearer(factories.make_api_token(session, user))).json()["days"]) == 28


def test_the_csv_download(api, session):
    user, artist = _artist_with_a_play(session)
    response = api.get(f"{URL}.csv", params={"range": "7d"}, headers=bearer(factories.make_api_token(session, user)))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == f'attachment; filename="analytics-{artist.slug}-7d-{TODAY}.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 7 and (rows[-1]["date"], rows[-1]["plays"], rows[-1]["plays_from_search"]) == (
        TODAY.isoformat(), "1", "1")


def test_who_gets_what(api, session):
    owner, artist = _artist_with_a_play(session)
    assert api.get(URL).status_code == 401
    assert api.get(f"{URL}.csv").status_code == 401
    listener = bearer(factories.make_api_token(session, factories.make_user(session)))
    assert api.get(URL, headers=listener).status_code == 403
    other = factories.make_user(session, role=Role.ARTIST)
    factories.make_artist(session, user_id=other.id)
    other_auth = bearer(factories.make_api_token(session, other))
    assert api.get(URL, params={"artist_id": artist.id}, headers=other_auth).status_code == 404
    assert api.get(f"{URL}.csv", params={"artist_id": artist.id}, headers=other_auth).status_code == 404
    assert api.get(URL, headers=other_auth).json()["totals"]["plays"] == 0
    admin = bearer(factories.make_api_token(session, factories.make_user(session, role=Role.ADMIN)))
    assert api.get(URL, params={"artist_id": artist.id}, headers=admin).json()["totals"]["plays"] == 1
    owner_auth = bearer(factories.make_api_token(session, owner))
    for bad in ({"range": "3w"}, {"artist_id": "2" * 30}, {"artist_id": "1.0"}):
        response = api.get(URL, params=bad, headers=owner_auth)
        assert response.status_code == 422 and "detail" in response.json()
