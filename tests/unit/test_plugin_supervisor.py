"""The ``make run`` supervisor's state machine, driven with tiny fake build and server programs.

The fake build writes ``build/client/index.html`` into ``$REFLEX_WEB_WORKDIR`` (and notes
whether the old server still answered while it built); the fake server serves that file
and ``/ping``. Real ports, real processes, no Reflex: a few seconds per test.
"""

from __future__ import annotations

import socket
import sys
import urllib.request

import pytest

from spoticlone.plugins import installed, rebuild
from spoticlone.plugins.spec import NavEntry, Plugin
from spoticlone.plugins.supervisor import Supervisor

BUILD = '''
import os, pathlib, sys, urllib.request
web = pathlib.Path(os.environ["REFLEX_WEB_WORKDIR"])
data = pathlib.Path(sys.argv[1])
if (data / "fail-build").exists():
    print("compiling /p/board: NameError: name 'rx' is not defined")
    sys.exit(3)
counter = data / "builds"
number = int(counter.read_text()) + 1 if counter.exists() else 1
counter.write_text(str(number))
try:
    urllib.request.urlopen(sys.argv[2], timeout=2)
    served = "yes"
except OSError:
    served = "no"
out = web / "build" / "client"
out.mkdir(parents=True, exist_ok=True)
broken = (data / "break-next-start").exists() and number > 1
(out / "index.html").write_text(f"build {number}; old server answered during build: {served}"
                                + ("; broken" if broken else ""))
'''

SERVE = '''
import http.server, os, pathlib, sys
index = pathlib.Path(os.environ["REFLEX_WEB_WORKDIR"]) / "build" / "client" / "index.html"
if "broken" in index.read_text():
    sys.exit("the new build does not start")
assert os.environ["SPOTICLONE_SUPERVISED"] == "1"

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"pong" if self.path == "/ping" else index.read_bytes()
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
'''


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def machine(tmp_path):
    root, data = tmp_path / "app", tmp_path / "data"
    root.mkdir()
    data.mkdir()
    (root / "build.py").write_text(BUILD)
    (root / "serve.py").write_text(SERVE)
    port = _port()
    url = f"http://127.0.0.1:{port}"
    supervisor = Supervisor(root=root, data_dir=data, build=[sys.executable, "build.py", str(data), url + "/ping"],
                            serve=[sys.executable, "serve.py", str(port)], ping_url=url + "/ping",
                            poll_s=0.1, ready_timeout_s=20, server_log=data / "server.log")
    supervisor.url = url  # type: ignore[attr-defined]
    try:
        yield supervisor
    finally:
        supervisor._stop_child()


def _served(url: str) -> str:
    with urllib.request.urlopen(url + "/", timeout=5) as answer:
        return answer.read().decode()


def test_a_request_is_built_beside_the_running_server_then_swapped_in(machine):
    machine.start()
    assert _served(machine.url).startswith("build 1")
    first = machine.child.pid
    assert rebuild.current(machine.data_dir)["state"] == "idle"
    rebuild.request("board enabled", where=machine.data_dir)
    assert rebuild.current(machine.data_dir)["state"] == "queued"
    assert machine.tick()
    status = rebuild.current(machine.data_dir)
    assert status["state"] == "done" and status["reason"] == "board enabled"
    assert [state for state, _at in status["steps"]] == ["queued", "building", "restarting", "done"]
    assert all(at.endswith("Z") for _state, at in status["steps"])
    assert _served(machine.url) == "build 2; old server answered during build: yes"
    assert machine.child.pid != first
    assert (machine.root / ".web-previous" / "build" / "client" / "index.html").read_text().startswith("build 1")
    assert machine.tick() and rebuild.current(machine.data_dir)["state"] == "done"  # nothing new: no build
    assert (machine.data_dir / "builds").read_text() == "2"


def test_a_failed_build_keeps_the_old_server_and_says_why(machine):
    machine.start()
    first = machine.child.pid
    (machine.data_dir / "fail-build").touch()
    rebuild.request("board enabled", where=machine.data_dir)
    machine.tick()
    status = rebuild.current(machine.data_dir)
    assert status["state"] == "failed"
    assert "NameError" in status["message"] and "still serves the previous build" in status["message"]
    assert machine.child.pid == first and _served(machine.url).startswith("build 1")


def test_a_build_that_does_not_start_is_replaced_by_the_previous_one(machine):
    machine.start()
    (machine.data_dir / "break-next-start").touch()
    rebuild.request("board disabled", where=machine.data_dir)
    machine.tick()
    status = rebuild.current(machine.data_dir)
    assert [state for state, _at in status["steps"]][-2:] == ["restarting", "failed"]
    assert "previous build was put back" in status["message"]
    assert _served(machine.url).startswith("build 1")


def test_a_request_made_while_building_is_answered_by_another_build(machine):
    machine.start()
    first = rebuild.request("board enabled", where=machine.data_dir)
    second = rebuild.request("board disabled", where=machine.data_dir)
    assert second > first
    machine.tick()
    assert rebuild.current(machine.data_dir)["reason"] == "board disabled"
    assert rebuild.next_request(machine.data_dir) is None


@pytest.fixture
def board(monkeypatch, tmp_path):
    monkeypatch.setenv("SPOTICLONE_DATA_DIR", str(tmp_path / "data"))
    from spoticlone.config import get_settings

    get_settings.cache_clear()
    with_pages = Plugin(name="board", version="1", requires_core=">=0", capabilities=frozenset({"sidebar"}),
                        sidebar=(NavEntry("Board", "/p/board"),))
    api_only = Plugin(name="hooks", version="1", requires_core=">=0")
    catalog = {p.name: installed.Installed(p.name, "d", p, []) for p in (with_pages, api_only)}
    monkeypatch.setattr(installed, "catalog", lambda refresh=False: catalog)
    yield tmp_path / "data"
    get_settings.cache_clear()


def test_only_a_switch_of_compiled_parts_under_a_supervisor_asks_for_a_rebuild(board, monkeypatch):
    rebuild.on_switch("board", True)
    assert rebuild.current(board)["state"] == "idle"  # `cli serve` workers: nobody to ask
    monkeypatch.setenv(rebuild.SUPERVISED_ENV, "1")
    rebuild.on_switch("hooks", True)  # routes and subscribers follow live
    assert rebuild.current(board)["state"] == "idle"
    rebuild.on_switch("board", False)  # already as this build has it
    assert rebuild.current(board)["state"] == "idle"
    rebuild.on_switch("board", True)
    queued = rebuild.current(board)
    assert queued["state"] == "queued" and queued["reason"] == "board enabled" and queued["supervised"]
