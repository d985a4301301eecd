"""``/api/v1/me/exports`` over HTTP: ask, follow, download once; others and strangers refused."""

from __future__ import annotations

from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.services.auth.sessions import create_session
from tests.export_support import emailed_link, make_everything, read_zip
from tests.factories import make_account, make_api_token


def _bearer(session, user) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_api_token(session, user)}"}


def test_ask_follow_and_download_once(api, session, store, settings):
    ada = make_everything(session, store)
    auth = _bearer(session, ada.user)
    asked = api.post("/api/v1/me/exports", headers=auth)
    assert asked.status_code == 202, asked.text
    export_id = asked.json()["id"]
    # Under tests the job runs at once (SPOTICLONE_JOBS_IMMEDIATE): the export is ready already.
    status = api.get(f"/api/v1/me/exports/{export_id}", headers=auth).json()
    assert (status["status"], status["progress"]) == ("ready", 100) and status["expires_at"]
    assert [e["id"] for e in api.get("/api/v1/me/exports", headers=auth).json()] == [export_id]
    assert emailed_link(settings.data_dir / "outbox")[0] == export_id

    link = api.post(f"/api/v1/me/exports/{export_id}/link", headers=auth)
    assert link.status_code == 200
    url = link.json()["url"]
    zipped = api.get(url, headers=auth)
    assert zipped.status_code == 200 and zipped.headers["content-type"] == "application/zip"
    assert "attachment" in zipped.headers["content-disposition"]
    assert zipped.headers["cache-control"] == "no-store"
    _, files = read_zip(zipped.content)
    assert files["profile.json"]["username"] == "ada"
    again = api.get(url, headers=auth)
    assert again.status_code == 409 and "already used" in again.json()["detail"]
    assert not list((settings.data_dir / "exports").glob("*.zip"))
    assert api.get(f"/api/v1/me/exports/{export_id}", headers=auth).json()["status"] == "downloaded"


def test_once_a_day_with_a_clear_message(api, session):
    ada = make_account(session, username="ada")
    auth = _bearer(session, ada)
    assert api.post("/api/v1/me/exports", headers=auth).status_code == 202
    refused = api.post("/api/v1/me/exports", headers=auth)
    assert refused.status_code == 429 and "once a day" in refused.json()["detail"]
    assert int(refused.headers["retry-after"]) > 23 * 3600


def test_the_browser_cookie_downloads_with_the_emailed_token(api, session, settings):
    ada = make_account(session, username="ada")
    cookie = create_session(session, user_id=ada.id)
    api.cookies.set(SESSION_COOKIE, cookie)
    asked = api.post("/api/v1/me/exports", headers={"Origin": settings.public_origin})
    assert asked.status_code == 202, asked.text
    _, token = emailed_link(settings.data_dir / "outbox")
    response = api.get(f"/api/v1/me/exports/{asked.json()['id']}/download", params={"token": token})
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_other_people_and_strangers_are_refused(api, session):
    ada = make_account(session, username="ada")
    bob = make_account(session, username="bob")
    export_id = api.post("/api/v1/me/exports", headers=_bearer(session, ada)).json()["id"]
    bob_auth = _bearer(session, bob)
    assert api.get(f"/api/v1/me/exports/{export_id}", headers=bob_auth).status_code == 404
    assert api.post(f"/api/v1/me/exports/{export_id}/link", headers=bob_auth).status_code == 404
    stolen = api.get(f"/api/v1/me/exports/{export_id}/download", params={"token": "x"}, headers=bob_auth)
    assert stolen.status_code == 404 and stolen.json()["detail"] == "No such data export."
    assert api.get(f"/api/v1/me/exports/{export_id}/download", params={"token": "x"}).status_code == 401
    assert api.post("/api/v1/me/exports").status_code == 401
    wrong = api.get(f"/api/v1/me/exports/{export_id}/download", params={"token": "guess"},
                    headers=_bearer(session, ada))
    assert wrong.status_code == 404 and "not valid" in wrong.json()["detail"]
    assert api.get("/api/v1/me/exports/99999999999999999999", headers=bob_auth).status_code == 422
    assert api.get(f"/api/v1/me/exports/{export_id}/download", headers=bob_auth).status_code == 422


def test_the_routes_are_in_openapi(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    assert {"post", "get"} <= set(paths["/api/v1/me/exports"])
    assert "get" in paths["/api/v1/me/exports/{export_id}"]
    assert "post" in paths["/api/v1/me/exports/{export_id}/link"]
    download = paths["/api/v1/me/exports/{export_id}/download"]["get"]
    assert "application/zip" in download["responses"]["200"]["content"]
    assert {"401", "404", "409"} <= set(download["responses"])
