"""``/api/v1/me/deletion`` and the admin's ``/api/v1/admin/users/{id}/deletion``: wiring, errors, OpenAPI."""

from __future__ import annotations

from tests import factories
from tests.api.auth_helpers import bearer, login

PASSWORD = "correct horse battery"


def _signed_in(api, session, **overrides):
    user = factories.make_account(session, password=PASSWORD, **overrides)
    tokens = login(api, user.email, PASSWORD)
    return user, bearer(tokens["access_token"])


def test_request_signs_out_and_signing_in_again_cancels(api, session):
    user, headers = _signed_in(api, session)
    assert api.get("/api/v1/me/deletion", headers=headers).json()["pending"] is False

    response = api.post("/api/v1/me/deletion", json={"password": PASSWORD}, headers=headers)

    assert response.status_code == 202, response.text
    assert response.json()["pending"] is True and response.json()["due_at"]
    assert api.get("/api/v1/me/deletion", headers=headers).status_code == 401  # signed out everywhere
    again = bearer(login(api, user.email, PASSWORD)["access_token"])
    state = api.get("/api/v1/me/deletion", headers=again).json()
    assert state["pending"] is False and state["notice"].startswith("Your account deletion was cancelled")


def test_wrong_password_is_422_and_changes_nothing(api, session):
    _, headers = _signed_in(api, session)
    response = api.post("/api/v1/me/deletion", json={"password": "not it at all"}, headers=headers)
    assert response.status_code == 422
    assert response.json() == {"detail": "That password is not right.", "code": "invalid"}
    assert api.get("/api/v1/me/deletion", headers=headers).json()["pending"] is False


def test_unknown_fields_and_anonymous_are_refused(api, session):
    _, headers = _signed_in(api, session)
    extra = {"password": PASSWORD, "user_id": 1}
    assert api.post("/api/v1/me/deletion", json=extra, headers=headers).status_code == 422
    assert api.post("/api/v1/me/deletion", json={"password": PASSWORD}).status_code == 401
    assert api.delete("/api/v1/me/deletion", headers=headers).status_code == 409


def test_admin_deletes_and_cancels_with_the_same_rules(api, session):
    _, admin = _signed_in(api, session, role="admin")
    target = factories.make_account(session, username="target")
    url = f"/api/v1/admin/users/{target.id}/deletion"

    assert api.post(url, json={"confirm_username": "nope"}, headers=admin).status_code == 422
    response = api.post(url, json={"confirm_username": "target"}, headers=admin)
    assert response.status_code == 202 and response.json()["pending"] is True
    assert api.delete(url, headers=admin).status_code == 204
    assert api.delete(url, headers=admin).status_code == 409
    assert api.post("/api/v1/admin/users/99999999/deletion", json={"confirm_username": "x"},
                    headers=admin).status_code == 404
    assert api.post(f"/api/v1/admin/users/{2**63}/deletion", json={"confirm_username": "x"},
                    headers=admin).status_code == 422


def test_a_listener_may_not_use_the_admin_route(api, session):
    _, headers = _signed_in(api, session)
    target = factories.make_account(session, username="victim")
    response = api.post(f"/api/v1/admin/users/{target.id}/deletion", json={"confirm_username": "victim"},
                        headers=headers)
    assert response.status_code == 403


def test_the_routes_are_in_openapi(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    assert {"get", "post", "delete"} <= set(paths["/api/v1/me/deletion"])
    assert {"post", "delete"} <= set(paths["/api/v1/admin/users/{target_id}/deletion"])
