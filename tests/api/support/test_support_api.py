"""The support desk over HTTP: own requests only, admin-only inbox, bounded input, screenshots, OpenAPI."""

from __future__ import annotations

from sqlmodel import func, select

from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.models import Role, SupportRequest
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.support import help_articles
from tests import factories
from tests.images import jpeg_with_metadata

NEW = {"category": "bug", "subject": "The seek bar jumps", "message": "It jumps back to 0:00.",
       "context_page": "/album/1-x", "user_agent": "TestBrowser 1.0"}


def _as(api, session, settings, user):
    api.cookies.set(SESSION_COOKIE, create_session(session, user_id=user.id))
    api.headers["Origin"] = settings.public_origin
    return user


def _requests(session) -> int:
    return session.exec(select(func.count()).select_from(SupportRequest)).one()


def test_the_help_page_is_public(api, session):
    help_articles.seed_defaults(session)
    sections = api.get("/api/v1/help").json()
    assert sections and sections[0]["articles"][0]["title"]


def test_signed_out_visitors_cannot_file_or_list(api):
    assert api.post("/api/v1/support/requests", json=NEW).status_code == 401
    assert api.get("/api/v1/support/requests").status_code == 401


def test_a_listener_files_reads_and_replies_only_to_their_own(api, session, settings):
    other = factories.make_user(session)
    _as(api, session, settings, other)
    theirs = api.post("/api/v1/support/requests", json=NEW).json()["id"]
    _as(api, session, settings, factories.make_user(session))
    made = api.post("/api/v1/support/requests", json={**NEW, "attach_context": False})
    assert made.status_code == 201 and made.json()["context_page"] == ""
    mine = made.json()["id"]
    assert [r["id"] for r in api.get("/api/v1/support/requests").json()["items"]] == [mine]
    assert api.get(f"/api/v1/support/requests/{mine}").json()["thread"][0]["body"] == NEW["message"]
    assert api.get(f"/api/v1/support/requests/{theirs}").status_code == 404
    assert api.post(f"/api/v1/support/requests/{theirs}/replies", json={"body": "hi"}).status_code == 404
    assert api.get(f"/api/v1/support/requests/{theirs}/screenshot").status_code == 404
    replied = api.post(f"/api/v1/support/requests/{mine}/replies", json={"body": "Any news?"})
    assert replied.status_code == 200 and len(replied.json()["thread"]) == 2
    assert api.get("/api/v1/support/requests/99999999999999999999").status_code == 422


def test_a_huge_message_is_refused_clearly_and_nothing_is_saved(api, session, settings):
    _as(api, session, settings, factories.make_user(session))
    answer = api.post("/api/v1/support/requests", json={**NEW, "message": "x" * 6000})
    assert answer.status_code == 413 and "5,000" in answer.json()["detail"]
    assert api.post("/api/v1/support/requests", json={**NEW, "message": "x" * 100_000}).status_code == 422
    assert _requests(session) == 0


def test_a_screenshot_goes_through_the_picture_pipeline(api, session, settings):
    _as(api, session, settings, factories.make_user(session))
    hostile = api.post("/api/v1/support/requests/form", data=NEW,
                       files={"screenshot": ("x.png", b"<svg onload=alert(1)>", "image/png")})
    assert hostile.status_code == 422 and "could not be read" in hostile.json()["detail"]
    assert _requests(session) == 0
    made = api.post("/api/v1/support/requests/form", data=NEW,
                    files={"screenshot": ("shot.jpg", jpeg_with_metadata(), "image/jpeg")})
    assert made.status_code == 201, made.text
    url = made.json()["screenshot_url"]
    picture = api.get(url)
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/jpeg"
    assert picture.headers["cache-control"] == "private, no-store" and b"SecretCam" not in picture.content
    assert api.post("/api/v1/support/requests/form", json=NEW).status_code == 400


def test_the_inbox_is_for_admins_and_replies_change_the_status(api, session, settings):
    listener = _as(api, session, settings, factories.make_user(session))
    request_id = api.post("/api/v1/support/requests", json=NEW).json()["id"]
    assert api.get("/api/v1/admin/support/requests").status_code == 403
    assert api.get(f"/api/v1/admin/support/requests/{request_id}").status_code == 403
    admin = _as(api, session, settings, factories.make_user(session, role=Role.ADMIN))
    inbox = api.get("/api/v1/admin/support/requests", params={"status": "open", "assigned": "nobody"}).json()
    assert [r["id"] for r in inbox["items"]] == [request_id] and inbox["items"][0]["username"] == listener.username
    assert api.get("/api/v1/admin/support/requests", params={"status": "lost"}).status_code == 422
    answered = api.post(f"/api/v1/admin/support/requests/{request_id}/replies", json={"body": "Fixed in 1.2."})
    assert answered.json()["status"] == "waiting" and answered.json()["assigned_to_id"] == admin.id
    assert api.put(f"/api/v1/admin/support/requests/{request_id}/assignee",
                   json={"assignee_id": None}).json()["assigned_to_id"] is None
    assert api.put(f"/api/v1/admin/support/requests/{request_id}/assignee",
                   json={"assignee_id": listener.id}).status_code == 422
    assert api.put(f"/api/v1/admin/support/requests/{request_id}/status",
                   json={"status": "closed"}).json()["status"] == "closed"
    assert api.get("/api/v1/admin/support/counts").json() == {"open": 0, "waiting": 0, "closed": 1}
    assert api.get("/api/v1/admin/support/requests/999999").status_code == 404


def test_admins_manage_canned_answers_and_help(api, session, settings):
    _as(api, session, settings, factories.make_user(session))
    assert api.post("/api/v1/admin/support/canned", json={"title": "T", "body": "B"}).status_code == 403
    assert api.post("/api/v1/admin/help", json={"section": "S", "title": "T", "body": "B"}).status_code == 403
    _as(api, session, settings, factories.make_user(session, role=Role.ADMIN))
    made = api.post("/api/v1/admin/support/canned", json={"title": "Thanks", "body": "Thanks for writing."})
    assert made.status_code == 201
    canned_id = made.json()["id"]
    assert api.put(f"/api/v1/admin/support/canned/{canned_id}",
                   json={"title": "Thanks", "body": "Thank you."}).json()["body"] == "Thank you."
    assert api.delete(f"/api/v1/admin/support/canned/{canned_id}").status_code == 204
    article = api.post("/api/v1/admin/help", json={"section": "Apps", "title": "Q?", "body": "**A**"})
    assert article.status_code == 201
    assert api.get("/api/v1/help").json()[0]["articles"][0]["body"] == "**A**"
    assert api.delete(f"/api/v1/admin/help/{article.json()['id']}").status_code == 204


def test_the_routes_are_in_the_openapi_spec(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    for path in ("/api/v1/help", "/api/v1/support/requests", "/api/v1/support/requests/form",
                 "/api/v1/support/requests/{request_id}/replies", "/api/v1/admin/support/requests",
                 "/api/v1/admin/support/requests/{request_id}/assignee", "/api/v1/admin/support/canned",
                 "/api/v1/admin/help/{article_id}"):
        assert path in paths, path
