"""Granian servers built the way Reflex builds them get Spoticlone's header timeout.

The end-to-end proof (a silent or stalled client is disconnected by the real server)
is ``tests/e2e/test_server_limits.py``.
"""

from __future__ import annotations

import granian.server
import pytest
from granian.constants import HTTPModes, Interfaces
from granian.http import HTTP1Settings

from spoticlone import server_limits


@pytest.fixture
def restore_granian():
    original = granian.server.Server
    yield
    granian.server.Server = original


def test_reflex_style_servers_get_the_configured_header_timeout(settings, restore_granian):
    server_limits.install(settings.model_copy(update={"header_timeout_seconds": 4.5}))
    server_limits.install(settings.model_copy(update={"header_timeout_seconds": 4.5}))  # idempotent
    # What reflex.utils.exec does: look the class up at call time, pass no HTTP/1 settings.
    from granian.server import Server as Granian

    server = Granian(target="spoticlone.spoticlone:app", factory=True, address="127.0.0.1",
                     port=0, interface=Interfaces.ASGI)
    assert server.http1_settings.header_read_timeout == 4500
    # HTTP/1 straight away: "auto" waits for a silent client's first bytes with no limit.
    assert server.http == HTTPModes.http1
    assert Granian.__mro__[1] is Granian._spoticlone_base
    assert len([c for c in Granian.__mro__ if c.__name__ == Granian.__name__]) == 2  # one wrapper


def test_explicit_settings_are_kept(settings, restore_granian):
    server_limits.install(settings)
    mine = HTTP1Settings(header_read_timeout=1234)
    server = granian.server.Server(target="x:app", interface=Interfaces.ASGI, http1_settings=mine,
                                   http=HTTPModes.auto)
    assert server.http1_settings is mine and server.http == HTTPModes.auto


def test_default_is_well_below_granians_own(settings):
    assert server_limits.http1_settings(settings).header_read_timeout < HTTP1Settings.header_read_timeout
