"""Rebuilding the frontend after a plugin with compiled parts is switched: request and progress.

Reflex compiles pages, sidebar and admin-menu entries into the frontend once, at build
time. Under ``make run`` a supervisor (``plugins/supervisor.py``, ``cli run-supervised``)
runs the web server as its child and sets ``SPOTICLONE_SUPERVISED=1`` for it. When an
administrator switches such a plugin (``services/admin/plugins.set_enabled``, audit-logged
there), ``on_switch`` writes a rebuild request into the data folder; the supervisor picks
it up, builds, restarts its child, and writes its progress next to it. The admin page reads
``current`` and shows it. Two small JSON files (one writer each, replaced atomically), so the
web process and the supervisor never write the same file.

Without a supervisor (``cli serve`` workers behind nginx, systemd units) nothing is
requested: the admin page says to run ``make build`` and restart the workers one by one.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from spoticlone.plugins import installed

log = logging.getLogger(__name__)

SUPERVISED_ENV = "SPOTICLONE_SUPERVISED"
REQUEST_FILE = "plugin-rebuild-request.json"
STATUS_FILE = "plugin-rebuild-status.json"
#: The supervisor's steps, in order; ``failed`` may replace any of the last three.
STATES = ("queued", "building", "restarting", "done", "failed")
#: Steps kept in the status file (each request restarts the list).
MAX_STEPS = 10


def supervised() -> bool:
    """Whether this process is the web server of a supervisor that rebuilds on request."""
    return os.environ.get(SUPERVISED_ENV) == "1"


def folder() -> Path:
    from spoticlone.config import get_settings

    return get_settings().data_dir


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Replace ``path`` whole (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_text(json.dumps(data, ensure_ascii=False))
    os.replace(partial, path)


def read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def request(reason: str, *, where: Path | None = None, worker_only: bool = False) -> int:
    """Ask the supervisor for a rebuild; returns the request's id (later requests have larger ids).

    ``worker_only``: nothing to build, only the job worker to restart (a plugin with background
    jobs and no compiled parts). A full rebuild restarts the worker too, so it covers this.
    """
    request_id = time.time_ns()
    write_json((where or folder()) / REQUEST_FILE,
               {"id": request_id, "reason": reason[:300], "requested_at": now_iso(), "worker_only": worker_only})
    log.info("plugin rebuild requested: %s", reason)
    return request_id


def on_switch(name: str, enabled: bool) -> None:
    """``installed.on_change`` listener: request a rebuild when the switch changes compiled parts.

    Routers and subscribers follow a switch live, so a plugin with only those asks for nothing;
    neither does a switch that leaves the plugin as this build already has it. A plugin with
    background jobs and nothing compiled asks only for the job worker's restart (it imports
    the enabled plugins' task modules when it starts), unless a request is already queued.
    """
    item = installed.catalog().get(name)
    if item is None or item.plugin is None or item.builtin or not supervised():
        return
    if not item.plugin.compiled_parts:
        if item.plugin.task_modules and not pending():
            request(f"{name} {'enabled' if enabled else 'disabled'} (background jobs)", worker_only=True)
        return
    if enabled == (name in installed.COMPILED) and not pending():
        return
    request(f"{name} {'enabled' if enabled else 'disabled'}")


def pending(where: Path | None = None) -> bool:
    return current(where)["state"] == "queued"


def current(where: Path | None = None) -> dict[str, Any]:
    """The latest rebuild as the admin page shows it: ``state`` (``idle`` if none), ``reason``,
    ``message`` and ``steps`` (``[state, UTC time]`` pairs)."""
    base = where or folder()
    asked = read_json(base / REQUEST_FILE)
    status = read_json(base / STATUS_FILE)
    if asked and int(asked.get("id", 0)) > int(status.get("request_id", 0)):
        steps = [["queued", str(asked.get("requested_at", ""))]]
        return {"state": "queued", "reason": str(asked.get("reason", "")), "message": "", "steps": steps,
                "supervised": supervised(), "worker_only": bool(asked.get("worker_only"))}
    if not status:
        return {"state": "idle", "reason": "", "message": "", "steps": [], "supervised": supervised(),
                "worker_only": False}
    return {"state": str(status.get("state", "idle")), "reason": str(status.get("reason", "")),
            "message": str(status.get("message", "")), "steps": list(status.get("steps", []))[-MAX_STEPS:],
            "supervised": supervised(), "worker_only": bool(status.get("worker_only"))}


class Progress:
    """The supervisor's writer of ``STATUS_FILE`` for one request."""

    def __init__(self, where: Path, request_id: int, reason: str, requested_at: str,
                 worker_only: bool = False) -> None:
        self.path = where / STATUS_FILE
        self.request_id = request_id
        self.reason = reason
        self.worker_only = worker_only
        self.steps: list[list[str]] = [["queued", requested_at]] if requested_at else []

    def step(self, state: str, message: str = "") -> None:
        if state not in STATES:
            raise ValueError(f"unknown rebuild state {state!r}")
        self.steps.append([state, now_iso()])
        write_json(self.path, {"request_id": self.request_id, "state": state, "reason": self.reason,
                               "message": message[-2000:], "steps": self.steps[-MAX_STEPS:],
                               "worker_only": self.worker_only})
        log.info("plugin rebuild %s: %s%s", self.reason, state, f" ({message})" if message else "")


def next_request(where: Path, handled: Iterable[int] = ()) -> dict[str, Any] | None:
    """The request the supervisor has not answered yet (None when it is up to date)."""
    asked = read_json(where / REQUEST_FILE)
    status = read_json(where / STATUS_FILE)
    request_id = int(asked.get("id", 0) or 0)
    if not request_id or request_id <= int(status.get("request_id", 0) or 0) or request_id in set(handled):
        return None
    return asked
