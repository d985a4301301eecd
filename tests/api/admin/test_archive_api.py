"""Archive mode over HTTP: every write route is refused with the message; reads and streams work.

The walk goes over ``app.routes`` itself, so a route added later is covered without
anyone remembering to list it here.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.routing import APIRoute
from sqlmodel import select

from spoticlone import routes
from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.api.write_guard import ARCHIVE_OPEN, ARCHIVE_OPEN_PATHS
from spoticlone.models import Role, TrackLike
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.lifecycle import archive
from tests import factories

MESSAGE = "Spoticlone closes on 31 January. Download your data from Settings."
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _sign_in(api, session, settings, user):
    api.cookies.set(SESSION_COOKIE, create_session(session, user_id=user.id))
    api.headers["Origin"] = settings.public_origin
    return user


def _walk(routes):
    """Every ``(path, methods)`` of the app, through the routers FastAPI keeps nested."""
    for route in routes:
        if hasattr(route, "effective_candidates"):  # an included router (FastAPI >= 0.12x)
            yield from _walk(route.effective_candidates())
            continue
        original = getattr(route, "original_route", route)
        path = getattr(route, "path", "") or getattr(original, "path", "")
        if isinstance(original, APIRoute) and path:
            yield path, set(original.methods)


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def _archive(session):
    return archive.set_archive(session, actor=None, operator=True, enabled=True, message=MESSAGE,
                               contact="ops@example.com", closes_on=date(2027, 1, 31))


@pytest.fixture
def song(session, store, audio_samples):
    path = audio_samples["mp3"]
    data = path.read_bytes()
    return factories.make_track(session, audio_key=store.put_file("audio", "mp3", path),
                                mime_type="audio/mpeg", file_size=len(data))


def test_every_write_route_is_refused_with_the_message(api, session, settings):
    _sign_in(api, session, settings, factories.make_user(session, role=Role.ADMIN))
    _archive(session)
    walked = 0
    for template, methods in _walk(api.app.routes):
        path = _concrete(template)
        for method in sorted(methods & UNSAFE):
            if path.startswith(ARCHIVE_OPEN) or ARCHIVE_OPEN_PATHS.match(path):
                continue
            response = api.request(method, path, json={})
            assert response.status_code == 423, (method, path, response.status_code, response.text)
            body = response.json()
            assert body["code"] == "service_archived" and MESSAGE in body["detail"], (method, path)
            assert "31 January 2027" in body["detail"] and "ops@example.com" in body["detail"]
            walked += 1
    assert walked > 40  # the walk really saw the API
    # Reflex's own upload endpoint sits under the same guard.
    assert api.post("/_upload", files={"files": ("a.mp3", b"x")}).status_code == 423


def test_reads_and_streams_still_work(api, session, settings, song):
    _sign_in(api, session, settings, factories.make_user(session))
    _archive(session)
    for url in (f"/api/v1/tracks/{song.id}", "/api/v1/genres", "/api/v1/me/likes",
                "/api/v1/archive", "/api/v1/search?q=song", routes.stream_url(song.id)):
        response = api.get(url)
        assert response.status_code == 200, (url, response.text)
    partial = api.get(routes.stream_url(song.id), headers={"Range": "bytes=0-99"})
    assert partial.status_code == 206 and len(partial.content) == 100
    assert api.get("/api/v1/archive").json()["enabled"] is True


def test_a_like_is_refused_and_nothing_is_written(api, session, settings, song):
    _sign_in(api, session, settings, factories.make_user(session))
    _archive(session)
    response = api.put(f"/api/v1/me/likes/{song.id}")
    assert response.status_code == 423 and MESSAGE in response.json()["detail"]
    assert session.exec(select(TrackLike)).all() == []


def test_signing_in_and_out_still_work(api, session, settings):
    factories.make_account(session, email="ann@example.com")
    _archive(session)
    login = api.post("/api/v1/auth/login", json={"email": "ann@example.com", "password": "correct horse battery"})
    assert login.status_code == 200, login.text
    token = login.json()["refresh_token"]
    assert api.post("/api/v1/auth/token/refresh", json={"refresh_token": token}).status_code == 200


def test_the_admin_switch_stays_open_and_is_admins_only(api, session, settings):
    listener, admin = factories.make_user(session), factories.make_user(session, role=Role.ADMIN)
    listener_cookie = create_session(session, user_id=listener.id)
    admin_cookie = create_session(session, user_id=admin.id)
    _archive(session)
    api.headers["Origin"] = settings.public_origin
    api.cookies.set(SESSION_COOKIE, listener_cookie)
    assert api.put("/api/v1/admin/archive", json={"enabled": False}).status_code == 403
    api.cookies.set(SESSION_COOKIE, admin_cookie)
    too_long = api.put("/api/v1/admin/archive", json={"enabled": True, "message": "x" * 3000})
    assert too_long.status_code == 422
    off = api.put("/api/v1/admin/archive", json={"enabled": False})
    assert off.status_code == 200 and off.json()["enabled"] is False
    assert api.post("/api/v1/playlists", json={"name": "Open again"}).status_code == 201
