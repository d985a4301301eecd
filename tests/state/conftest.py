"""Helpers for state tests: a real state tree with router data, no browser, no server.

Handlers are run with ``spoticlone.testing.driver``.

Dynamic route vars (``album_ref`` and friends) are installed on the root state the
way ``App.add_page`` installs them, from the route constants the pages use.
"""

from __future__ import annotations

import pytest
import reflex as rx
from reflex.route import get_route_args

from spoticlone import routes
from spoticlone.testing.driver import state_for


@pytest.fixture(scope="session", autouse=True)
def dynamic_route_vars():
    for route in routes.ALL_ROUTES:
        rx.State.setup_dynamic_args(get_route_args(route))


def make_state(state_cls, route: str, path: str, params: dict[str, str] | None = None,
               *, session_token: str | None = None):
    """A ``state_cls`` inside a fresh root state that is "on" ``path`` (``driver.state_for``).

    ``session_token`` puts a session cookie in the handshake headers, as a signed-in
    browser's websocket would carry it (see ``spoticlone.state.auth.signed_in``).
    """
    return state_for(state_cls, route, query=params, session_token=session_token, path=path)
