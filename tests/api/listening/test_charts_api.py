"""REST: charts and an artist's rank."""

from __future__ import annotations

from datetime import UTC, datetime

from spoticlone.models import PlayEvent, Rating, TrackLike
from spoticlone.services.listening import charts
from tests.factories import make_user


def test_charts_endpoint(api, session, catalog):
    for track, n in zip(catalog.tracks, (1, 3, 2), strict=False):
        for _ in range(n):
            session.add(PlayEvent(track_id=track.id, anonymous_session="a" * 20, counted=True,
                                  started_at=datetime.now(UTC)))
    session.commit()
    charts.rebuild_daily(session)
    body = api.get("/api/v1/charts?kind=tracks&period=week").json()
    assert [(e["rank"], e["track"]["id"], e["score"]) for e in body["entries"]] == [
        (1, catalog.tracks[1].id, 3.0), (2, catalog.tracks[2].id, 2.0), (3, catalog.tracks[0].id, 1.0)]
    assert api.get("/api/v1/charts?kind=artists&genre=synthwave").json()["entries"][0]["artist"]["slug"] == "nova-drive"
    assert api.get("/api/v1/charts?kind=albums&genre=ambient").json()["entries"] == []
    assert api.get("/api/v1/charts?kind=genres").status_code == 422
    assert api.get("/api/v1/charts?genre=polka").status_code == 404
    assert api.get("/api/v1/charts/artists/nova-drive/rank?period=all").json() == {
        "rank": 1, "score": 6.0, "period": "all", "total_ranked": 1}
    assert api.get("/api/v1/charts/artists/nobody/rank").status_code == 404


def test_chart_entries_carry_the_numbers_behind_the_score(api, session, catalog):
    """Likes and ratings alone can chart a song: the API says so, term by term, and documents it."""
    fan = make_user(session)
    song = catalog.tracks[0]
    session.add_all([TrackLike(user_id=fan.id, track_id=song.id), Rating(user_id=fan.id, track_id=song.id, stars=5)])
    session.commit()
    (entry,) = api.get("/api/v1/charts?kind=tracks&period=week").json()["entries"]
    assert {k: entry[k] for k in ("plays", "likes", "rating_points", "score")} == {
        "plays": 0, "likes": 1, "rating_points": 4.0, "score": 7.0}
    assert entry["score"] == entry["plays"] + 3 * entry["likes"] + entry["rating_points"]
    schema = api.get("/api/openapi.json").json()["components"]["schemas"]["ChartEntry"]["properties"]
    assert "3 × likes" in schema["score"]["description"] and schema["plays"]["description"]
