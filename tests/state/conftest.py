"""Helpers for state tests: a real state tree with router data, no browser, no server.

Handlers are run with ``spoticlone.testing.driver``.

Dynamic route vars (``album_ref`` and friends) are installed on the root state the
way ``App.add_page`` installs them, from the route constants the pages use.
"""

from __future__ import annotations

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from reflex.route import get_route_args

from spoticlone import routes


@pytest.fixture(scope="session", autouse=True)
def dynamic_route_vars():
    for route in routes.ALL_ROUTES:
        rx.State.setup_dynamic_args(get_route_args(route))


def make_state(state_cls, route: str, path: str, params: dict[str, str] | None = None,
               *, session_token: str | None = None):
    """A ``state_cls`` inside a fresh root state that is "on" ``path``.

    ``session_token`` puts a session cookie in the handshake headers, as a signed-in
    browser's websocket would carry it (see ``spoticlone.state.auth.signed_in``).
    """
    from spoticlone.api.session_cookie import SESSION_COOKIE

    root = rx.State(_reflex_internal_init=True)
    query = dict(params or {})
    headers = {"origin": "http://test"}
    if session_token:
        headers["cookie"] = f"{SESSION_COOKIE}={session_token}"
    root.router = RouterData.from_router_data(
        {"pathname": route, "asPath": path, "query": query, "headers": headers}
    )
    return root.get_substate(state_cls.get_full_name().split("."))
