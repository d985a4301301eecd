"""``/api/v1/me/app-passwords``: make (shown once), list, revoke; only your own; then use it at /rest."""

from __future__ import annotations

from tests.api.auth_helpers import bearer
from tests.factories import make_api_token, make_user

URL = "/api/v1/me/app-passwords"


def test_make_list_use_and_revoke(api, session):
    ann = make_user(session, username="ann")
    headers = bearer(make_api_token(session, ann))
    made = api.post(URL, json={"name": "Pixel phone"}, headers=headers)
    assert made.status_code == 201, made.text
    key = made.json()["key"]
    listed = api.get(URL, headers=headers).json()
    assert [(k["name"], k["last_used_at"]) for k in listed] == [("Pixel phone", None)]
    assert "key" not in listed[0]
    ping = api.get("/rest/ping.view", params={"u": "ann", "p": key, "f": "json"}).json()["subsonic-response"]
    assert ping["status"] == "ok"
    assert api.get(URL, headers=headers).json()[0]["last_used_at"] is not None
    assert api.delete(f"{URL}/{made.json()['id']}", headers=headers).status_code == 204
    again = api.get("/rest/ping.view", params={"u": "ann", "p": key, "f": "json"}).json()["subsonic-response"]
    assert again["error"]["code"] == 40


def test_refusals(api, session):
    ann, bob = make_user(session), make_user(session)
    ann_headers, bob_headers = bearer(make_api_token(session, ann)), bearer(make_api_token(session, bob))
    assert api.get(URL).status_code == 401
    assert api.post(URL, json={"name": "x"}).status_code == 401
    assert api.post(URL, json={"name": "   "}, headers=ann_headers).status_code in (400, 422)
    assert api.post(URL, json={"name": "x", "extra": 1}, headers=ann_headers).status_code == 422
    made = api.post(URL, json={"name": "tablet"}, headers=ann_headers).json()
    assert api.delete(f"{URL}/{made['id']}", headers=bob_headers).status_code == 404
    assert api.get(URL, headers=bob_headers).json() == []
    assert api.delete(f"{URL}/0", headers=ann_headers).status_code == 422
    assert api.delete(f"{URL}/99999999999999999999", headers=ann_headers).status_code == 422
    assert len(api.get(URL, headers=ann_headers).json()) == 1
