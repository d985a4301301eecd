"""Plays, recently played and lyrics over HTTP: thin routes over the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from spoticlone.models import PlayEvent, utcnow
from tests import factories

ANON = "browser-token-aaaaaaaaaa"
OTHER = "browser-token-bbbbbbbbbb"


def _start(api, track_id: int, anon: str = ANON, **extra) -> int:
    response = api.post(
        "/api/v1/plays",
        json={"track_id": track_id, "source": "album", "source_id": "1", "anonymous_session": anon,
              **extra},
    )
    assert response.status_code == 201, response.text
    return response.json()["play_id"]


def _backdate(engine, play_id: int) -> None:
    with Session(engine) as session:
        event = session.get(PlayEvent, play_id)
        event.started_at = utcnow() - timedelta(minutes=10)
        session.add(event)
        session.commit()


def _report(api, play_id: int, ms: int, anon: str = ANON, **extra):
    return api.patch(
        f"/api/v1/plays/{play_id}", json={"ms_played": ms, "anonymous_session": anon, **extra}
    )


def test_play_counts_once(api, engine, catalog):
    track = catalog.tracks[0]
    play_id = _start(api, track.id)
    _backdate(engine, play_id)
    first = _report(api, play_id, 10_000)
    assert first.status_code == 200
    assert first.json() == {"counted": False, "play_count": track.play_count, "ms_played": 10_000}
    second = _report(api, play_id, 31_000)
    assert second.json()["counted"] is True
    assert second.json()["play_count"] == track.play_count + 1
    third = _report(api, play_id, 60_000, completed=True)
    assert third.json()["play_count"] == track.play_count + 1
    detail = api.get(f"/api/v1/tracks/{track.id}").json()
    assert detail["play_count"] == track.play_count + 1


def test_another_browser_cannot_report_on_my_play(api, engine, catalog):
    play_id = _start(api, catalog.tracks[0].id)
    _backdate(engine, play_id)
    response = _report(api, play_id, 60_000, anon=OTHER)
    assert response.status_code == 404
    assert response.json() == {"detail": "That play does not exist.", "code": "not_found"}
    assert _report(api, 999_999, 60_000).status_code == 404


def test_drafts_and_unknown_tracks_cannot_be_played(api, catalog):
    for track_id in (catalog.draft.id, 999_999):
        response = api.post(
            "/api/v1/plays", json={"track_id": track_id, "anonymous_session": ANON}
        )
        assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"track_id": 1},
        {"track_id": 1, "anonymous_session": "short"},
        {"track_id": 1, "anonymous_session": "has space in it 123456"},
        {"track_id": 1, "anonymous_session": "x" * 65},
        {"track_id": 1, "anonymous_session": ANON, "source": "telepathy"},
        {"track_id": 1, "anonymous_session": ANON, "user_id": 1},
        {"track_id": 0, "anonymous_session": ANON},
        {"track_id": 1, "anonymous_session": ANON, "source_id": "x" * 65},
    ],
)
def test_bad_start_bodies_are_422(api, catalog, body):
    assert api.post("/api/v1/plays", json=body).status_code == 422


@pytest.mark.parametrize("ms", [-1, "lots", 2**40, None])
def test_bad_progress_is_422(api, catalog, ms):
    play_id = _start(api, catalog.tracks[0].id)
    assert _report(api, play_id, ms).status_code == 422


def test_recently_played(api, catalog):
    first, second = catalog.tracks[0], catalog.tracks[1]
    for track in (first, second, first):
        _start(api, track.id)
    _start(api, catalog.tracks[2].id, anon=OTHER)
    response = api.get("/api/v1/me/recently-played", params={"anonymous_session": ANON})
    assert response.status_code == 200
    assert [t["id"] for t in response.json()] == [first.id, second.id]
    limited = api.get("/api/v1/me/recently-played", params={"anonymous_session": ANON, "limit": 1})
    assert [t["id"] for t in limited.json()] == [first.id]
    assert api.get("/api/v1/me/recently-played").status_code == 422
    assert api.get(
        "/api/v1/me/recently-played", params={"anonymous_session": ANON, "limit": 500}
    ).status_code == 422


def test_synced_lyrics(api, session):
    track = factories.make_track(
        session, synced_lyrics="[ti:Song]\n[00:02.00]two\n[00:01.00]one\n", lyrics="one\ntwo"
    )
    response = api.get(f"/api/v1/tracks/{track.id}/lyrics")
    assert response.status_code == 200
    body = response.json()
    assert body["synced"] is True and body["has_lyrics"] is True and body["plain"] == "one\ntwo"
    assert [(line["time_ms"], line["text"]) for line in body["lines"]] == [(1000, "one"), (2000, "two")]


def test_plain_and_missing_lyrics(api, session, catalog):
    plain = factories.make_track(session, lyrics="Just words\n<b>not html</b>")
    body = api.get(f"/api/v1/tracks/{plain.id}/lyrics").json()
    assert body["synced"] is False and body["plain"] == "Just words\n<b>not html</b>"
    assert [line["time_ms"] for line in body["lines"]] == [-1, -1]
    silent = api.get(f"/api/v1/tracks/{catalog.tracks[0].id}/lyrics").json()
    assert silent["has_lyrics"] is False and silent["lines"] == []
    assert api.get(f"/api/v1/tracks/{catalog.draft.id}/lyrics").status_code == 404
    assert api.get("/api/v1/tracks/999999/lyrics").status_code == 404


def test_new_endpoints_are_in_the_openapi_spec(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    assert {"post"} <= set(paths["/api/v1/plays"])
    assert {"patch"} <= set(paths["/api/v1/plays/{play_id}"])
    assert "/api/v1/tracks/{track_id}/lyrics" in paths
    assert "/api/v1/me/recently-played" in paths


# Signed-in listeners and the start-play throttle.


def _bearer_for(session, user) -> dict[str, str]:
    from spoticlone.services.auth.api_sessions import start_api_session

    return {"Authorization": f"Bearer {start_api_session(session, user_id=user.id).access_token}"}


def test_a_signed_in_listeners_play_is_theirs(api, engine, session, catalog):
    user = factories.make_user(session)
    headers = _bearer_for(session, user)
    track = catalog.tracks[0]
    response = api.post("/api/v1/plays", json={"track_id": track.id, "anonymous_session": ANON}, headers=headers)
    assert response.status_code == 201
    play_id = response.json()["play_id"]
    with Session(engine) as fresh:
        event = fresh.get(PlayEvent, play_id)
        assert event.user_id == user.id and event.anonymous_session is None
    _backdate(engine, play_id)
    assert _report(api, play_id, 60_000).status_code == 404  # the anonymous id is not the owner
    mine = api.patch(f"/api/v1/plays/{play_id}", json={"ms_played": 60_000}, headers=headers)
    assert mine.status_code == 200 and mine.json()["counted"] is True
    recent = api.get("/api/v1/me/recently-played", headers=headers)
    assert [t["id"] for t in recent.json()] == [track.id]
    assert api.get("/api/v1/me/recently-played", params={"anonymous_session": ANON}).json() == []


def test_starting_plays_is_throttled_per_listener_and_per_address(api, catalog, monkeypatch):
    from spoticlone.services.listening import plays

    monkeypatch.setattr(plays, "PLAY_OWNER_LIMITS", ((3, timedelta(hours=1)),))
    monkeypatch.setattr(plays, "PLAY_ADDRESS_LIMITS", ((5, timedelta(hours=1)),))
    track_id = catalog.tracks[0].id
    body = {"track_id": track_id, "anonymous_session": ANON}
    statuses = [api.post("/api/v1/plays", json=body).status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    refused = api.post("/api/v1/plays", json=body)
    assert int(refused.headers["Retry-After"]) > 0 and "Try again in" in refused.json()["detail"]
    # Another listener from the same address gets the rest of the address's allowance.
    other = {"track_id": track_id, "anonymous_session": OTHER}
    assert [api.post("/api/v1/plays", json=other).status_code for _ in range(3)] == [201, 201, 429]


def test_signed_in_plays_do_not_use_up_their_shared_address(api, catalog, session, monkeypatch):
    """A school behind one NAT: each account has its own allowance, the address none to spend."""
    from spoticlone.services.listening import plays

    monkeypatch.setattr(plays, "PLAY_OWNER_LIMITS", ((3, timedelta(hours=1)),))
    monkeypatch.setattr(plays, "PLAY_ADDRESS_LIMITS", ((4, timedelta(hours=1)),))
    body = {"track_id": catalog.tracks[0].id}
    for n in range(3):
        headers = _bearer_for(session, factories.make_user(session, username=f"pupil{n}"))
        assert [api.post("/api/v1/plays", json=body, headers=headers).status_code
                for _ in range(4)] == [201, 201, 201, 429]  # 9 plays from the address in all
    # Visitors without an account, each with a session id of their own, share the address's 4.
    visitors = [{**body, "anonymous_session": f"visitor-token-{n:010d}"} for n in range(5)]
    assert [api.post("/api/v1/plays", json=v).status_code for v in visitors] == [201] * 4 + [429]
