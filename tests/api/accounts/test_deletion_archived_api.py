"""Over HTTP in archive mode: deleting an account (one's own, or as an administrator) still works."""

from __future__ import annotations

from spoticlone.models import Role
from spoticlone.services.lifecycle import archive
from tests import factories
from tests.api.auth_helpers import bearer, login

PASSWORD = "correct horse battery"


def test_deletion_routes_stay_open_while_every_other_write_is_refused(api, session):
    factories.make_account(session, email="ann@example.com")
    factories.make_account(session, email="admin@example.com", role=Role.ADMIN)
    bob = factories.make_account(session, username="bob", email="bob@example.com")
    archive.set_archive(session, actor=None, operator=True, enabled=True)
    ann = bearer(login(api, "ann@example.com", PASSWORD)["access_token"])
    admin = bearer(login(api, "admin@example.com", PASSWORD)["access_token"])

    assert api.post("/api/v1/playlists", json={"name": "Mine"}, headers=ann).status_code == 423
    asked = api.post("/api/v1/me/deletion", json={"password": PASSWORD}, headers=ann)
    assert asked.status_code == 202 and asked.json()["pending"]

    assert api.patch(f"/api/v1/admin/users/{bob.id}", json={"role": "admin"}, headers=admin).status_code == 423
    deleted = api.post(f"/api/v1/admin/users/{bob.id}/deletion", json={"confirm_username": "bob"}, headers=admin)
    assert deleted.status_code == 202 and deleted.json()["pending"]
    assert api.delete(f"/api/v1/admin/users/{bob.id}/deletion", headers=admin).status_code == 204
