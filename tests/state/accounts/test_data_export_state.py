"""The "Your data" page: ask, see it ready, download once; the emailed link; refusals change nothing."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from spoticlone import routes
from spoticlone.services.accounts import data_export
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.accounts.data_export import DataExportState
from spoticlone.testing.driver import events_of
from tests.export_support import emailed_link
from tests.factories import make_account
from tests.state.conftest import make_state


def page(token: str | None, params: dict[str, str] | None = None):
    path = routes.SETTINGS_PRIVACY + (f"?{urlencode(params)}" if params else "")
    state = make_state(DataExportState, routes.SETTINGS_PRIVACY, path, params, session_token=token)
    events_of(DataExportState.load, state)
    return state


def test_ask_then_download_once(session, settings):
    ada = make_account(session, username="ada", email="ada@example.com")
    state = page(create_session(session, user_id=ada.id))
    assert state.loaded and state.export_id == 0 and state.status == ""
    events_of(DataExportState.request_copy, state)
    # Jobs run at once under tests, so the export is ready when the handler reads it back.
    assert state.error == "" and state.status == "ready" and state.progress == 100
    assert state.export_id > 0 and state.expires_at and state.size
    assert "email" in state.notice
    events_of(DataExportState.request_copy, state)
    assert "once a day" in state.error
    assert len(data_export.list_exports(session, actor=ada)) == 1
    state.error = ""
    sent = events_of(DataExportState.download, state)
    script = str(sent[-1])
    assert f"/api/v1/me/exports/{state.export_id}/download?token=" in script
    assert state.status == "downloaded" and state.error == ""
    # A repeated press follows the same link rather than replacing it under the first request.
    again = str(events_of(DataExportState.download, state)[-1])
    assert re.search(r"token=[\w-]+", again).group() == re.search(r"token=[\w-]+", script).group()


def test_the_emailed_link_lands_on_a_ready_download(session, settings):
    ada = make_account(session, username="ada", email="ada@example.com")
    cookie = create_session(session, user_id=ada.id)
    events_of(DataExportState.request_copy, page(cookie))
    export_id, token = emailed_link(settings.data_dir / "outbox")
    state = page(cookie, {"export": str(export_id), "token": token})
    assert state.link_url == data_export.download_url(export_id, token)
    sent = events_of(DataExportState.follow_emailed_link, state)
    assert token in str(sent[-1]) and state.link_url == "" and state.status == "downloaded"
    forged = page(cookie, {"export": str(export_id + 1), "token": token})
    assert forged.link_url == ""


def test_strangers_and_other_people_get_nothing(session, settings):
    ada = make_account(session, username="ada", email="ada@example.com")
    bob = make_account(session, username="bob", email="bob@example.com")
    events_of(DataExportState.request_copy, page(create_session(session, user_id=ada.id)))
    bobs = page(create_session(session, user_id=bob.id))
    assert bobs.export_id == 0
    bobs.export_id = data_export.list_exports(session, actor=ada)[0].id  # a forged id from the browser
    events_of(DataExportState.download, bobs)
    assert bobs.error == "No such data export."
    anonymous = page(None)
    events_of(DataExportState.request_copy, anonymous)
    assert anonymous.error and anonymous.export_id == 0
    assert data_export.list_exports(session, actor=bob) == []
