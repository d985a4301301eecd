"""Notifications over REST: the list, the count, marking read, preferences, and one-click unsubscribe."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import select

from spoticlone.models import NotificationEmail
from spoticlone.services.core import events
from spoticlone.services.notifications import unsubscribe
from tests import factories


@pytest.fixture
def ann(session):
    return factories.make_user(session, username="ann", email="ann@example.test", email_verified=True)


def _auth(session, user):
    return {"Authorization": f"Bearer {factories.make_api_token(session, user)}"}


def _reply(session, user, request_id):
    events.emit(events.SUPPORT_REPLIED, session, request_id=request_id, user_id=user.id, message_id=request_id)
    session.commit()


def test_list_count_and_mark_read(api, session, ann):
    for request_id in (1, 2, 3):
        _reply(session, ann, request_id)
    headers = _auth(session, ann)

    assert api.get("/api/v1/notifications/unread-count", headers=headers).json() == {"unread": 3}
    page = api.get("/api/v1/notifications", params={"page_size": 2}, headers=headers).json()
    assert page["total"] == 3 and page["has_next"] and len(page["items"]) == 2
    assert page["items"][0]["link"] == "/support/requests/3"
    first = page["items"][0]["id"]
    assert api.post(f"/api/v1/notifications/{first}/read", headers=headers).json()["read"] is True
    assert api.get("/api/v1/notifications", params={"unread": True}, headers=headers).json()["total"] == 2
    assert api.post("/api/v1/notifications/read-all", headers=headers).json() == {"marked": 2}
    assert api.get("/api/v1/notifications/unread-count", headers=headers).json() == {"unread": 0}


def test_signed_out_and_other_listeners_are_refused(api, session, ann):
    _reply(session, ann, 1)
    bob = factories.make_user(session, username="bob")
    assert api.get("/api/v1/notifications").status_code == 401
    assert api.get("/api/v1/me/notification-preferences").status_code == 401
    theirs = api.get("/api/v1/notifications", headers=_auth(session, ann)).json()["items"][0]["id"]
    answer = api.post(f"/api/v1/notifications/{theirs}/read", headers=_auth(session, bob))
    assert answer.status_code == 404 and answer.json()["detail"]
    assert api.post("/api/v1/notifications/99999999999999999999/read", headers=_auth(session, bob)).status_code == 422


def test_preferences_get_and_put(api, session, ann):
    headers = _auth(session, ann)
    kinds = {p["kind"]: p for p in api.get("/api/v1/me/notification-preferences", headers=headers).json()}
    assert kinds["follower"]["email"] is False
    answer = api.put("/api/v1/me/notification-preferences", headers=headers,
                     json={"preferences": [{"kind": "follower", "email": True}, {"kind": "release", "in_app": False}]})
    assert answer.status_code == 200
    kinds = {p["kind"]: p for p in answer.json()}
    assert kinds["follower"]["email"] is True and kinds["release"]["in_app"] is False
    bad = api.put("/api/v1/me/notification-preferences", headers=headers,
                  json={"preferences": [{"kind": "spam", "email": True}]})
    assert bad.status_code == 422 and "Unknown notification type" in bad.json()["detail"]


def _token_from_outbox(session):
    row = session.exec(select(NotificationEmail)).first()
    link = next(word for word in row.text.split() if unsubscribe.PATH in word)
    return parse_qs(urlsplit(link).query)["token"][0]


def test_one_click_unsubscribe_from_the_mail_link_without_signing_in(api, session, ann):
    _reply(session, ann, 1)
    token = _token_from_outbox(session)
    headers = _auth(session, ann)

    page = api.get(unsubscribe.PATH, params={"token": token})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "Support replies" in page.text and "<form" in page.text
    kinds = {p["kind"]: p for p in api.get("/api/v1/me/notification-preferences", headers=headers).json()}
    assert kinds["support_reply"]["email"] is True  # GET changed nothing

    answer = api.post(unsubscribe.PATH, params={"token": token}, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200 and answer.json()["done"] is True
    kinds = {p["kind"]: p for p in api.get("/api/v1/me/notification-preferences", headers=headers).json()}
    assert kinds["support_reply"]["email"] is False and kinds["release"]["email"] is True

    in_browser = api.post(unsubscribe.PATH, params={"token": token}, headers={"Accept": "text/html"})
    assert in_browser.status_code == 200 and "Done" in in_browser.text


def test_a_tampered_link_is_refused_clearly(api, session, ann):
    bob = factories.make_user(session, username="bob")
    _reply(session, ann, 1)
    token = _token_from_outbox(session)
    forged = token.replace(f"{ann.id}.", f"{bob.id}.", 1)

    answer = api.post(unsubscribe.PATH, params={"token": forged})
    assert answer.status_code == 422 and "not valid" in answer.json()["detail"]
    page = api.get(unsubscribe.PATH, params={"token": forged})
    assert page.status_code == 400 and "not valid" in page.text and "<form" not in page.text
    assert api.post(unsubscribe.PATH, params={"token": "<script>"},
                    headers={"Accept": "text/html"}).text.count("<script>") == 0


def test_the_routes_are_in_the_openapi_document(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    for path in ("/api/v1/notifications", "/api/v1/notifications/unread-count", "/api/v1/notifications/read-all",
                 "/api/v1/notifications/{notification_id}/read", "/api/v1/me/notification-preferences",
                 unsubscribe.PATH):
        assert path in paths
