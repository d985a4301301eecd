"""The ``make run`` supervisor's state machine, driven with tiny fake build and server programs.

The fake build writes ``build/client/index.html`` into ``$REFLEX_WEB_WORKDIR`` (and notes
whether the old server still answered while it built); the fake server serves that file
and ``/ping``; the fake job worker notes its pid and how it was stopped. Real ports, real
processes, no Reflex: a few seconds per test. Which step restarts the job worker is tested
without processes (the steps replaced by notes).
"""

from __future__ import annotations

import os
import socket
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from spoticlone.plugins import installed, rebuild
from spoticlone.plugins.spec import NavEntry, Plugin
from spoticlone.plugins.supervisor import StepFailed, Supervisor

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

WORKER = '''
import os, pathlib, signal, sys, time
data = pathlib.Path(sys.argv[1])
with open(data / "worker-pids", "a") as out:
    out.write(f"{os.getpid()}\\n")

def graceful(signum, frame):
    with open(data / "worker-stops", "a") as out:
        out.write(f"{os.getpid()} {signal.Signals(signum).name}\\n")
    sys.exit(0)

signal.signal(signal.SIGINT, graceful)
while True:
    time.sleep(0.1)
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
    (root / "worker.py").write_text(WORKER)
    port = _port()
    url = f"http://127.0.0.1:{port}"
    supervisor = Supervisor(root=root, data_dir=data, build=[sys.executable, "build.py", str(data), url + "/ping"],
                            serve=[sys.executable, "serve.py", str(port)], ping_url=url + "/ping",
                            poll_s=0.1, ready_timeout_s=20, server_log=data / "server.log",
                            worker=[sys.executable, "worker.py", str(data)], worker_stop_timeout_s=10)
    supervisor.url = url  # type: ignore[attr-defined]
    try:
        yield supervisor
    finally:
        supervisor._stop_child()
        supervisor._stop_worker()


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


def _lines(path: Path, count: int) -> list[str]:
    """The lines of ``path`` once there are ``count`` (a started process writes its own line)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        lines = path.read_text().splitlines() if path.exists() else []
        if len(lines) >= count:
            return lines
        time.sleep(0.05)
    return path.read_text().splitlines() if path.exists() else []


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_job_worker_is_started_with_the_server_and_restarted_after_a_swap(machine):
    machine.start()
    first = machine.worker_process.pid
    assert _lines(machine.data_dir / "worker-pids", 1) == [str(first)]
    rebuild.request("board enabled", where=machine.data_dir)
    machine.tick()
    assert rebuild.current(machine.data_dir)["state"] == "done"
    second = machine.worker_process.pid
    assert second != first and _lines(machine.data_dir / "worker-pids", 2) == [str(first), str(second)]
    # Stopped the graceful way (huey finishes the jobs under way on SIGINT), and really gone.
    assert _lines(machine.data_dir / "worker-stops", 1) == [f"{first} SIGINT"]
    assert _gone(first)
    machine._stop_worker()
    assert machine.worker_process is None and _gone(second)


@pytest.mark.parametrize(("failure", "restarted"), [(None, True), ("build", False), ("start", False)])
def test_only_a_successful_swap_restarts_the_job_worker(tmp_path, monkeypatch, failure, restarted):
    """The decision alone: each step of ``handle`` replaced by a note, no process started."""
    supervisor = Supervisor(root=tmp_path, data_dir=tmp_path, build=["build"], serve=["serve"],
                            ping_url="http://127.0.0.1:1/ping", worker=["worker"], say=lambda _text: None)
    done: list[str] = []
    starts = iter([failure == "start", False])  # a broken new build; the previous one starts again

    def build(_web):
        done.append("build")
        if failure == "build":
            raise StepFailed("the build failed")

    def start():
        done.append("start server")
        if next(starts):
            raise StepFailed("the server did not answer")

    monkeypatch.setattr(supervisor, "_stage", lambda: tmp_path / ".web-next")
    monkeypatch.setattr(supervisor, "_run_build", build)
    monkeypatch.setattr(supervisor, "_stop_child", lambda: done.append("stop server"))
    monkeypatch.setattr(supervisor, "_swap", lambda _new: done.append("swap"))
    monkeypatch.setattr(supervisor, "_put_back", lambda: done.append("put back"))
    monkeypatch.setattr(supervisor, "_start_child", start)
    monkeypatch.setattr(supervisor, "_start_worker", lambda: done.append("restart worker"))
    state = supervisor.handle({"id": 1, "reason": "board enabled", "requested_at": "2026-01-01T00:00:00Z"})
    assert state == ("done" if restarted else "failed")
    assert ("restart worker" in done) is restarted
    if restarted:  # after the new server answers, so the site is not down any longer for it
        assert done[-2:] == ["start server", "restart worker"]


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
    jobs_only = Plugin(name="scrobbler", version="1", requires_core=">=0", capabilities=frozenset({"jobs"}),
                       task_modules=("scrobbler.tasks",))
    catalog = {p.name: installed.Installed(p.name, "d", p, []) for p in (with_pages, api_only, jobs_only)}
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


def test_a_plugin_with_only_background_jobs_asks_for_the_job_worker_alone(board, monkeypatch):
    monkeypatch.setenv(rebuild.SUPERVISED_ENV, "1")
    rebuild.on_switch("scrobbler", True)
    queued = rebuild.current(board)
    assert queued["state"] == "queued" and queued["worker_only"]
    assert queued["reason"] == "scrobbler enabled (background jobs)"
    rebuild.on_switch("board", True)  # a full rebuild replaces it: it restarts the worker too
    assert not rebuild.current(board)["worker_only"]
    rebuild.on_switch("scrobbler", False)  # never downgrades the queued full rebuild
    assert rebuild.current(board)["reason"] == "board enabled"


def test_a_worker_only_request_restarts_the_worker_and_builds_nothing(tmp_path, monkeypatch):
    supervisor = Supervisor(root=tmp_path, data_dir=tmp_path, build=["build"], serve=["serve"],
                            ping_url="http://127.0.0.1:1/ping", worker=["worker"], say=lambda _text: None)
    done: list[str] = []
    for step in ("_stage", "_run_build", "_stop_child", "_swap", "_start_child"):
        monkeypatch.setattr(supervisor, step, lambda *_args, step=step: done.append(step))
    monkeypatch.setattr(supervisor, "_start_worker", lambda: done.append("restart worker"))
    rebuild.request("scrobbler enabled (background jobs)", where=tmp_path, worker_only=True)
    assert supervisor.handle(rebuild.next_request(tmp_path)) == "done"
    assert done == ["restart worker"]
    status = rebuild.current(tmp_path)
    assert status["state"] == "done" and status["worker_only"]
    assert [step for step, _at in status["steps"]] == ["queued", "restarting", "done"]
