"""A phone app keeps playing while the service is archived: reads, streams and scrobbles still work.

Signing an app in writes ``apppassword.last_used_at`` now and then (at most every
``TOUCH_EVERY``); in archive mode that write must not turn every call into an error.
"""

from __future__ import annotations

from sqlmodel import select

from spoticlone.models import AppPassword, Role
from spoticlone.services.lifecycle import archive
from tests import factories


def _call(api, library, method: str, **params) -> dict:
    response = api.get(f"/rest/{method}", params={"u": "ann", "p": library.ann_key, "c": "pytest", "f": "json",
                                                  **params})
    assert response.status_code == 200, response.text
    return response.json()["subsonic-response"]


def test_an_app_signs_in_and_listens_while_archived_and_cannot_star(api, library, session):
    from spoticlone.services.auth import app_passwords

    for row in session.exec(select(AppPassword)):
        row.last_used_at = None if row.last_used_at is None else row.last_used_at - 2 * app_passwords.TOUCH_EVERY
        session.add(row)
    session.commit()
    archive.set_archive(session, actor=factories.make_user(session, role=Role.ADMIN), enabled=True,
                        message="We close on Friday.")

    assert _call(api, library, "ping")["status"] == "ok"
    assert _call(api, library, "getAlbum", id=library.album.id)["status"] == "ok"
    assert _call(api, library, "scrobble", id=library.tracks[0].id, submission="false")["status"] == "ok"
    refused = _call(api, library, "star", id=library.tracks[0].id)
    assert refused["status"] == "failed" and "We close on Friday." in refused["error"]["message"]
    session.expire_all()
    used = [row.last_used_at for row in session.exec(select(AppPassword).where(AppPassword.user_id == library.ann.id))]
    assert used and all(when is not None for when in used)
