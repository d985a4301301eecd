"""Browser sign-in handoff, sign-out and cookie-authenticated requests (CSRF)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import select

from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.models import AuthSession, PlayEvent, TicketKind
from spoticlone.services.auth import tickets
from spoticlone.services.auth.sessions import create_session, user_for_token
from spoticlone.services.listening import plays
from tests import factories

COMPLETE = "/api/v1/auth/browser/complete"
SIGNOUT = "/api/v1/auth/browser/signout"
ANON = "anon-listener-token-123456"


@pytest.fixture
def user(session):
    return factories.make_user(session, email_verified=True)


def _ticket(session, user, **payload) -> str:
    return tickets.issue_ticket(session, kind=TicketKind.HANDOFF, user_id=user.id, payload=payload or None)


def _complete(api, ticket: str, next_path: str = "/library", **headers):
    return api.get(COMPLETE, params={"ticket": ticket, "next": next_path}, headers=headers, follow_redirects=False)


def test_complete_sets_an_httponly_samesite_cookie_and_redirects(api, session, user):
    response = _complete(api, _ticket(session, user), "/album/3-night-run?x=1")
    assert response.status_code == 303
    assert response.headers["location"] == "/album/3-night-run?x=1"
    set_cookie = response.headers["set-cookie"]
    assert set_cookie.startswith(f"{SESSION_COOKIE}=")
    attributes = {part.strip().split("=")[0].lower(): part for part in set_cookie.split(";")}
    assert "httponly" in attributes and attributes["samesite"].strip().lower() == "samesite=lax"
    assert attributes["path"].strip() == "Path=/"
    token = response.cookies[SESSION_COOKIE]
    assert user_for_token(session, token=token) == user.id
    row = session.exec(select(AuthSession).where(AuthSession.user_id == user.id)).one()
    assert row.kind == "browser"


def test_a_ticket_works_once(api, session, user):
    ticket = _ticket(session, user)
    assert _complete(api, ticket).status_code == 303
    again = _complete(api, ticket, "/library")
    assert again.status_code == 303
    target = urlsplit(again.headers["location"])
    assert target.path == "/signin"
    assert parse_qs(target.query) == {"error": ["signin_expired"], "next": ["/library"]}
    assert "set-cookie" not in again.headers


@pytest.mark.parametrize("bad_next", ["//evil.example", "https://evil.example/x", "/\\evil.example", "/api/v1/x"])
def test_next_cannot_leave_the_site(api, session, user, bad_next):
    response = _complete(api, _ticket(session, user), bad_next)
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_a_bad_ticket_goes_back_to_sign_in_without_an_open_redirect(api):
    response = _complete(api, "forged", "//evil.example")
    assert response.headers["location"] == "/signin?error=signin_expired"


def test_a_navigation_started_by_another_site_is_refused(api, session, user):
    ticket = _ticket(session, user)
    refused = _complete(api, ticket, "/", **{"Sec-Fetch-Site": "cross-site"})
    assert refused.headers["location"].startswith("/signin?error=signin_cross_site")
    assert "set-cookie" not in refused.headers
    # The refusal did not use the ticket up.
    assert _complete(api, ticket, "/", **{"Sec-Fetch-Site": "same-origin"}).headers["location"] == "/"


def test_a_suspended_account_cannot_complete(api, session, user):
    ticket = _ticket(session, user)
    user.suspended = True
    session.add(user)
    session.commit()
    assert _complete(api, ticket).headers["location"].startswith("/signin?error=signin_expired")


def test_complete_claims_the_anonymous_plays_named_in_the_ticket(api, session, user, catalog):
    play_id = plays.start_play(session, track_id=catalog.tracks[0].id, source="album", anonymous_session=ANON)
    _complete(api, _ticket(session, user, anonymous_session=ANON))
    session.expire_all()
    event = session.get(PlayEvent, play_id)
    assert event.user_id == user.id and event.anonymous_session is None


def test_signout_revokes_the_session_and_clears_the_cookie(api, session, user, settings):
    token = create_session(session, user_id=user.id)
    cross = api.post(SIGNOUT, headers={"Cookie": f"{SESSION_COOKIE}={token}", "Origin": "https://evil.example"})
    assert cross.status_code == 403
    assert user_for_token(session, token=token) == user.id
    response = api.post(SIGNOUT, headers={"Cookie": f"{SESSION_COOKIE}={token}", "Origin": settings.public_origin})
    assert response.status_code == 204
    assert f"{SESSION_COOKIE}=" in response.headers["set-cookie"] and "Max-Age=0" in response.headers["set-cookie"]
    assert user_for_token(session, token=token) is None


def test_cookie_authenticated_post_needs_our_origin(api, session, user, settings):
    token = create_session(session, user_id=user.id)
    cookie = {"Cookie": f"{SESSION_COOKIE}={token}"}
    url = "/api/v1/auth/sessions/revoke-all"
    assert api.post(url, headers=cookie).status_code == 403  # no Origin, no Referer
    assert api.post(url, headers={**cookie, "Origin": "https://evil.example"}).status_code == 403
    assert api.post(url, headers={**cookie, "Referer": "https://evil.example/page"}).status_code == 403
    assert user_for_token(session, token=token) == user.id
    # Safe methods work without an Origin, and flag the cookie's session as current.
    listed = api.get("/api/v1/auth/sessions", headers=cookie).json()
    assert [s["current"] for s in listed] == [True] and listed[0]["kind"] == "browser"
    ok = api.post(url, headers={**cookie, "Origin": settings.public_origin})
    assert ok.status_code == 200 and ok.json() == {"ended": 1}
    assert user_for_token(session, token=token) is None
