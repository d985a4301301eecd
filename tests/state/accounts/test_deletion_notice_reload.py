"""The "deletion cancelled" banner does not come back on the next full page load.

A tab keeps its state across full page loads (same client token), and the new page's first
snapshot reaches the browser before that page's ``check`` answers. The notice held in a plain
var came back in that snapshot for one round trip; tied to the connection that took it, it
does not.
"""

from __future__ import annotations

from typing import Any

from reflex.istate.data import RouterData

from spoticlone import routes
from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.services.accounts import deletion
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.accounts.deletion import DeletionNoticeState
from spoticlone.testing.driver import events_of
from tests import factories
from tests.state.conftest import make_state

PASSWORD = "correct horse battery"


def _connect(banner: DeletionNoticeState, token: str, connection: str) -> None:
    """What Reflex does when the tab's page (re)connects: same state, a new socket session id."""
    banner.parent_state.router = RouterData.from_router_data({
        "pathname": routes.HOME, "asPath": routes.HOME, "query": {}, "sid": connection,
        "headers": {"origin": "http://test", "cookie": f"{SESSION_COOKIE}={token}"},
    })


def _values(tree: Any) -> list[Any]:
    if isinstance(tree, dict):
        return [v for item in tree.values() for v in _values(item)]
    return [tree]


def _cancelled_by_signing_in(session) -> str:
    user = factories.make_account(session, password=PASSWORD)
    deletion.request_deletion(session, actor=user, password=PASSWORD, keep_releases=True)
    return create_session(session, user_id=user.id)  # signing in again cancels it


def test_the_next_page_load_starts_without_the_used_up_banner(session):
    token = _cancelled_by_signing_in(session)
    banner = make_state(DeletionNoticeState, routes.HOME, routes.HOME, session_token=token)
    _connect(banner, token, "connection-1")
    events_of(DeletionNoticeState.check, banner)
    assert banner.message.startswith("Your account deletion was cancelled")
    assert banner.message in _values(banner.dict())

    _connect(banner, token, "connection-2")  # a full page load in the same tab
    assert banner.message == ""
    snapshot = _values(banner.dict())  # what the new page's hydrate sends, before its check answers
    assert not any(isinstance(v, str) and v.startswith("Your account deletion") for v in snapshot)
    events_of(DeletionNoticeState.check, banner)
    assert banner.message == ""


def test_the_banner_stays_on_its_page_until_dismissed(session):
    token = _cancelled_by_signing_in(session)
    banner = make_state(DeletionNoticeState, routes.HOME, routes.HOME, session_token=token)
    _connect(banner, token, "connection-1")
    events_of(DeletionNoticeState.check, banner)
    shown = banner.message
    assert shown and banner.message == shown
    events_of(DeletionNoticeState.dismiss, banner)
    assert banner.message == ""
