"""The ``make run`` supervisor: serves the app as a child process and rebuilds it on request.

One loop, one state machine per request (``rebuild.STATES``)::

    queued ─▶ building ─▶ restarting ─▶ done
                 │             │
                 ▼             ▼
               failed        failed (the previous build is put back and served again)

* **building**: the frontend is built into a second web folder (``.web-next``, a copy of
  ``.web`` whose ``node_modules`` are hard links), so the running server, which reads
  ``.web/build`` on every request, keeps serving the old build untouched. A failed build
  changes nothing that is served; the reason (the end of the build's output) is kept.
* **restarting**: the child is stopped, the folders are swapped (``.web`` ⇄ ``.web-next``,
  the old one kept as ``.web-previous``), and a child is started on the new build. The
  site is down only for this step: the old server's shutdown plus the new one's start,
  which compiles the pages in Python but builds nothing (42 s measured on a busy two-core
  machine, while the build before it took 53 s with the site up). A child that does not answer ``/ping`` in time is
  stopped, the previous build is put back and served again, and the request is ``failed``.
* **done**: the job worker (``worker``, started with the supervisor) is restarted too,
  since it imports the task modules of the enabled plugins only when it starts: without
  this, a newly enabled plugin's background jobs waited for the next ``make run``. It is
  stopped gracefully (huey finishes the jobs under way, within ``WORKER_STOP_TIMEOUT_S``)
  after the new server answers, so the site is not down any longer for it.

The commands are parameters, so the tests drive this machine with tiny fake programs.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spoticlone.plugins import rebuild

log = logging.getLogger(__name__)

WEB = ".web"
STAGING = ".web-next"
PREVIOUS = ".web-previous"
#: Seconds a build or a starting server may take before it counts as failed.
BUILD_TIMEOUT_S = 900
READY_TIMEOUT_S = 180
STOP_TIMEOUT_S = 20
#: A graceful stop of the job worker waits this long for the jobs under way before killing it.
WORKER_STOP_TIMEOUT_S = 60


class StepFailed(Exception):
    """A build or a start failed; ``str()`` is the reason shown to the administrator."""


@dataclass
class Supervisor:
    """``build`` runs once per build in ``root`` with ``REFLEX_WEB_WORKDIR`` set to the folder
    to build into; ``serve`` is the long-running server, ready when ``ping_url`` answers 200;
    ``worker`` (optional) is the job worker, run beside it and restarted after each successful swap."""

    root: Path
    data_dir: Path
    build: Sequence[str]
    serve: Sequence[str]
    ping_url: str
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    poll_s: float = 1.0
    ready_timeout_s: float = READY_TIMEOUT_S
    build_timeout_s: float = BUILD_TIMEOUT_S
    say: Callable[[str], None] = log.info
    server_log: Path | None = None
    worker: Sequence[str] | None = None
    worker_stop_timeout_s: float = WORKER_STOP_TIMEOUT_S
    child: subprocess.Popen | None = None
    worker_process: subprocess.Popen | None = None
    _stopping: bool = False

    @property
    def build_log(self) -> Path:
        return self.data_dir / "plugin-rebuild.log"

    @property
    def web(self) -> Path:
        return self.root / WEB

    def _env(self, web_dir: Path) -> dict[str, str]:
        return {**self.env, rebuild.SUPERVISED_ENV: "1", "REFLEX_WEB_WORKDIR": str(web_dir)}

    def _run_build(self, web_dir: Path) -> None:
        log_path = self.build_log
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "wb") as out:
            try:
                done = subprocess.run(list(self.build), cwd=self.root, env=self._env(web_dir), stdout=out,
                                      stderr=subprocess.STDOUT, timeout=self.build_timeout_s, check=False)
            except subprocess.TimeoutExpired:
                raise StepFailed(f"the build took longer than {self.build_timeout_s:.0f} s") from None
        if done.returncode != 0:
            tail = log_path.read_text(errors="replace").strip().splitlines()[-12:]
            raise StepFailed(f"the build failed (exit {done.returncode}): " + "\n".join(tail))

    def _spawn(self, command: Sequence[str], env: dict[str, str]) -> subprocess.Popen:
        # The output goes where the supervisor's goes (the terminal of `make run`), unless
        # ``server_log`` names a file. Its own session: Ctrl+C reaches it through us.
        out = open(self.server_log, "ab") if self.server_log else None
        try:
            return subprocess.Popen(list(command), cwd=self.root, env=env, stdout=out,
                                    stderr=subprocess.STDOUT if out else None, start_new_session=True)
        finally:
            if out:
                out.close()

    def _start_child(self) -> None:
        self.child = self._spawn(self.serve, self._env(self.web))
        deadline = time.monotonic() + self.ready_timeout_s
        while time.monotonic() < deadline:
            if self.child.poll() is not None:
                raise StepFailed(f"the server exited at start (exit {self.child.returncode}); its output "
                                 "says why")
            try:
                with urllib.request.urlopen(self.ping_url, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(min(self.poll_s, 0.5))
        self._stop_child()
        raise StepFailed(f"the server did not answer {self.ping_url} within {self.ready_timeout_s:.0f} s")

    def _stop_child(self) -> None:
        child, self.child = self.child, None
        _stop(child, signal.SIGTERM, STOP_TIMEOUT_S)

    def _start_worker(self) -> None:
        """Start the job worker (stopping the one running first); it reads the enabled plugins now."""
        if not self.worker:
            return
        self._stop_worker()
        try:
            self.worker_process = self._spawn(self.worker, dict(self.env))
        except OSError as exc:
            self.say(f"The job worker could not start: {exc}")

    def _stop_worker(self) -> None:
        # SIGINT is huey's graceful stop: the jobs under way finish (SIGTERM would interrupt them).
        process, self.worker_process = self.worker_process, None
        _stop(process, signal.SIGINT, self.worker_stop_timeout_s)

    def _stage(self) -> Path:
        """A copy of ``.web`` to build into, sharing ``node_modules`` by hard links (fast, no install)."""
        staging = self.root / STAGING
        shutil.rmtree(staging, ignore_errors=True)
        if self.web.exists():
            shutil.copytree(self.web, staging, symlinks=True,
                            ignore=lambda folder, names: {"node_modules"} & set(names) if folder == str(self.web)
                            else set())
            modules = self.web / "node_modules"
            if modules.exists():
                subprocess.run(["cp", "-al", str(modules), str(staging / "node_modules")], check=True)
        return staging

    def _swap(self, new: Path) -> None:
        previous = self.root / PREVIOUS
        shutil.rmtree(previous, ignore_errors=True)
        if self.web.exists():
            self.web.rename(previous)
        new.rename(self.web)

    def _put_back(self) -> None:
        previous = self.root / PREVIOUS
        if previous.exists():
            shutil.rmtree(self.root / STAGING, ignore_errors=True)
            self.web.rename(self.root / STAGING)
            previous.rename(self.web)

    def start(self) -> None:
        """Build into ``.web`` and start serving it (what ``make run`` did with ``reflex run``)."""
        self._start_worker()  # at once, as `make run` always did: queued jobs need no frontend
        self.say(f"Building the app (about a minute; its output goes to {self.build_log})...")
        self._run_build(self.web)
        self._start_child()
        site = self.ping_url.removesuffix("/ping")
        self.say(f"App running at {site}/ (a plugin switched on /admin/plugins rebuilds and restarts this "
                 "server and the job worker by itself).")

    def handle(self, asked: dict) -> str:
        """Answer one rebuild request; returns its final state (``done`` or ``failed``)."""
        progress = rebuild.Progress(self.data_dir, int(asked["id"]), str(asked.get("reason", "")),
                                    str(asked.get("requested_at", "")), worker_only=bool(asked.get("worker_only")))
        if progress.worker_only:
            return self._restart_worker_only(progress)
        progress.step("building")
        self.say(f"Rebuilding for a plugin switch ({progress.reason}): building while the site keeps serving...")
        try:
            self._run_build(self._stage())
        except (StepFailed, OSError, subprocess.SubprocessError) as exc:
            progress.step("failed", f"{exc} The site still serves the previous build.")
            self.say(f"Rebuild failed; still serving the previous build: {exc}")
            return "failed"
        progress.step("restarting")
        self.say("Build ready: restarting the server on it...")
        self._stop_child()
        self._swap(self.root / STAGING)
        try:
            self._start_child()
        except StepFailed as exc:
            self._put_back()
            try:
                self._start_child()
            except StepFailed as again:
                progress.step("failed", f"{exc} Putting the previous build back failed too: {again}")
                raise
            progress.step("failed", f"{exc} The previous build was put back and is served again.")
            self.say(f"The new build did not start; serving the previous one again: {exc}")
            return "failed"
        progress.step("done")
        self.say("Rebuilt and restarted: reload the page to see the change.")
        if self.worker:
            self.say("Restarting the job worker for the plugins now enabled...")
            self._start_worker()
        return "done"

    def _restart_worker_only(self, progress: rebuild.Progress) -> str:
        """A plugin with background jobs and no pages: no build, the site stays up, the job
        worker restarts (gracefully) to import the task modules of the plugins now enabled."""
        progress.step("restarting", "Restarting the job worker only; the site keeps serving.")
        if self.worker:
            self.say(f"Restarting the job worker for a plugin switch ({progress.reason})...")
            self._start_worker()
        progress.step("done", "The job worker was restarted; nothing needed rebuilding.")
        return "done"

    def tick(self) -> bool:
        """One turn of the loop; False once the server exited on its own (the supervisor stops too)."""
        if self.child is not None and self.child.poll() is not None:
            self.say(f"The server exited (status {self.child.returncode}); stopping.")
            return False
        asked = rebuild.next_request(self.data_dir)
        if asked is not None:
            self.handle(asked)
        return True

    def run_forever(self) -> int:
        def stop(signum, frame):
            self._stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            self.start()
            # Requests made before this start are already in this build.
            asked = rebuild.next_request(self.data_dir)
            if asked is not None:
                rebuild.Progress(self.data_dir, int(asked["id"]), str(asked.get("reason", "")),
                                 str(asked.get("requested_at", ""))).step("done", "built at server start")
            while not self._stopping and self.tick():
                time.sleep(self.poll_s)
        except StepFailed as exc:
            self.say(f"Cannot serve: {exc}")
            return 1
        finally:
            self._stop_child()
            self._stop_worker()
        return 0 if self._stopping else 1


def _stop(process: subprocess.Popen | None, signum: int, timeout_s: float) -> None:
    """Stop ``process`` and its session with ``signum``, killing it if it outlives ``timeout_s``."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signum)
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT_S)
