"""``run-supervised``: what ``make run`` starts; the server as a child, rebuilt when a plugin is switched.

Pages, sidebar and admin-menu entries are compiled into the frontend, so switching a plugin
that has any takes a new build. The supervisor (``plugins/supervisor.py``) builds the app,
serves it with ``run-supervised --child`` (the backend on the built frontend, one process,
like ``reflex run --env prod --single-port`` without its build), runs the job worker beside
it, and rebuilds and restarts both when the admin page asks (``plugins/rebuild.py``),
writing progress the page shows.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spoticlone.cli.deploy import serve_built_app
from spoticlone.cli.output import note

ROOT = Path(__file__).resolve().parents[2]


def add_supervise_command(commands) -> None:
    run = commands.add_parser(
        "run-supervised",
        help="build and serve the app on one port, rebuilding it when a plugin is switched (make run)",
        description="Build the frontend, serve the app on SPOTICLONE_PORT (one production process, "
        "pages, websocket and API on one port), and watch for rebuild requests: when an administrator "
        "switches a plugin with pages, sidebar or admin-menu entries on /admin/plugins, the app is "
        "built again into .web-next while the old build keeps serving, then the server restarts on "
        "the new build (down while it starts, under a minute) and the job worker restarts. Progress shows on "
        "/admin/plugins. Ctrl+C stops the server and the worker.",
        epilog="Exit status: 0 after Ctrl+C, 1 when the first build or start failed or the server "
        "exited on its own.",
    )
    run.add_argument("--child", action="store_true", help=argparse.SUPPRESS)


def cmd_run_supervised(args: argparse.Namespace) -> int:
    from spoticlone.config import get_settings
    from spoticlone.plugins.supervisor import Supervisor

    settings = get_settings()
    if args.child:
        return serve_built_app(settings.host, settings.port)
    venv_bin = Path(sys.executable).parent
    supervisor = Supervisor(
        root=ROOT,
        data_dir=settings.data_dir,
        build=[str(venv_bin / "reflex"), "export", "--frontend-only", "--no-zip", "--env", "prod"],
        serve=[sys.executable, "-m", "spoticlone.cli", "run-supervised", "--child"],
        worker=[sys.executable, "-m", "spoticlone.cli", "worker"],
        ping_url=f"http://127.0.0.1:{settings.port}/ping",
        say=note,
    )
    return supervisor.run_forever()
