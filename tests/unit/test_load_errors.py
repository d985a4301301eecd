"""The load benchmark counts every "something went wrong" notice the server sends as an error.

Under overload an event pass can outlive Reflex's session lock in Redis: Reflex refuses to
save it and the app's safety net tells the listener something went wrong. The round trip may
still be answered by a later update, so only the notice itself shows that the listener saw a
failure.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path

from reflex.event import fix_events

from spoticlone.state.safety import unexpected

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load_listeners():
    sys.path.insert(0, str(BENCHMARKS))  # it imports its sibling _server_probe
    try:
        spec = importlib.util.spec_from_file_location("load_listeners", BENCHMARKS / "load_listeners.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


def _as_sent(spec) -> dict:
    """An event as the server's update carries it to the browser."""
    event = fix_events([spec], "token")[0]
    return {"name": event.name, "payload": event.payload}


def test_the_safety_nets_notice_is_an_error_and_other_events_are_not(caplog):
    bench = _load_listeners()
    stats = bench.Stats()
    listener = bench.Listener("http://127.0.0.1:9", stats, http=None, cookie=None, albums=[], timeout=1)
    with caplog.at_level(logging.CRITICAL):
        notice = _as_sent(unexpected(RuntimeError("lock expired"), "a test"))
    listener._on_update({"delta": {}, "events": [notice]})
    assert stats.errors == {"server error": 1}
    listener._on_update({"delta": {bench.PLAYER: {"is_playing": True}},
                         "events": [{"name": "_call_script", "payload": {"javascript_code": "play()"}}]})
    assert stats.errors == {"server error": 1}


def test_a_signed_in_listener_the_server_finds_signed_out_is_an_error():
    """Sessions written to another database than the server's (no SPOTICLONE_DATABASE_URL for scale-out)."""
    bench = _load_listeners()
    checked = {"checked_rx_state_": True}
    stats = bench.Stats()
    signed_in = bench.Listener("http://127.0.0.1:9", stats, http=None, cookie="sc_session=x", albums=[], timeout=1)
    signed_in._on_update({"delta": {bench.AUTH: {"checked_rx_state_": False, "signed_in_rx_state_": False}}})
    signed_in._on_update({"delta": {bench.AUTH: {**checked, "signed_in_rx_state_": True}}})
    assert stats.errors == {}
    signed_in._on_update({"delta": {bench.AUTH: checked}})
    assert stats.errors == {"not signed in": 1}
    anonymous = bench.Listener("http://127.0.0.1:9", stats, http=None, cookie=None, albums=[], timeout=1)
    anonymous._on_update({"delta": {bench.AUTH: checked}})
    assert stats.errors == {"not signed in": 1}
