"""Legal pages over HTTP, and the terms gate: 403 ``terms_not_accepted`` for writes until accepted."""

from __future__ import annotations

from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.models import Role
from spoticlone.services.accounts import legal
from spoticlone.services.auth.sessions import create_session
from tests import factories
from tests.api.auth_helpers import bearer, login


def _cookie(api, session, settings, user):
    api.cookies.set(SESSION_COOKIE, create_session(session, user_id=user.id))
    api.headers["Origin"] = settings.public_origin


def test_documents_are_public_with_their_history(api, session):
    admin = factories.make_user(session, role=Role.ADMIN)
    legal.publish(session, actor=admin, kind="privacy", body="We keep little.")
    legal.publish(session, actor=admin, kind="privacy", body="We keep less.", summary="Less")
    page = api.get("/api/v1/legal/privacy").json()
    assert page["document"]["version"] == 2 and [v["version"] for v in page["history"]] == [2, 1]
    assert api.get("/api/v1/legal/privacy/versions/1").json()["document"]["body"] == "We keep little."
    assert api.get("/api/v1/legal/privacy/versions/7").status_code == 404
    assert api.get("/api/v1/legal/privacy/versions/99999999999999999999").status_code == 422
    assert api.get("/api/v1/legal/cookies").status_code == 422


def test_only_admins_publish(api, session, settings):
    _cookie(api, session, settings, factories.make_user(session))
    assert api.post("/api/v1/admin/legal/terms", json={"body": "Mine"}).status_code == 403
    _cookie(api, session, settings, factories.make_user(session, role=Role.ADMIN))
    made = api.post("/api/v1/admin/legal/terms", json={"body": "# Terms", "requires_acceptance": False})
    assert made.status_code == 201 and made.json()["version"] == 1
    assert api.post("/api/v1/admin/legal/terms", json={"body": ""}).status_code == 422


def test_writes_answer_403_until_the_new_terms_are_accepted(api, session, settings):
    admin = factories.make_user(session, role=Role.ADMIN)
    factories.make_account(session, email="ann@example.com")
    legal.publish(session, actor=admin, kind="terms", body="v1")
    legal.publish(session, actor=admin, kind="terms", body="v2", requires_acceptance=True)
    token = login(api, "ann@example.com", "correct horse battery")["access_token"]
    headers = bearer(token)

    refused = api.post("/api/v1/playlists", json={"name": "Mine"}, headers=headers)
    assert refused.status_code == 403
    body = refused.json()
    assert body["code"] == "terms_not_accepted" and "Terms of Service" in body["detail"]
    assert body["documents"][0]["version"] == 2
    assert api.get("/api/v1/me/legal", headers=headers).json()[0]["kind"] == "terms"
    assert api.get("/api/v1/genres", headers=headers).status_code == 200  # reads still work

    accepted = api.post("/api/v1/me/legal/accept", headers=headers)
    assert accepted.status_code == 200 and accepted.json()[0]["version"] == 2
    assert api.get("/api/v1/me/legal", headers=headers).json() == []
    assert api.post("/api/v1/playlists", json={"name": "Mine"}, headers=headers).status_code == 201


def test_visitors_and_cookie_callers_meet_the_same_gate(api, session, settings):
    admin, listener = factories.make_user(session, role=Role.ADMIN), factories.make_user(session)
    legal.publish(session, actor=admin, kind="privacy", body="v1", requires_acceptance=True)
    assert api.post("/api/v1/me/legal/accept").status_code == 401
    _cookie(api, session, settings, listener)
    response = api.post("/api/v1/playlists", json={"name": "Mine"})
    assert response.status_code == 403 and response.json()["code"] == "terms_not_accepted"
